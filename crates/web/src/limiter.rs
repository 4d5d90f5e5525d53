//! How password guessing is slowed down: a count of failed logins per client
//! address, per account and address, and per account from everywhere, kept in
//! memory; and a bound on how many passwords are hashed at once.
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

    fn reserve_at(&self, account: &str, address: IpAddr, now: Instant) -> Result<Attempt, Duration> {
        let mut tracked = self.tracked.lock().unwrap_or_else(|e| e.into_inner());
        let mut wait = Duration::ZERO;
        if let Some(times) = tracked.by_address.get_mut(&address) {
            prune(times, now);
            if times.len() >= MAX_FAILURES_PER_ADDRESS {
                wait = wait.max(until_oldest_leaves(times, now));
            }
        }
        if let Some(acc) = tracked.by_account.get_mut(account) {
            prune(&mut acc.all, now);
            let all = acc.all.len();
            if let Some(mine) = acc.by_address.get_mut(&address) {
                prune(mine, now);
                if mine.len() >= MAX_FAILURES_PER_ACCOUNT {
                    wait = wait.max(until_oldest_leaves(mine, now));
                }
                if let Some(last) = mine.back() {
                    wait = wait.max(backoff(all).saturating_sub(now.duration_since(*last)));
                }
            }
        }
        if !wait.is_zero() {
            return Err(wait);
        }
        if tracked.by_address.len() + tracked.by_account.len() >= MAX_TRACKED {
            tracked
                .by_address
                .retain(|_, t| t.back().is_some_and(|t| now.duration_since(*t) < LOGIN_WINDOW));
            tracked.by_account.retain(|_, a| {
                a.all
                    .back()
                    .is_some_and(|t| now.duration_since(*t) < LOGIN_WINDOW)
            });
            if tracked.by_address.len() + tracked.by_account.len() >= MAX_TRACKED {
                // Under a flood of distinct names and addresses, forget rather
                // than grow without bound.
                tracked.by_address.clear();
                tracked.by_account.clear();
            }
        }
        tracked.by_address.entry(address).or_default().push_back(now);
        let acc = tracked.by_account.entry(account.to_string()).or_default();
        acc.all.push_back(now);
        acc.by_address.entry(address).or_default().push_back(now);
        Ok(Attempt {
            account: account.to_string(),
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

/// At most one password hash per core at a time.
#[derive(Debug, Clone)]
pub struct HashGate {
    permits: Arc<Semaphore>,
    wait: Duration,
}

impl Default for HashGate {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        HashGate::new(cores, HASH_QUEUE_WAIT)
    }
}

impl HashGate {
    /// A gate for `concurrent` hashes at once, where a caller waits at most `wait`.
    pub fn new(concurrent: usize, wait: Duration) -> HashGate {
        HashGate {
            permits: Arc::new(Semaphore::new(concurrent.max(1))),
            wait,
        }
    }

    /// A turn to hash, or `None` when none came free in time.
    pub async fn turn(&self) -> Option<OwnedSemaphorePermit> {
        tokio::time::timeout(self.wait, self.permits.clone().acquire_owned())
            .await
            .ok()?
            .ok()
    }

    /// Runs `work` (a password hash) on a blocking thread when a turn comes
    /// free; `None` when none did in time.
    pub async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
        let permit = self.turn().await?;
        tokio::task::spawn_blocking(move || {
            let out = work();
            drop(permit);
            out
        })
        .await
        .ok()
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
        // Fifty strangers, one guess each, at the same moment.
        for i in 0..50u8 {
            let _ = limiter.reserve_at("anna", IpAddr::from([198, 51, 100, i]), now);
        }
        // The owner, from an address that has not failed, gets in at once.
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
