//! Bevakningar: e-mail subscriptions to the grant finder's results and the
//! outbox of messages to send.
//!
//! The outbox is the only way a message leaves: it is written in the same
//! transaction as what it is about, sent by whichever sender claims it first
//! (a claim is a lease: a sender that dies is taken over after it), and
//! marked sent only after the mail server accepted it. Each message has a
//! `dedupe` key naming what it is, so planning the same reminder or digest
//! twice, by any instance, stores it once.

use std::time::Duration;

use jiff::Timestamp;
use sqlx::Row;

use crate::time::{now, read, stored};
use crate::{Backend, Store, StoreError};

/// Whether fewer than `limit` confirmation or management messages were
/// written to `$email` in the day before `$at` (inside a write transaction).
macro_rules! under_limit {
    ($conn:ident, $email:expr, $at:expr, $limit:expr) => {{
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM alert_outbox WHERE recipient = $1 \
             AND kind IN ('confirm', 'manage') AND created_at > $2",
        )
        .bind($email)
        .bind(day_before($at))
        .fetch_one(&mut *$conn)
        .await?;
        usize::try_from(n).unwrap_or(usize::MAX) < $limit
    }};
}

/// Inserts message `$m` unless one with its `dedupe` exists (inside a write
/// transaction); whether it was new. (Also used by `reports`.)
macro_rules! insert_message {
    ($conn:ident, $m:expr, $at:expr) => {{
        let m: &OutMessage = $m;
        let at = stored($at);
        sqlx::query(
            "INSERT INTO alert_outbox (dedupe, subscription_id, kind, recipient, subject, message, \
             created_at, status, next_attempt) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $7) \
             ON CONFLICT (dedupe) DO NOTHING",
        )
        .bind(&m.dedupe)
        .bind(&m.subscription_id)
        .bind(m.kind.as_str())
        .bind(&m.recipient)
        .bind(&m.subject)
        .bind(&m.message)
        .bind(&at)
        .execute(&mut *$conn)
        .await?
        .rows_affected()
            == 1
    }};
}

/// How often new or changed grants are sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digest {
    None,
    Daily,
    Weekly,
}

impl Digest {
    pub const ALL: [Digest; 3] = [Digest::None, Digest::Daily, Digest::Weekly];

    pub fn as_str(self) -> &'static str {
        match self {
            Digest::None => "none",
            Digest::Daily => "daily",
            Digest::Weekly => "weekly",
        }
    }

    pub fn parse(text: &str) -> Option<Digest> {
        Digest::ALL.into_iter().find(|d| d.as_str() == text)
    }
}

/// What a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    /// The one message sent before a subscription is confirmed.
    Confirm,
    Digest,
    Reminder,
    /// A link to manage every subscription of an address, asked for by address.
    Manage,
    /// The answer to an error report.
    Answer,
    /// An editor's reminder of entries falling due for a check.
    Verify,
    /// A proposal's author told it was approved or rejected.
    Decision,
}

impl MessageKind {
    pub const ALL: [MessageKind; 7] = [
        MessageKind::Confirm,
        MessageKind::Digest,
        MessageKind::Reminder,
        MessageKind::Manage,
        MessageKind::Answer,
        MessageKind::Verify,
        MessageKind::Decision,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::Confirm => "confirm",
            MessageKind::Digest => "digest",
            MessageKind::Reminder => "reminder",
            MessageKind::Manage => "manage",
            MessageKind::Answer => "answer",
            MessageKind::Verify => "verify",
            MessageKind::Decision => "decision",
        }
    }

    pub fn parse(text: &str) -> Option<MessageKind> {
        MessageKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// A subscription, confirmed or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub id: String,
    pub email: String,
    /// "sv" or "en".
    pub lang: String,
    /// The grant finder's query string.
    pub filter: String,
    pub digest: Digest,
    /// Days before a deadline to remind, largest first.
    pub reminder_days: Vec<u32>,
    pub created_at: Timestamp,
    pub confirmed_at: Option<Timestamp>,
    /// The change marker the last digest covered.
    pub digest_marker: Option<i64>,
    /// The last period a digest was planned for.
    pub digest_period: Option<String>,
    /// The last day whose reminders were planned ("2026-12-05").
    pub reminded_through: Option<String>,
}

