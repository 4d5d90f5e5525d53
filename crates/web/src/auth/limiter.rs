//! How password guessing is slowed down: a count of failed logins per client
//! address, per account and address, and per account from everywhere, kept in
//! memory; and a bound on how many passwords are hashed at once.
//!
//! (Over 500 lines because half of it is the tests of each rule, kept next
//! to the rules they pin down.)
//!
//! The rules, and why:
//!
//! - **Per address**: [`MAX_FAILURES_PER_ADDRESS`] failures within
//!   [`LOGIN_WINDOW`] and that address may not try again, for any account,
//!   until the oldest failure leaves the window. (An office behind one address
//!   shares this allowance.)
//! - **Per account and address**: [`MAX_FAILURES_PER_ACCOUNT`] failures for
//!   one account from one address within the window, and that address may not
//!   try that account again until the oldest leaves the window.
//! - **Per account, from everywhere**: never a hard lock. Once an account has
//!   [`MAX_FAILURES_PER_ACCOUNT`] failures from all addresses together, an
//!   address that has itself failed on the account must wait a delay that
//!   doubles with each further failure (15 s, 30 s, … at most
//!   [`MAX_BACKOFF`]) after its own last failure. An address that has not
//!   failed on the account is not slowed at all. So strangers guessing from
//!   many addresses cannot lock the owner out: from a fresh address the owner
//!   gets in at once, and after a typo waits at most five minutes; the
//!   strangers each get one free guess and then the slow lane.
//!
//! Every attempt is counted *before* its password is hashed (a reservation),
//! and given back only when it succeeds, so a burst of simultaneous guesses
//! is counted as it arrives rather than after the slow hash. Hashing itself
//! is bounded by [`HashGate`]: at most one Argon2 computation per core at a
//! time (each takes 19 MiB), and a request that cannot get a turn within
//! [`HASH_QUEUE_WAIT`] is refused at once with 503.
//!
//! Counts are per instance: behind a load balancer with N instances an
//! attacker gets at most N times the allowance.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Failed logins allowed per account from one address within [`LOGIN_WINDOW`];
/// also the count from all addresses after which the slow lane starts.
pub const MAX_FAILURES_PER_ACCOUNT: usize = 5;
/// Failed logins allowed per address within [`LOGIN_WINDOW`], for any accounts.
pub const MAX_FAILURES_PER_ADDRESS: usize = 20;
/// The window failures are counted in.
pub const LOGIN_WINDOW: Duration = Duration::from_secs(15 * 60);
/// The first delay of the slow lane; it doubles with each further failure.
pub const FIRST_BACKOFF: Duration = Duration::from_secs(15);
/// The longest delay of the slow lane.
pub const MAX_BACKOFF: Duration = Duration::from_secs(5 * 60);
/// At most this many accounts and addresses are tracked; beyond it the
/// entries with nothing left in the window go, and then the oldest.
const MAX_TRACKED: usize = 10_000;
/// From this many failures on one account within the window, addresses that
/// have not failed on it share a pace too.
pub const UNDER_ATTACK: usize = 20;
/// The shared pace, on an account under attack, of attempts from addresses
/// that have not failed on it: 4 a minute, 60 a window.
pub const FRESH_PACE: Duration = Duration::from_secs(15);
/// What a client that cannot be tracked (the table is full of live
/// failures) is told to wait.
const FULL_WAIT: Duration = Duration::from_secs(60);
/// How long a login may wait for a turn to hash before it gets 503.
pub const HASH_QUEUE_WAIT: Duration = Duration::from_secs(2);

#[derive(Debug, Default)]
struct Account {
    /// Failures from every address.
    all: VecDeque<Instant>,
    /// Failures per address.
    by_address: HashMap<IpAddr, VecDeque<Instant>>,
}

#[derive(Debug, Default)]
struct Tracked {
    by_address: HashMap<IpAddr, VecDeque<Instant>>,
    by_account: HashMap<String, Account>,
}

fn prune(times: &mut VecDeque<Instant>, now: Instant) {
    while times
        .front()
        .is_some_and(|t| now.duration_since(*t) >= LOGIN_WINDOW)
    {
        times.pop_front();
    }
}

