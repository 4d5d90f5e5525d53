//! Proposals (review, four eyes): a change kept apart from the published
//! entry until another person approves or rejects it; the comments on it;
//! and where review is required.

use jiff::Timestamp;
use samverkan_domain::EntryKind;

use crate::time::{now, read, stored};
use crate::{Backend, Store, StoreError};

/// Where a proposal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProposalStatus {
    Open,
    Approved,
    Rejected,
    /// Taken back by its author.
    Withdrawn,
}

impl ProposalStatus {
    pub const ALL: [ProposalStatus; 4] = [
        ProposalStatus::Open,
        ProposalStatus::Approved,
        ProposalStatus::Rejected,
        ProposalStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProposalStatus::Open => "open",
            ProposalStatus::Approved => "approved",
            ProposalStatus::Rejected => "rejected",
            ProposalStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<ProposalStatus> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// A proposal to store.
#[derive(Debug, Clone)]
pub struct NewProposal {
    pub id: String,
    pub kind: EntryKind,
    pub entry_id: String,
    /// The version it was made from; `None` for a new entry.
    pub base_version: Option<i64>,
    /// The entry as it was made from (dataset JSON); `None` for a new entry.
    pub before: Option<serde_json::Value>,
    /// What it proposes; `None` to retire the entry.
    pub after: Option<serde_json::Value>,
    pub author: String,
    pub comment: String,
}

/// A stored proposal.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub id: String,
    pub kind: EntryKind,
    pub entry_id: String,
    pub base_version: Option<i64>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub author: String,
    pub comment: String,
    pub created_at: Timestamp,
    pub status: ProposalStatus,
    pub decided_by: Option<String>,
    pub decided_at: Option<Timestamp>,
    /// Why it was rejected (or what the approver said).
    pub reason: Option<String>,
}

/// A comment on a proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalComment {
    pub author: String,
    pub at: Timestamp,
    pub text: String,
}

const SELECT: &str = "SELECT id, kind, entry_id, base_version, before_data, after_data, author, comment, \
     created_at, status, decided_by, decided_at, reason FROM proposals";

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    kind: String,
    entry_id: String,
    base_version: Option<i64>,
    before_data: Option<String>,
    after_data: Option<String>,
    author: String,
    comment: String,
    created_at: String,
    status: String,
    decided_by: Option<String>,
    decided_at: Option<String>,
    reason: Option<String>,
}

impl Row {
    fn decode(self) -> Result<Proposal, StoreError> {
        let corrupt = |message: String| StoreError::Corrupt {
            kind: "proposal".into(),
            id: self.id.clone(),
            message,
        };
        let kind =
            EntryKind::parse(&self.kind).ok_or_else(|| corrupt(format!("unknown kind \"{}\"", self.kind)))?;
        let status = ProposalStatus::parse(&self.status)
            .ok_or_else(|| corrupt(format!("unknown status \"{}\"", self.status)))?;
        let json = |text: &Option<String>| -> Result<Option<serde_json::Value>, StoreError> {
            text.as_deref()
                .map(|t| serde_json::from_str(t).map_err(|e| corrupt(format!("unreadable entry: {e}"))))
                .transpose()
        };
        Ok(Proposal {
            before: json(&self.before_data)?,
            after: json(&self.after_data)?,
            created_at: read(&self.created_at, "proposal", &self.id)?,
            decided_at: self
                .decided_at
                .as_deref()
                .map(|t| read(t, "proposal", &self.id))
                .transpose()?,
            kind,
            status,
            entry_id: self.entry_id,
            base_version: self.base_version,
            author: self.author,
            comment: self.comment,
            decided_by: self.decided_by,
            reason: self.reason,
            id: self.id,
        })
    }
}