/// A subscription to store, with the hash of its confirmation secret.
#[derive(Debug, Clone)]
pub struct NewSubscription {
    pub id: String,
    pub email: String,
    pub lang: String,
    pub filter: String,
    pub digest: Digest,
    pub reminder_days: Vec<u32>,
    pub confirm_hash: String,
    pub confirm_by: Timestamp,
}

/// A message to send.
#[derive(Debug, Clone)]
pub struct OutMessage {
    /// What the message is, unique: planning it again stores nothing.
    pub dedupe: String,
    pub subscription_id: Option<String>,
    pub kind: MessageKind,
    pub recipient: String,
    pub subject: String,
    /// The whole RFC 5322 message.
    pub message: String,
}

/// A message a sender holds until its lease ends.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: i64,
    /// The claim's random token: the result is recorded only by its holder.
    pub claim: String,
    pub kind: MessageKind,
    pub recipient: String,
    pub message: String,
    /// Attempts before this one.
    pub attempts: u32,
}

/// A message as its recipient may see it listed: what it was and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentMessage {
    pub kind: MessageKind,
    pub subject: String,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
    pub status: String,
}

/// A message the sender gave up on, without its recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedMessage {
    pub id: i64,
    pub kind: MessageKind,
    pub created_at: Timestamp,
    pub attempts: u32,
    pub error: String,
}

/// Counts for the editors' dashboard; no addresses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlertCounts {
    pub unconfirmed: i64,
    pub confirmed: i64,
    pub daily: i64,
    pub weekly: i64,
    pub with_reminders: i64,
    pub pending: i64,
    /// Pending messages that failed at least once and wait to be tried again.
    pub retrying: i64,
    pub sent: i64,
    pub failed: i64,
}

/// What planning did for a subscription: its planning state as it was
/// read, as it is after, and the messages planned. Stored only if the state
/// is still as it was read (another planner, or a deletion, wins).
#[derive(Debug, Clone)]
pub struct Planned {
    pub subscription_id: String,
    pub before: PlanState,
    pub after: PlanState,
    pub messages: Vec<OutMessage>,
}

/// A subscription's planning state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanState {
    /// The change marker the last digest covered.
    pub digest_marker: Option<i64>,
    /// The last period a digest was planned for.
    pub digest_period: Option<String>,
    /// The last day whose reminders were planned.
    pub reminded_through: Option<String>,
}

impl Subscription {
    /// Its planning state.
    pub fn plan_state(&self) -> PlanState {
        PlanState {
            digest_marker: self.digest_marker,
            digest_period: self.digest_period.clone(),
            reminded_through: self.reminded_through.clone(),
        }
    }
}

const SUBSCRIPTION_SELECT: &str = "SELECT id, email, lang, filter, digest, reminder_days, created_at, \
     confirmed_at, digest_marker, digest_period, reminded_through FROM alert_subscriptions";

#[derive(sqlx::FromRow)]
struct SubscriptionRow {
    id: String,
    email: String,
    lang: String,
    filter: String,
    digest: String,
    reminder_days: String,
    created_at: String,
    confirmed_at: Option<String>,
    digest_marker: Option<i64>,
    digest_period: Option<String>,
    reminded_through: Option<String>,
}

fn corrupt(what: &str, id: &str, message: String) -> StoreError {
    StoreError::Corrupt {
        kind: what.to_string(),
        id: id.to_string(),
        message,
    }
}

impl SubscriptionRow {
    fn decode(self) -> Result<Subscription, StoreError> {
        let id = self.id;
        let digest = Digest::parse(&self.digest)
            .ok_or_else(|| corrupt("subscription", &id, format!("unknown digest \"{}\"", self.digest)))?;
        let reminder_days = parse_days(&self.reminder_days).ok_or_else(|| {
            corrupt(
                "subscription",
                &id,
                format!("bad reminder days \"{}\"", self.reminder_days),
            )
        })?;
        Ok(Subscription {
            created_at: read(&self.created_at, "subscription", &id)?,
            confirmed_at: self
                .confirmed_at
                .as_deref()
                .map(|t| read(t, "subscription", &id))
                .transpose()?,
            id,
            email: self.email,
            lang: self.lang,
            filter: self.filter,
            digest,
            reminder_days,
            digest_marker: self.digest_marker,
            digest_period: self.digest_period,
            reminded_through: self.reminded_through,
        })
    }
}