/// How long until the oldest of `times` leaves the window.
fn until_oldest_leaves(times: &VecDeque<Instant>, now: Instant) -> Duration {
    times.front().map_or(Duration::ZERO, |t| {
        LOGIN_WINDOW.saturating_sub(now.duration_since(*t))
    })
}

/// The slow lane's delay after `failures` failures on an account from all addresses.
pub fn backoff(failures: usize) -> Duration {
    if failures < MAX_FAILURES_PER_ACCOUNT {
        return Duration::ZERO;
    }
    let doublings = u32::try_from(failures - MAX_FAILURES_PER_ACCOUNT)
        .unwrap_or(u32::MAX)
        .min(16);
    FIRST_BACKOFF.saturating_mul(1 << doublings).min(MAX_BACKOFF)
}

fn remove_one(times: &mut VecDeque<Instant>, at: Instant) {
    if let Some(i) = times.iter().rposition(|t| *t == at) {
        times.remove(i);
    }
}

/// A login attempt counted as a failure until [`LoginLimiter::succeeded`] or
/// [`LoginLimiter::cancel`] says otherwise.
#[derive(Debug)]
pub struct Attempt {
    account: String,
    address: IpAddr,
    at: Instant,
}

/// Failed logins per address, per account and address, and per account.
#[derive(Debug, Default)]
pub struct LoginLimiter {
    tracked: Mutex<Tracked>,
}

impl LoginLimiter {
    /// Counts an attempt for `account` from `address` before its password is
    /// checked, or says how long to wait if the rules above refuse it now.
    pub fn reserve(&self, account: &str, address: IpAddr) -> Result<Attempt, Duration> {
        self.reserve_at(account, address, Instant::now())
    }

    /// The address as the limits count it: an IPv4 address, or the /64 an
    /// IPv6 address is in (one host is usually given a whole /64, so
    /// counting single IPv6 addresses would give it endless fresh ones).
    /// The account name is cut to the longest a user name can be, so that
    /// long names cannot fill memory.
    fn keys(account: &str, address: IpAddr) -> (String, IpAddr) {
        let address = match crate::http::net::canonical(address) {
            IpAddr::V6(v6) => IpAddr::V6(std::net::Ipv6Addr::from(u128::from(v6) & !((1u128 << 64) - 1))),
            v4 => v4,
        };
        (account.chars().take(64).collect(), address)
    }

    fn reserve_at(&self, account: &str, address: IpAddr, now: Instant) -> Result<Attempt, Duration> {
        let (account, address) = Self::keys(account, address);
        let mut tracked = self.tracked.lock().unwrap_or_else(|e| e.into_inner());
        let mut wait = Duration::ZERO;
        if let Some(times) = tracked.by_address.get_mut(&address) {
            prune(times, now);
            if times.len() >= MAX_FAILURES_PER_ADDRESS {
                wait = wait.max(until_oldest_leaves(times, now));
            }
        }
        if let Some(acc) = tracked.by_account.get_mut(&account) {
            prune(&mut acc.all, now);
            let all = acc.all.len();
            if let Some(mine) = acc.by_address.get_mut(&address) {
                prune(mine, now);
            }
            let mine = acc.by_address.get(&address).filter(|mine| !mine.is_empty());
            match mine {
                Some(mine) => {
                    if mine.len() >= MAX_FAILURES_PER_ACCOUNT {
                        wait = wait.max(until_oldest_leaves(mine, now));
                    }
                    if let Some(last) = mine.back() {
                        wait = wait.max(backoff(all).saturating_sub(now.duration_since(*last)));
                    }
                }
                None if all >= UNDER_ATTACK => {
                    // Many addresses, one guess each: together they keep a
                    // pace of one attempt per FRESH_PACE, which bounds a
                    // botnet and costs the owner seconds, never a lock.
                    if let Some(last) = acc.all.back() {
                        wait = wait.max(FRESH_PACE.saturating_sub(now.duration_since(*last)));
                    }
                }
                None => {}
            }
        }
        if !wait.is_zero() {
            return Err(wait);
        }
        let new_entries = usize::from(!tracked.by_address.contains_key(&address))
            + usize::from(!tracked.by_account.contains_key(&account));
        if new_entries > 0 && tracked.by_address.len() + tracked.by_account.len() + new_entries > MAX_TRACKED
        {
            tracked
                .by_address
                .retain(|_, t| t.back().is_some_and(|t| now.duration_since(*t) < LOGIN_WINDOW));
            tracked.by_account.retain(|_, a| {
                a.all
                    .back()
                    .is_some_and(|t| now.duration_since(*t) < LOGIN_WINDOW)
            });
            if tracked.by_address.len() + tracked.by_account.len() + new_entries > MAX_TRACKED {
                // The table is full of live failures (a flood of distinct
                // names and addresses). Forgetting them would lift every
                // limit; instead, whoever is not yet tracked waits.
                return Err(FULL_WAIT);
            }
        }
        tracked.by_address.entry(address).or_default().push_back(now);
        let acc = tracked.by_account.entry(account.clone()).or_default();
        acc.all.push_back(now);
        acc.by_address.entry(address).or_default().push_back(now);
        Ok(Attempt {
            account,
            address,
            at: now,
        })
    }

