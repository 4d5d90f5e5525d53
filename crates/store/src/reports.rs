//! Error reports from the public ("Rapportera fel"): what is wrong with an
//! entry, in the queue of the organisation that keeps it, until an editor
//! closes it with an outcome and a reply.

use jiff::Timestamp;

use crate::time::{now, read, stored};
use crate::{Backend, OutMessage, Store, StoreError};

/// How a report was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Fixed,
    NotAProblem,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Fixed => "fixed",
            Outcome::NotAProblem => "not-a-problem",
        }
    }

    pub fn parse(text: &str) -> Option<Outcome> {
        [Outcome::Fixed, Outcome::NotAProblem]
            .into_iter()
            .find(|o| o.as_str() == text)
    }
}

/// A report to store.
#[derive(Debug, Clone)]
pub struct NewReport {
    pub id: String,
    pub kind: String,
    pub entry_id: String,
    pub owner: Option<String>,
    pub what: String,
    pub source_url: Option<String>,
    pub email: Option<String>,
    pub lang: String,
}

/// A stored report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub id: String,
    pub kind: String,
    pub entry_id: String,
    pub owner: Option<String>,
    pub what: String,
    pub source_url: Option<String>,
    /// Until the report is closed.
    pub email: Option<String>,
    pub lang: String,
    pub created_at: Timestamp,
    /// `None` while open.
    pub outcome: Option<Outcome>,
    pub closed_by: Option<String>,
    pub closed_at: Option<Timestamp>,
    pub reply: Option<String>,
}

const SELECT: &str = "SELECT id, kind, entry_id, owner, what, source_url, email, lang, created_at, status, \
     closed_by, closed_at, reply FROM reports";

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    kind: String,
    entry_id: String,
    owner: Option<String>,
    what: String,
    source_url: Option<String>,
    email: Option<String>,
    lang: String,
    created_at: String,
    status: String,
    closed_by: Option<String>,
    closed_at: Option<String>,
    reply: Option<String>,
}

impl Row {
    fn decode(self) -> Result<Report, StoreError> {
        let outcome = match self.status.as_str() {
            "open" => None,
            other => Some(Outcome::parse(other).ok_or_else(|| StoreError::Corrupt {
                kind: "report".into(),
                id: self.id.clone(),
                message: format!("unknown status \"{other}\""),
            })?),
        };
        Ok(Report {
            created_at: read(&self.created_at, "report", &self.id)?,
            closed_at: self
                .closed_at
                .as_deref()
                .map(|t| read(t, "report", &self.id))
                .transpose()?,
            id: self.id,
            kind: self.kind,
            entry_id: self.entry_id,
            owner: self.owner,
            what: self.what,
            source_url: self.source_url,
            email: self.email,
            lang: self.lang,
            outcome,
            closed_by: self.closed_by,
            reply: self.reply,
        })
    }
}

/// What identifies an address for the limit, once the address is gone.
fn email_key(email: &str) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(email.to_lowercase().as_bytes()))
}

impl Store {
    /// Stores a report, unless `limit` reports came from the same address
    /// (when one was given) in the last day; whether it was stored.
    pub async fn add_report(&self, report: &NewReport, limit: usize) -> Result<bool, StoreError> {
        let at = now();
        let day_ago = stored(at.checked_sub(jiff::SignedDuration::from_hours(24)).unwrap_or(at));
        let key = report.email.as_deref().map(email_key);
        in_write_tx!(self, conn => {
            let recent: i64 = match &key {
                Some(key) => sqlx::query_scalar("SELECT COUNT(*) FROM reports WHERE email_key = $1 AND created_at > $2")
                    .bind(key)
                    .bind(&day_ago)
                    .fetch_one(&mut *conn)
                    .await?,
                None => 0,
            };
            if usize::try_from(recent).unwrap_or(usize::MAX) >= limit {
                false
            } else {
                sqlx::query(
                    "INSERT INTO reports (id, kind, entry_id, owner, what, source_url, email, email_key, lang, created_at, status) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $10, $8, $9, 'open')",
                )
                .bind(&report.id)
                .bind(&report.kind)
                .bind(&report.entry_id)
                .bind(&report.owner)
                .bind(&report.what)
                .bind(&report.source_url)
                .bind(&report.email)
                .bind(&report.lang)
                .bind(stored(at))
                .bind(&key)
                .execute(&mut *conn)
                .await?;
                true
            }
        })
    }

    /// One report.
    pub async fn report(&self, id: &str) -> Result<Option<Report>, StoreError> {
        let row: Option<Row> = dispatch!(self, pool => {
            sqlx::query_as(&format!("{SELECT} WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        row.map(Row::decode).transpose()
    }

    /// Reports, newest first: open ones, or the latest closed (at most `limit`).
    pub async fn reports(&self, open: bool, limit: i64) -> Result<Vec<Report>, StoreError> {
        let rows: Vec<Row> = dispatch!(self, pool => {
            sqlx::query_as(&format!(
                "{SELECT} WHERE (status = 'open') = $1 ORDER BY created_at DESC, id LIMIT $2"
            ))
            .bind(open)
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(Row::decode).collect()
    }

    /// Closes an open report with an outcome and a reply, writes `answer`
    /// (the reply to the reporter, if they gave an address) to the outbox,
    /// and deletes the address, in one transaction. False if the report was
    /// not open.
    pub async fn close_report(
        &self,
        id: &str,
        outcome: Outcome,
        reply: &str,
        closed_by: &str,
        answer: Option<&OutMessage>,
    ) -> Result<bool, StoreError> {
        let at = now();
        in_write_tx!(self, conn => {
            let closed = sqlx::query(
                "UPDATE reports SET status = $1, reply = $2, closed_by = $3, closed_at = $4, email = NULL \
                 WHERE id = $5 AND status = 'open'",
            )
            .bind(outcome.as_str())
            .bind(reply)
            .bind(closed_by)
            .bind(stored(at))
            .bind(id)
            .execute(&mut *conn)
            .await?
            .rows_affected()
                == 1;
            if closed && let Some(m) = answer {
                let _new = insert_message!(conn, m, at);
            }
            closed
        })
    }
}