/// Reminder days as stored: "14,3", or "" for none.
fn parse_days(text: &str) -> Option<Vec<u32>> {
    if text.is_empty() {
        return Some(Vec::new());
    }
    text.split(',').map(|d| d.parse().ok()).collect()
}

fn days_text(days: &[u32]) -> String {
    days.iter().map(u32::to_string).collect::<Vec<_>>().join(",")
}

fn kind_of(text: &str, id: i64) -> Result<MessageKind, StoreError> {
    MessageKind::parse(text)
        .ok_or_else(|| corrupt("message", &id.to_string(), format!("unknown kind \"{text}\"")))
}

/// The time a day before `at`, as stored.
fn day_before(at: Timestamp) -> String {
    stored(at.checked_sub(jiff::SignedDuration::from_hours(24)).unwrap_or(at))
}

/// How long a message whose subscription is gone, or that was sent, stays
/// listed for its recipient (and counted on the dashboard).
const KEEP_SENT: jiff::SignedDuration = jiff::SignedDuration::from_hours(24 * 90);

impl Store {
    /// The key that signs links to manage subscriptions, made on first use.
    pub async fn alert_key(&self) -> Result<String, StoreError> {
        let mut fresh = [0u8; 32];
        getrandom::fill(&mut fresh)
            .map_err(|e| StoreError::Unsupported(format!("no randomness for a key: {e}")))?;
        let fresh: String = fresh.iter().map(|b| format!("{b:02x}")).collect();
        let key: String = dispatch!(self, pool => {
            sqlx::query("INSERT INTO alert_key (id, key) VALUES (1, $1) ON CONFLICT (id) DO NOTHING")
                .bind(&fresh)
                .execute(pool)
                .await?;
            sqlx::query_scalar("SELECT key FROM alert_key WHERE id = 1").fetch_one(pool).await?
        });
        Ok(key)
    }