    /// The password was right: the attempt is not a failure, and the
    /// account's failures from this address are forgotten.
    pub fn succeeded(&self, attempt: Attempt) {
        self.give_back(&attempt, true);
    }

    /// The password was never checked (no capacity to hash it): the attempt
    /// does not count.
    pub fn cancel(&self, attempt: Attempt) {
        self.give_back(&attempt, false);
    }

    fn give_back(&self, attempt: &Attempt, forget_account_here: bool) {
        let mut tracked = self.tracked.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(times) = tracked.by_address.get_mut(&attempt.address) {
            remove_one(times, attempt.at);
        }
        if let Some(acc) = tracked.by_account.get_mut(&attempt.account) {
            remove_one(&mut acc.all, attempt.at);
            if forget_account_here {
                acc.by_address.remove(&attempt.address);
            } else if let Some(mine) = acc.by_address.get_mut(&attempt.address) {
                remove_one(mine, attempt.at);
            }
        }
    }
}

type Job = Box<dyn FnOnce() + Send>;

/// At most one password hash per core at a time, on a few long-lived
/// threads. (On tokio's blocking pool each hash could land on a new thread,
/// and the memory allocator keeps an arena of Argon2's 19 MiB per thread it
/// has seen: a burst of logins left the process hundreds of megabytes larger.)
#[derive(Clone)]
pub struct HashGate {
    permits: Arc<Semaphore>,
    wait: Duration,
    jobs: std::sync::mpsc::Sender<Job>,
}

impl std::fmt::Debug for HashGate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HashGate")
            .field("free", &self.permits.available_permits())
            .field("wait", &self.wait)
            .finish()
    }
}

impl Default for HashGate {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        HashGate::new(cores, HASH_QUEUE_WAIT)
    }
}

impl HashGate {
    /// A gate for `concurrent` hashes at once, on as many threads, where a
    /// caller waits at most `wait` for a turn. The threads end when the last
    /// clone of the gate is dropped.
    pub fn new(concurrent: usize, wait: Duration) -> HashGate {
        let concurrent = concurrent.max(1);
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        let queue = Arc::new(std::sync::Mutex::new(queue));
        for n in 0..concurrent {
            let queue = queue.clone();
            let started = std::thread::Builder::new()
                .name(format!("password-hash-{n}"))
                .spawn(move || {
                    loop {
                        let job = match queue.lock() {
                            Ok(q) => q.recv(),
                            Err(_) => return,
                        };
                        let Ok(job) = job else { return };
                        // A panicking job must not take the thread with it.
                        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                    }
                });
            if let Err(e) = started {
                tracing::error!(error = %e, "could not start a password hashing thread");
            }
        }
        HashGate {
            permits: Arc::new(Semaphore::new(concurrent)),
            wait,
            jobs,
        }
    }

