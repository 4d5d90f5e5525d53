//! Delivering the outbox: over SMTP with lettre (implicit TLS with
//! `smtps://`, STARTTLS with `smtp://…?tls=required`, authentication from
//! the URL or a separate secret), or, when no SMTP server is configured,
//! into `.eml` files in a directory, so that a fresh installation works
//! alone.
//!
//! A message is claimed for a lease, sent, and marked sent only after the
//! server accepted it; one at a time, so a crash between acceptance and
//! marking can repeat only the message in flight. A temporary failure (4xx,
//! a connection that fails) is tried again with a growing wait; a permanent
//! one (5xx) is recorded and not tried again.

use std::path::PathBuf;
use std::time::Duration;

use jiff::Timestamp;
use lettre::address::Envelope;
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use samverkan_store::{Claimed, Store, StoreError};

use crate::state::AppState;

/// How a message is tried: this many times in all, the waits between
/// doubling from a minute (by default) up to six hours (about a day and a
/// half in all).
pub const MAX_ATTEMPTS: u32 = 10;

/// How long a sender holds a message it claimed; another sender (or this
/// one after a restart) takes it over after that.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(60);

/// Where messages go.
#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// Each message as a file `NNNNNNNN-kind.eml` in this directory.
    Files(PathBuf),
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Transport::Smtp(_) => f.write_str("Transport::Smtp"),
            Transport::Files(dir) => write!(f, "Transport::Files({})", dir.display()),
        }
    }
}

impl Transport {
    /// An SMTP transport from `smtp[s]://[user[:password]@]host[:port][?tls=required]`;
    /// `password`, when given, replaces the URL's (so that it need not be
    /// on a command line). What is wrong is said without the password.
    pub fn smtp(url: &str, password: Option<&str>) -> Result<Transport, String> {
        let mut parsed = url::Url::parse(url).map_err(|e| format!("--smtp-url is not a URL: {e}"))?;
        if !matches!(parsed.scheme(), "smtp" | "smtps") {
            return Err(format!(
                "--smtp-url must start with smtp:// or smtps://, not {}://",
                parsed.scheme()
            ));
        }
        // A password given apart goes into the URL (encoded by `url`), where
        // lettre reads the credentials from.
        if let Some(password) = password {
            if parsed.username().is_empty() {
                return Err("a password for SMTP was given, but --smtp-url names no user".into());
            }
            parsed
                .set_password(Some(password.trim_end_matches(['\r', '\n'])))
                .map_err(|()| "--smtp-url cannot take a password".to_string())?;
        }
        let builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(parsed.as_str())
            .map_err(|e| format!("--smtp-url cannot be used: {e}"))?
            .timeout(Some(Duration::from_secs(30)));
        Ok(Transport::Smtp(builder.build()))
    }

    /// Sends one message.
    async fn deliver(&self, envelope: &Envelope, message: &Claimed) -> Outcome {
        match self {
            Transport::Smtp(smtp) => match smtp.send_raw(envelope, message.message.as_bytes()).await {
                Ok(_) => Outcome::Sent,
                // A refused login is the installation's fault, not the
                // message's: it is tried again, not given up on.
                Err(e) if e.status().is_some_and(|c| AUTH_REFUSED.contains(&u16::from(c))) => {
                    Outcome::Retry(e.to_string())
                }
                Err(e) if e.is_permanent() => Outcome::Failed(e.to_string()),
                Err(e) => Outcome::Retry(e.to_string()),
            },
            Transport::Files(dir) => match write_file(dir, message) {
                Ok(()) => Outcome::Sent,
                Err(e) => Outcome::Retry(format!("cannot write the message into {}: {e}", dir.display())),
            },
        }
    }
}

/// SMTP replies that refuse the login (RFC 4954): 530 authentication
/// required, 534 mechanism too weak, 535 credentials invalid, 538
/// encryption required.
const AUTH_REFUSED: [u16; 4] = [530, 534, 535, 538];