    /// Stores a new, unconfirmed subscription and its confirmation message,
    /// unless `limit` confirmation or management messages were already
    /// written to the address in the last day: then nothing is stored and
    /// `false` returned.
    pub async fn subscribe(
        &self,
        sub: &NewSubscription,
        confirmation: &OutMessage,
        limit: usize,
    ) -> Result<bool, StoreError> {
        let at = now();
        in_write_tx!(self, conn => {
            if under_limit!(conn, &sub.email, at, limit) {
            sqlx::query(
                "INSERT INTO alert_subscriptions (id, email, lang, filter, digest, reminder_days, \
                 confirm_hash, confirm_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(&sub.id)
            .bind(&sub.email)
            .bind(&sub.lang)
            .bind(&sub.filter)
            .bind(sub.digest.as_str())
            .bind(days_text(&sub.reminder_days))
            .bind(&sub.confirm_hash)
            .bind(stored(sub.confirm_by))
            .bind(stored(at))
            .execute(&mut *conn)
            .await?;
            let _new = insert_message!(conn, confirmation, at);
            true
            } else {
                false
            }
        })
    }

    /// Stores `message` (a management link) unless `limit` confirmation or
    /// management messages were already written to its recipient in the
    /// last day; whether it was stored.
    pub async fn enqueue_limited(&self, message: &OutMessage, limit: usize) -> Result<bool, StoreError> {
        let at = now();
        in_write_tx!(self, conn => {
            under_limit!(conn, &message.recipient, at, limit) && insert_message!(conn, message, at)
        })
    }

    /// Confirms the subscription whose confirmation secret has this hash, if
    /// its link has not expired; its first digest covers what changes from
    /// now on, its first reminders the days after `today`.
    pub async fn confirm_subscription(
        &self,
        confirm_hash: &str,
        today: &str,
    ) -> Result<Option<Subscription>, StoreError> {
        let at = stored(now());
        let row: Option<SubscriptionRow> = dispatch!(self, pool => {
            sqlx::query_as(&format!(
                "UPDATE alert_subscriptions SET confirmed_at = $1, confirm_hash = NULL, confirm_by = NULL, \
                 digest_marker = (SELECT value FROM change_counter WHERE id = 1), reminded_through = $3 \
                 WHERE confirm_hash = $2 AND confirm_by > $1 RETURNING {}",
                &SUBSCRIPTION_SELECT["SELECT ".len()..SUBSCRIPTION_SELECT.find(" FROM").unwrap_or(0)]
            ))
            .bind(&at)
            .bind(confirm_hash)
            .bind(today)
            .fetch_optional(pool)
            .await?
        });
        row.map(SubscriptionRow::decode).transpose()
    }

    /// Whether a subscription with an unexpired confirmation link has this hash.
    pub async fn confirmation_pending(&self, confirm_hash: &str) -> Result<bool, StoreError> {
        let at = stored(now());
        let n: i64 = dispatch!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM alert_subscriptions WHERE confirm_hash = $1 AND confirm_by > $2")
                .bind(confirm_hash)
                .bind(&at)
                .fetch_one(pool)
                .await?
        });
        Ok(n > 0)
    }

    pub async fn subscription(&self, id: &str) -> Result<Option<Subscription>, StoreError> {
        let row: Option<SubscriptionRow> = dispatch!(self, pool => {
            sqlx::query_as(&format!("{SUBSCRIPTION_SELECT} WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        row.map(SubscriptionRow::decode).transpose()
    }

    /// Every subscription of an address, confirmed or not, oldest first.
    pub async fn subscriptions_of(&self, email: &str) -> Result<Vec<Subscription>, StoreError> {
        let rows: Vec<SubscriptionRow> = dispatch!(self, pool => {
            sqlx::query_as(&format!("{SUBSCRIPTION_SELECT} WHERE email = $1 ORDER BY created_at, id"))
                .bind(email)
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(SubscriptionRow::decode).collect()
    }

    /// Every confirmed subscription, in id order.
    pub async fn confirmed_subscriptions(&self) -> Result<Vec<Subscription>, StoreError> {
        let rows: Vec<SubscriptionRow> = dispatch!(self, pool => {
            sqlx::query_as(&format!("{SUBSCRIPTION_SELECT} WHERE confirmed_at IS NOT NULL ORDER BY id"))
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(SubscriptionRow::decode).collect()
    }

    /// The messages written to an address, newest first.
    pub async fn messages_to(&self, email: &str) -> Result<Vec<SentMessage>, StoreError> {
        let rows: Vec<(i64, String, String, String, Option<String>, String)> = dispatch!(self, pool => {
            sqlx::query_as(
                "SELECT id, kind, subject, created_at, sent_at, status FROM alert_outbox \
                 WHERE recipient = $1 ORDER BY id DESC",
            )
            .bind(email)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(id, kind, subject, created_at, sent_at, status)| {
                let key = id.to_string();
                Ok(SentMessage {
                    kind: kind_of(&kind, id)?,
                    subject,
                    created_at: read(&created_at, "message", &key)?,
                    sent_at: sent_at.as_deref().map(|t| read(t, "message", &key)).transpose()?,
                    status,
                })
            })
            .collect()
    }

    /// Deletes a subscription and its messages; once an address has no
    /// subscription left, every message to it goes too. The address, if
    /// there was such a subscription.
    pub async fn unsubscribe(&self, id: &str) -> Result<Option<String>, StoreError> {
        in_write_tx!(self, conn => {
            let email: Option<String> = sqlx::query_scalar("SELECT email FROM alert_subscriptions WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?;
            if let Some(email) = email {
            sqlx::query("DELETE FROM alert_outbox WHERE subscription_id = $1")
                .bind(id)
                .execute(&mut *conn)
                .await?;
            sqlx::query("DELETE FROM alert_subscriptions WHERE id = $1")
                .bind(id)
                .execute(&mut *conn)
                .await?;
            sqlx::query(
                "DELETE FROM alert_outbox WHERE recipient = $1 \
                 AND NOT EXISTS (SELECT 1 FROM alert_subscriptions WHERE email = $1)",
            )
            .bind(&email)
            .execute(&mut *conn)
            .await?;
            Some(email)
            } else {
                None
            }
        })
    }

    /// Deletes every subscription of an address and every message to it;
    /// how many subscriptions there were.
    pub async fn forget_address(&self, email: &str) -> Result<u64, StoreError> {
        in_write_tx!(self, conn => {
            sqlx::query("DELETE FROM alert_outbox WHERE recipient = $1")
                .bind(email)
                .execute(&mut *conn)
                .await?;
            sqlx::query("DELETE FROM alert_subscriptions WHERE email = $1")
                .bind(email)
                .execute(&mut *conn)
                .await?
                .rows_affected()
        })
    }

    /// The grants with a revision in the changes after `after` up to and
    /// including `upto`, each with whether it was created in them, by id.
    pub async fn grant_changes(&self, after: i64, upto: i64) -> Result<Vec<(String, bool)>, StoreError> {
        let rows: Vec<(String, String)> = dispatch!(self, pool => {
            sqlx::query_as(
                "SELECT entry_id, action FROM revisions \
                 WHERE kind = 'grant' AND change_no > $1 AND change_no <= $2 ORDER BY entry_id, id",
            )
            .bind(after)
            .bind(upto)
            .fetch_all(pool)
            .await?
        });
        let mut out: Vec<(String, bool)> = Vec::new();
        for (id, action) in rows {
            let created = action == "create";
            match out.last_mut() {
                Some((last, new)) if *last == id => *new |= created,
                _ => out.push((id, created)),
            }
        }
        Ok(out)
    }

    /// Stores messages that belong to no planning (management links asked
    /// for, tests); those with a `dedupe` already stored are skipped. How
    /// many were new.
    pub async fn enqueue(&self, messages: &[OutMessage]) -> Result<u64, StoreError> {
        if messages.is_empty() {
            return Ok(0);
        }
        let at = now();
        in_write_tx!(self, conn => {
            let mut added = 0;
            for message in messages {
                added += u64::from(insert_message!(conn, message, at));
            }
            added
        })
    }

    /// Records what planning did, in one transaction: for each
    /// subscription whose planning state is still as it was read, the new
    /// state and its messages (those already planned are skipped). A
    /// subscription another planner got to first, or that was deleted,
    /// gets nothing. How many messages were new.
    pub async fn record_planned(&self, planned: &[Planned]) -> Result<u64, StoreError> {
        if planned.is_empty() {
            return Ok(0);
        }
        let at = now();
        in_write_tx!(self, conn => {
            let mut added = 0;
            for p in planned {
                let moved = sqlx::query(
                    "UPDATE alert_subscriptions SET digest_marker = $1, digest_period = $2, reminded_through = $3 \
                     WHERE id = $4 AND confirmed_at IS NOT NULL \
                     AND digest_marker IS NOT DISTINCT FROM $5 AND digest_period IS NOT DISTINCT FROM $6 \
                     AND reminded_through IS NOT DISTINCT FROM $7",
                )
                .bind(p.after.digest_marker)
                .bind(&p.after.digest_period)
                .bind(&p.after.reminded_through)
                .bind(&p.subscription_id)
                .bind(p.before.digest_marker)
                .bind(&p.before.digest_period)
                .bind(&p.before.reminded_through)
                .execute(&mut *conn)
                .await?
                .rows_affected();
                if moved == 1 {
                    for message in &p.messages {
                        added += u64::from(insert_message!(conn, message, at));
                    }
                }
            }
            added
        })
    }

    /// Takes the oldest message due for sending that no other sender holds,
    /// and holds it for `lease`. On PostgreSQL, instances that claim at the
    /// same moment skip each other's rows (`FOR UPDATE SKIP LOCKED`).
    pub async fn claim_message(&self, lease: Duration) -> Result<Option<Claimed>, StoreError> {
        let mut token = [0u8; 16];
        getrandom::fill(&mut token)
            .map_err(|e| StoreError::Unsupported(format!("no randomness for a claim: {e}")))?;
        let token: String = token.iter().map(|b| format!("{b:02x}")).collect();
        let at = now();
        let until = stored(
            at.checked_add(jiff::SignedDuration::try_from(lease).unwrap_or_default())
                .unwrap_or(at),
        );
        let at = stored(at);
        let pick = "SELECT id FROM alert_outbox WHERE status = 'pending' AND next_attempt <= $2 \
                    AND (claimed_until IS NULL OR claimed_until <= $2) ORDER BY id LIMIT 1";
        let claim = |lock: &str| {
            format!(
                "UPDATE alert_outbox SET claimed_until = $1, claim = $3 WHERE id = ({pick}{lock}) \
                 RETURNING id, kind, recipient, message, attempts"
            )
        };
        let row: Option<(i64, String, String, String, i32)> = match &self.backend {
            Backend::Sqlite(pool) => {
                sqlx::query_as(&claim(""))
                    .bind(&until)
                    .bind(&at)
                    .bind(&token)
                    .fetch_optional(pool)
                    .await?
            }
            Backend::Postgres(pool) => {
                sqlx::query_as(&claim(" FOR UPDATE SKIP LOCKED"))
                    .bind(&until)
                    .bind(&at)
                    .bind(&token)
                    .fetch_optional(pool)
                    .await?
            }
        };
        row.map(|(id, kind, recipient, message, attempts)| {
            Ok(Claimed {
                id,
                claim: token.clone(),
                kind: kind_of(&kind, id)?,
                recipient,
                message,
                attempts: u32::try_from(attempts).unwrap_or(0),
            })
        })
        .transpose()
    }

    /// The mail server accepted the message. Its text goes (it holds
    /// working links); its subject and times stay. False if the claim had
    /// been taken over (the lease ended first), and nothing was recorded.
    pub async fn message_sent(&self, claimed: &Claimed) -> Result<bool, StoreError> {
        let at = stored(now());
        self.finish(
            "UPDATE alert_outbox SET status = 'sent', sent_at = $3, claimed_until = NULL, claim = NULL, \
             message = '', attempts = attempts + 1, error = NULL \
             WHERE id = $1 AND claim = $2 AND status = 'pending'",
            claimed,
            &[&at],
        )
        .await
    }

    /// The message could not be sent this time; it is tried again at `at`.
    pub async fn message_retry(
        &self,
        claimed: &Claimed,
        at: Timestamp,
        error: &str,
    ) -> Result<bool, StoreError> {
        self.finish(
            "UPDATE alert_outbox SET next_attempt = $3, claimed_until = NULL, claim = NULL, \
             attempts = attempts + 1, error = $4 WHERE id = $1 AND claim = $2 AND status = 'pending'",
            claimed,
            &[&stored(at), error],
        )
        .await
    }

    /// The message cannot be sent (the server refused it for good, or the
    /// attempts ran out). Its text goes, as when sent.
    pub async fn message_failed(&self, claimed: &Claimed, error: &str) -> Result<bool, StoreError> {
        self.finish(
            "UPDATE alert_outbox SET status = 'failed', claimed_until = NULL, claim = NULL, message = '', \
             attempts = attempts + 1, error = $3 WHERE id = $1 AND claim = $2 AND status = 'pending'",
            claimed,
            &[error],
        )
        .await
    }

    /// Runs `sql` on the claimed message (`$1` its id, `$2` the claim, then
    /// `values`); whether it still held the claim.
    async fn finish(&self, sql: &str, claimed: &Claimed, values: &[&str]) -> Result<bool, StoreError> {
        let n = dispatch!(self, pool => {
            let mut query = sqlx::query(sql).bind(claimed.id).bind(&claimed.claim);
            for v in values {
                query = query.bind(*v);
            }
            query.execute(pool).await?.rows_affected()
        });
        Ok(n == 1)
    }

    /// When the next pending message is due, if there is one.
    pub async fn next_message_due(&self) -> Result<Option<Timestamp>, StoreError> {
        let next: Option<String> = dispatch!(self, pool => {
            sqlx::query_scalar(
                "SELECT MIN(CASE WHEN claimed_until IS NOT NULL AND claimed_until > next_attempt \
                 THEN claimed_until ELSE next_attempt END) FROM alert_outbox WHERE status = 'pending'",
            )
            .fetch_one(pool)
            .await?
        });
        next.as_deref().map(|t| read(t, "message", "next")).transpose()
    }

    /// Counts for the dashboard.
    pub async fn alert_counts(&self) -> Result<AlertCounts, StoreError> {
        let row = dispatch!(self, pool => {
            sqlx::query(
                "SELECT \
                 (SELECT COUNT(*) FROM alert_subscriptions WHERE confirmed_at IS NULL), \
                 (SELECT COUNT(*) FROM alert_subscriptions WHERE confirmed_at IS NOT NULL), \
                 (SELECT COUNT(*) FROM alert_subscriptions WHERE confirmed_at IS NOT NULL AND digest = 'daily'), \
                 (SELECT COUNT(*) FROM alert_subscriptions WHERE confirmed_at IS NOT NULL AND digest = 'weekly'), \
                 (SELECT COUNT(*) FROM alert_subscriptions WHERE confirmed_at IS NOT NULL AND reminder_days <> ''), \
                 (SELECT COUNT(*) FROM alert_outbox WHERE status = 'pending'), \
                 (SELECT COUNT(*) FROM alert_outbox WHERE status = 'pending' AND attempts > 0), \
                 (SELECT COUNT(*) FROM alert_outbox WHERE status = 'sent'), \
                 (SELECT COUNT(*) FROM alert_outbox WHERE status = 'failed')",
            )
            .fetch_one(pool)
            .await
            .and_then(|r| {
                Ok(AlertCounts {
                    unconfirmed: r.try_get(0)?,
                    confirmed: r.try_get(1)?,
                    daily: r.try_get(2)?,
                    weekly: r.try_get(3)?,
                    with_reminders: r.try_get(4)?,
                    pending: r.try_get(5)?,
                    retrying: r.try_get(6)?,
                    sent: r.try_get(7)?,
                    failed: r.try_get(8)?,
                })
            })?
        });
        Ok(row)
    }

    /// The messages given up on, newest first, at most `limit`.
    pub async fn failed_messages(&self, limit: i64) -> Result<Vec<FailedMessage>, StoreError> {
        let rows: Vec<(i64, String, String, i32, Option<String>)> = dispatch!(self, pool => {
            sqlx::query_as(
                "SELECT id, kind, created_at, attempts, error FROM alert_outbox \
                 WHERE status = 'failed' ORDER BY id DESC LIMIT $1",
            )
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(id, kind, created_at, attempts, error)| {
                Ok(FailedMessage {
                    id,
                    kind: kind_of(&kind, id)?,
                    created_at: read(&created_at, "message", &id.to_string())?,
                    attempts: u32::try_from(attempts).unwrap_or(0),
                    error: error.unwrap_or_default(),
                })
            })
            .collect()
    }

    /// The entries an editor was already reminded to check, each as
    /// (kind, id, verify-by date).
    pub async fn verify_reminded(
        &self,
        username: &str,
    ) -> Result<std::collections::HashSet<(String, String, String)>, StoreError> {
        let rows: Vec<(String, String, String)> = dispatch!(self, pool => {
            sqlx::query_as("SELECT kind, entry_id, verify_by FROM verify_reminders WHERE username = $1")
                .bind(username)
                .fetch_all(pool)
                .await?
        });
        Ok(rows.into_iter().collect())
    }

    /// Stores an editor's reminder and the entries (kind, id, verify-by
    /// date) it names, in one transaction; nothing if a message with its
    /// `dedupe` is already stored. Whether it was new.
    pub async fn record_verify_reminder(
        &self,
        username: &str,
        entries: &[(String, String, String)],
        on: &str,
        message: &OutMessage,
    ) -> Result<bool, StoreError> {
        let at = now();
        in_write_tx!(self, conn => {
            let added = insert_message!(conn, message, at);
            if added {
                for (kind, id, by) in entries {
                    sqlx::query(
                        "INSERT INTO verify_reminders (username, kind, entry_id, verify_by, sent_on) \
                         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                    )
                    .bind(username)
                    .bind(kind)
                    .bind(id)
                    .bind(by)
                    .bind(on)
                    .execute(&mut *conn)
                    .await?;
                }
            }
            added
        })
    }

    /// Deletes what is no longer needed: subscriptions never confirmed whose
    /// link expired (with their message), and messages sent or failed more
    /// than 90 days ago. How many rows went.
    pub async fn purge_alerts(&self) -> Result<u64, StoreError> {
        let at = now();
        let old = stored(at.checked_sub(KEEP_SENT).unwrap_or(at));
        let at = stored(at);
        in_write_tx!(self, conn => {
            let expired = "SELECT id FROM alert_subscriptions WHERE confirmed_at IS NULL AND confirm_by <= $1";
            let a = sqlx::query(&format!("DELETE FROM alert_outbox WHERE subscription_id IN ({expired})"))
                .bind(&at)
                .execute(&mut *conn)
                .await?
                .rows_affected();
            let b = sqlx::query("DELETE FROM alert_subscriptions WHERE confirmed_at IS NULL AND confirm_by <= $1")
                .bind(&at)
                .execute(&mut *conn)
                .await?
                .rows_affected();
            // Answers to error reports are kept only until they are sent.
            let c = sqlx::query(
                "DELETE FROM alert_outbox WHERE status <> 'pending' AND (created_at < $1 OR kind = 'answer')",
            )
            .bind(&old)
                .execute(&mut *conn)
                .await?
                .rows_affected();
            a + b + c
        })
    }
}