    /// A turn to hash, or `None` when none came free in time.
    pub async fn turn(&self) -> Option<OwnedSemaphorePermit> {
        tokio::time::timeout(self.wait, self.permits.clone().acquire_owned())
            .await
            .ok()?
            .ok()
    }

    /// Runs `work` (a password hash) on a hashing thread when a turn comes
    /// free; `None` when none did in time.
    pub async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
        let permit = self.turn().await?;
        let (done, result) = tokio::sync::oneshot::channel();
        self.jobs
            .send(Box::new(move || {
                let out = work();
                drop(permit);
                let _ = done.send(out);
            }))
            .ok()?;
        result.await.ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn an_address_gets_five_tries_per_account_then_waits_out_the_window() {
        let limiter = LoginLimiter::default();
        let now = Instant::now();
        for i in 0..MAX_FAILURES_PER_ACCOUNT as u64 {
            // Spaced beyond the slow lane so that only the count matters.
            assert!(
                limiter
                    .reserve_at("anna", ip("192.0.2.1"), now + Duration::from_secs(i))
                    .is_ok()
            );
        }
        let wait = limiter
            .reserve_at("anna", ip("192.0.2.1"), now + Duration::from_secs(10))
            .unwrap_err();
        assert!(
            wait > Duration::from_secs(14 * 60) && wait <= LOGIN_WINDOW,
            "{wait:?}"
        );
        assert!(
            limiter
                .reserve_at(
                    "anna",
                    ip("192.0.2.1"),
                    now + LOGIN_WINDOW + Duration::from_secs(5)
                )
                .is_ok(),
            "the window slides"
        );
    }

    #[test]
    fn strangers_cannot_lock_the_owner_out_from_another_address() {
        let limiter = LoginLimiter::default();
        let now = Instant::now();
        // A few strangers, one guess each: none slows the owner.
        for i in 0..10u8 {
            assert!(
                limiter
                    .reserve_at("anna", IpAddr::from([198, 51, 100, i]), now)
                    .is_ok()
            );
        }
        let attempt = limiter
            .reserve_at("anna", ip("192.0.2.7"), now)
            .expect("a fresh address is not slowed");
        limiter.succeeded(attempt);
        // A stranger who already failed is in the slow lane, which is bounded.
        let wait = limiter
            .reserve_at("anna", ip("198.51.100.3"), now + Duration::from_secs(1))
            .unwrap_err();
        assert!(wait > Duration::ZERO && wait <= MAX_BACKOFF, "{wait:?}");
        // After a typo, the owner waits at most the slow lane's longest delay.
        let _typo = limiter.reserve_at("anna", ip("192.0.2.8"), now).unwrap();
        assert!(
            limiter
                .reserve_at("anna", ip("192.0.2.8"), now + MAX_BACKOFF)
                .is_ok()
        );
    }

    #[test]
    fn a_botnet_of_fresh_addresses_is_paced_and_the_owner_still_gets_in() {
        let limiter = LoginLimiter::default();
        let now = Instant::now();
        let checked = (0..200u8)
            .filter(|i| {
                limiter
                    .reserve_at("anna", IpAddr::from([203, 0, 113, *i]), now)
                    .is_ok()
            })
            .count();
        assert_eq!(
            checked, UNDER_ATTACK,
            "beyond that, fresh addresses share the pace"
        );
        // Over a whole window, one guess per FRESH_PACE at most.
        let mut t = now;
        let mut paced = 0;
        for i in 0..=255u8 {
            t += Duration::from_secs(1);
            if limiter
                .reserve_at("anna", IpAddr::from([192, 0, 2, i]), t)
                .is_ok()
            {
                paced += 1;
            }
        }
        assert!(paced <= 256 / FRESH_PACE.as_secs() as usize + 1, "{paced}");
        // The owner, at a fresh address, waits at most the pace.
        let wait = limiter.reserve_at("anna", ip("198.18.0.1"), t).unwrap_err();
        assert!(wait <= FRESH_PACE, "{wait:?}");
        assert!(
            limiter
                .reserve_at("anna", ip("198.18.0.1"), t + FRESH_PACE)
                .is_ok()
        );
    }