/// Writes a message as a file, whole or not at all (written aside, then renamed).
fn write_file(dir: &std::path::Path, message: &Claimed) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let name = format!("{:08}-{}.eml", message.id, message.kind.as_str());
    let aside = dir.join(format!(".{name}.part"));
    std::fs::write(&aside, message.message.as_bytes())?;
    std::fs::rename(aside, dir.join(name))
}

enum Outcome {
    Sent,
    Retry(String),
    Failed(String),
}

/// The sender: a transport, the envelope's sender address, and its timing.
#[derive(Debug, Clone)]
pub struct Sender {
    pub transport: Transport,
    pub from: Address,
    /// How long a claimed message is held ([`DEFAULT_LEASE`]).
    pub lease: Duration,
    /// The first wait after a temporary failure; it doubles each time, up
    /// to six hours ([`DEFAULT_RETRY`]).
    pub retry: Duration,
    /// How often `serve` looks for messages written by other processes (a
    /// `samverkan alerts send` from cron, another instance) ([`DEFAULT_POLL`]).
    pub poll: Duration,
}

/// The first wait after a temporary failure.
pub const DEFAULT_RETRY: Duration = Duration::from_secs(60);

/// How often the sender in `serve` looks at the outbox when nothing woke it.
pub const DEFAULT_POLL: Duration = Duration::from_secs(10);

/// What one round of sending did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SendReport {
    pub sent: u64,
    pub retried: u64,
    pub failed: u64,
}

/// The wait before attempt `n + 1` after `n` failed ones, the first being `first`.
pub fn backoff(first: Duration, attempts: u32) -> Duration {
    first
        .saturating_mul(1 << attempts.min(16))
        .min(Duration::from_secs(6 * 3600))
}

/// An error as it is recorded: without the recipient's address (servers
/// repeat it), on one line, at most 500 characters.
fn recorded(error: &str, recipient: &str) -> String {
    let text = error.replace(recipient, "<recipient>").replace(['\r', '\n'], " ");
    text.chars().take(500).collect()
}

impl Sender {
    /// Sends every message due now, one at a time, until none is left.
    pub async fn send_due(&self, store: &Store) -> Result<SendReport, StoreError> {
        let mut report = SendReport::default();
        while let Some(message) = store.claim_message(self.lease).await? {
            let to: Option<Address> = message.recipient.parse().ok();
            // A send that outlasts the lease could be taken over and sent
            // twice: it is cut off before the lease ends.
            let within = self.lease.mul_f64(0.75);
            let outcome = match to {
                Some(to) => match Envelope::new(Some(self.from.clone()), vec![to]) {
                    Ok(envelope) => tokio::time::timeout(within, self.transport.deliver(&envelope, &message))
                        .await
                        .unwrap_or_else(|_| {
                            Outcome::Retry(format!("no answer within {} ms", within.as_millis()))
                        }),
                    Err(e) => Outcome::Failed(format!("no envelope: {e}")),
                },
                None => Outcome::Failed("the recipient is not an e-mail address".into()),
            };
            let held = match outcome {
                Outcome::Sent => {
                    let held = store.message_sent(&message).await?;
                    tracing::info!(message = message.id, kind = message.kind.as_str(), "message sent");
                    report.sent += 1;
                    held
                }
                Outcome::Retry(e) if message.attempts + 1 < MAX_ATTEMPTS => {
                    let error = recorded(&e, &message.recipient);
                    let wait = backoff(self.retry, message.attempts);
                    let at = Timestamp::now()
                        .checked_add(jiff::SignedDuration::try_from(wait).unwrap_or_default())
                        .unwrap_or(Timestamp::MAX);
                    tracing::warn!(message = message.id, kind = message.kind.as_str(), error = %error, wait_s = wait.as_secs(), "message not sent; it is tried again");
                    report.retried += 1;
                    store.message_retry(&message, at, &error).await?
                }
                Outcome::Retry(e) | Outcome::Failed(e) => {
                    let error = recorded(&e, &message.recipient);
                    tracing::error!(message = message.id, kind = message.kind.as_str(), error = %error, "message not sent; given up");
                    report.failed += 1;
                    store.message_failed(&message, &error).await?
                }
            };
            if !held {
                tracing::warn!(
                    message = message.id,
                    "the message's lease ended before its result was recorded; another sender had taken it over"
                );
            }
        }
        Ok(report)
    }
}