impl Store {
    /// Stores a new, open proposal.
    pub async fn add_proposal(&self, p: &NewProposal) -> Result<(), StoreError> {
        let at = stored(now());
        let before = p.before.as_ref().map(|v| v.to_string());
        let after = p.after.as_ref().map(|v| v.to_string());
        dispatch!(self, pool => {
            sqlx::query(
                "INSERT INTO proposals (id, kind, entry_id, base_version, before_data, after_data, author, \
                 comment, created_at, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open')",
            )
            .bind(&p.id)
            .bind(p.kind.as_str())
            .bind(&p.entry_id)
            .bind(p.base_version)
            .bind(&before)
            .bind(&after)
            .bind(&p.author)
            .bind(&p.comment)
            .bind(&at)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// One proposal.
    pub async fn proposal(&self, id: &str) -> Result<Option<Proposal>, StoreError> {
        let row: Option<Row> = dispatch!(self, pool => {
            sqlx::query_as(&format!("{SELECT} WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        row.map(Row::decode).transpose()
    }

    /// Open proposals (oldest first), or decided ones (newest first), at
    /// most `limit`.
    pub async fn proposals(&self, open: bool, limit: i64) -> Result<Vec<Proposal>, StoreError> {
        let query = if open {
            format!("{SELECT} WHERE status = 'open' ORDER BY created_at, id LIMIT $1")
        } else {
            format!("{SELECT} WHERE status <> 'open' ORDER BY decided_at DESC, id LIMIT $1")
        };
        let rows: Vec<Row> = dispatch!(self, pool => {
            sqlx::query_as(&query).bind(limit).fetch_all(pool).await?
        });
        rows.into_iter().map(Row::decode).collect()
    }

    /// The open proposals for one entry, oldest first.
    pub async fn open_proposals_for(
        &self,
        kind: EntryKind,
        entry_id: &str,
    ) -> Result<Vec<Proposal>, StoreError> {
        let rows: Vec<Row> = dispatch!(self, pool => {
            sqlx::query_as(&format!(
                "{SELECT} WHERE kind = $1 AND entry_id = $2 AND status = 'open' ORDER BY created_at, id"
            ))
            .bind(kind.as_str())
            .bind(entry_id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(Row::decode).collect()
    }

    /// Withdraws `author`'s open proposals for one entry (a newer one
    /// replaces them); how many.
    pub async fn withdraw_proposals(
        &self,
        author: &str,
        kind: EntryKind,
        entry_id: &str,
        reason: &str,
    ) -> Result<u64, StoreError> {
        let at = stored(now());
        let done = dispatch!(self, pool => {
            sqlx::query(
                "UPDATE proposals SET status = 'withdrawn', decided_by = $1, decided_at = $2, reason = $3 \
                 WHERE author = $1 AND kind = $4 AND entry_id = $5 AND status = 'open'",
            )
            .bind(author)
            .bind(&at)
            .bind(reason)
            .bind(kind.as_str())
            .bind(entry_id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(done)
    }

    /// Records a decision on an open proposal; `false` if it was no longer
    /// open (someone else decided first).
    pub async fn decide_proposal(
        &self,
        id: &str,
        status: ProposalStatus,
        by: &str,
        reason: Option<&str>,
    ) -> Result<bool, StoreError> {
        let at = stored(now());
        let done = dispatch!(self, pool => {
            sqlx::query(
                "UPDATE proposals SET status = $1, decided_by = $2, decided_at = $3, reason = $4 \
                 WHERE id = $5 AND status = 'open'",
            )
            .bind(status.as_str())
            .bind(by)
            .bind(&at)
            .bind(reason)
            .bind(id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(done == 1)
    }

    /// Opens an approved proposal again, when what it approved could not be
    /// written (a conflict, a catalogue that would not hold together).
    pub async fn reopen_proposal(&self, id: &str) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            sqlx::query(
                "UPDATE proposals SET status = 'open', decided_by = NULL, decided_at = NULL, reason = NULL \
                 WHERE id = $1 AND status = 'approved'",
            )
            .bind(id)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Adds a comment to a proposal.
    pub async fn add_proposal_comment(
        &self,
        comment_id: &str,
        proposal_id: &str,
        author: &str,
        text: &str,
    ) -> Result<(), StoreError> {
        let at = stored(now());
        dispatch!(self, pool => {
            sqlx::query(
                "INSERT INTO proposal_comments (id, proposal_id, author, at, text) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(comment_id)
            .bind(proposal_id)
            .bind(author)
            .bind(&at)
            .bind(text)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// A proposal's comments, oldest first.
    pub async fn proposal_comments(&self, proposal_id: &str) -> Result<Vec<ProposalComment>, StoreError> {
        let rows: Vec<(String, String, String)> = dispatch!(self, pool => {
            sqlx::query_as("SELECT author, at, text FROM proposal_comments WHERE proposal_id = $1 ORDER BY at, id")
                .bind(proposal_id)
                .fetch_all(pool)
                .await?
        });
        rows.into_iter()
            .map(|(author, at, text)| {
                Ok(ProposalComment {
                    at: read(&at, "proposal comment", proposal_id)?,
                    author,
                    text,
                })
            })
            .collect()
    }

    /// Where review is required: `*` for the whole site, else actor ids.
    pub async fn review_scopes(&self) -> Result<Vec<String>, StoreError> {
        let rows: Vec<String> = dispatch!(self, pool => {
            sqlx::query_scalar("SELECT scope FROM review_settings WHERE required ORDER BY scope")
                .fetch_all(pool)
                .await?
        });
        Ok(rows)
    }

    /// Turns review on or off for `scope` (`*` or an actor id).
    pub async fn set_review(&self, scope: &str, required: bool) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            sqlx::query(
                "INSERT INTO review_settings (scope, required) VALUES ($1, $2) \
                 ON CONFLICT (scope) DO UPDATE SET required = excluded.required",
            )
            .bind(scope)
            .bind(required)
            .execute(pool)
            .await?;
        });
        Ok(())
    }
}