    #[test]
    fn an_ipv6_host_counts_as_its_64_and_long_names_as_their_start() {
        let limiter = LoginLimiter::default();
        let now = Instant::now();
        for i in 0..MAX_FAILURES_PER_ACCOUNT as u16 {
            let ip = IpAddr::from([0x2001, 0xdb8, 0, 1, 0, 0, 0, i]);
            limiter
                .reserve_at("bo", ip, now + Duration::from_secs(u64::from(i)))
                .unwrap();
        }
        assert!(
            limiter
                .reserve_at(
                    "bo",
                    IpAddr::from([0x2001, 0xdb8, 0, 1, 0xffff, 1, 2, 3]),
                    now + Duration::from_secs(10)
                )
                .is_err(),
            "another address in the same /64 is the same client"
        );
        let long = "x".repeat(60_000);
        let attempt = limiter.reserve_at(&long, ip("192.0.2.1"), now).unwrap();
        assert_eq!(attempt.account.len(), 64);
    }

    #[test]
    fn a_flood_of_new_names_and_addresses_cannot_wipe_the_counts() {
        let limiter = LoginLimiter::default();
        let now = Instant::now();
        for _ in 0..MAX_FAILURES_PER_ADDRESS {
            limiter.reserve_at("cecilia", ip("192.0.2.31"), now).ok();
        }
        for i in 0..(MAX_TRACKED as u32) {
            let [a, b, c, d] = (0x0b00_0000 + i).to_be_bytes();
            let _ = limiter.reserve_at(&format!("h{i}"), IpAddr::from([a, b, c, d]), now);
        }
        assert!(
            limiter
                .reserve_at("cecilia", ip("192.0.2.31"), now + Duration::from_secs(60))
                .is_err(),
            "the guessing address is still stopped"
        );
    }

    #[test]
    fn an_address_that_fails_on_many_accounts_is_stopped_for_all() {
        let limiter = LoginLimiter::default();
        let now = Instant::now();
        for i in 0..MAX_FAILURES_PER_ADDRESS {
            limiter
                .reserve_at(&format!("user{i}"), ip("192.0.2.9"), now)
                .unwrap();
        }
        assert!(limiter.reserve_at("cecilia", ip("192.0.2.9"), now).is_err());
        assert!(
            limiter.reserve_at("cecilia", ip("192.0.2.10"), now).is_ok(),
            "other addresses are not stopped"
        );
    }

    #[test]
    fn attempts_count_when_reserved_and_success_or_cancel_gives_them_back() {
        let limiter = LoginLimiter::default();
        let now = Instant::now();
        let held: Vec<Attempt> = (0..MAX_FAILURES_PER_ACCOUNT)
            .map(|_| limiter.reserve_at("bo", ip("192.0.2.1"), now).unwrap())
            .collect();
        assert!(
            limiter.reserve_at("bo", ip("192.0.2.1"), now).is_err(),
            "attempts still being checked count"
        );
        let mut held = held.into_iter();
        limiter.cancel(held.next().unwrap());
        assert!(limiter.reserve_at("bo", ip("192.0.2.1"), now).is_ok());
        limiter.succeeded(held.next().unwrap());
        assert!(
            limiter.reserve_at("bo", ip("192.0.2.1"), now).is_ok(),
            "a success forgets the account's failures from that address"
        );
    }

    #[test]
    fn the_slow_lane_doubles_and_is_capped() {
        assert_eq!(backoff(4), Duration::ZERO);
        assert_eq!(backoff(5), FIRST_BACKOFF);
        assert_eq!(backoff(6), FIRST_BACKOFF * 2);
        assert_eq!(backoff(1_000_000), MAX_BACKOFF);
    }

    #[tokio::test]
    async fn hashing_is_bounded_and_excess_is_refused_quickly() {
        let gate = HashGate::new(1, Duration::from_millis(50));
        let held = gate.turn().await.expect("a free turn");
        let started = Instant::now();
        assert!(
            gate.run(|| 1).await.is_none(),
            "no turn while the only one is held"
        );
        assert!(started.elapsed() < Duration::from_secs(1));
        drop(held);
        assert_eq!(gate.run(|| 2).await, Some(2));
    }
}