/// How often the sender plans (reminders and digests) while it runs.
pub const PLAN_EVERY: Duration = Duration::from_secs(300);

/// Runs the sender for as long as the process runs: plans at start (which
/// catches up on whatever came due while the process was down) and every
/// five minutes, sends what is due, and sleeps until the next message is
/// due, the next planning, a new message of this process wakes it, or the
/// poll interval ends (for messages other processes wrote).
pub fn spawn(state: AppState, sender: Sender) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut next_plan = tokio::time::Instant::now();
        let mut next_purge = tokio::time::Instant::now();
        loop {
            let now = tokio::time::Instant::now();
            if now >= next_plan {
                let at = Timestamp::now();
                let on = samverkan_domain::time::date_in_sweden(at);
                match super::plan::plan(&state, at, on).await {
                    Ok(r) if r.messages > 0 => tracing::info!(messages = r.messages, "alerts planned"),
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, "alerts could not be planned"),
                }
                next_plan = now + PLAN_EVERY;
            }
            if now >= next_purge {
                if let Err(e) = state.store.purge_alerts().await {
                    tracing::warn!(error = %e, "expired subscriptions could not be deleted");
                }
                next_purge = now + Duration::from_secs(3600);
            }
            let mut wait = next_plan
                .saturating_duration_since(tokio::time::Instant::now())
                .min(sender.poll);
            match sender.send_due(&state.store).await {
                Ok(_) => {}
                Err(e) => {
                    tracing::error!(error = %e, "the outbox could not be read");
                    wait = wait.min(Duration::from_secs(5));
                }
            }
            if let Ok(Some(due)) = state.store.next_message_due().await {
                let until = due.duration_since(Timestamp::now());
                let until = Duration::try_from(until).unwrap_or(Duration::ZERO);
                wait = wait.min(until.max(Duration::from_millis(200)));
            }
            tokio::select! {
                _ = state.alerts.wake.notified() => {}
                _ = tokio::time::sleep(wait) => {}
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_and_stop_growing_at_six_hours() {
        let minute = Duration::from_secs(60);
        assert_eq!(backoff(minute, 0), minute);
        assert_eq!(backoff(minute, 1), Duration::from_secs(120));
        assert_eq!(backoff(minute, 5), Duration::from_secs(1920));
        assert_eq!(backoff(minute, 9), Duration::from_secs(6 * 3600));
        assert_eq!(backoff(minute, 30), Duration::from_secs(6 * 3600));
        assert_eq!(backoff(Duration::from_secs(1), 2), Duration::from_secs(4));
    }

    #[test]
    fn recorded_errors_leave_out_the_address() {
        let e = recorded(
            "550 5.1.1 <anna@example.se>: Recipient\r\naddress rejected",
            "anna@example.se",
        );
        assert_eq!(e, "550 5.1.1 <<recipient>>: Recipient  address rejected");
    }

    // lettre's connection pool starts a task: a runtime must be running.
    #[tokio::test]
    async fn smtp_urls_are_checked_and_their_errors_name_no_password() {
        assert!(Transport::smtp("smtp://127.0.0.1:2525", None).is_ok());
        assert!(Transport::smtp("smtps://user:pw@mail.example.se", None).is_ok());
        let e = Transport::smtp("http://mail.example.se", None).unwrap_err();
        assert!(e.contains("smtp://"), "{e}");
        let e = Transport::smtp("smtp://mail.example.se", Some("hemligt")).unwrap_err();
        assert!(e.contains("no user") && !e.contains("hemligt"), "{e}");
        let e = Transport::smtp("not a url", None).unwrap_err();
        assert!(e.contains("not a URL"), "{e}");
    }
}
