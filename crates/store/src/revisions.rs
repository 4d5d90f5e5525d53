//! Revisions: every change to every entry, with who, when, why, and the
//! data before and after.

use jiff::Timestamp;
use samverkan_domain::{Entry, EntryKind, Slug};

use crate::entries::FIRST_LOAD_AUTHOR;
use crate::time::read;
use crate::{Backend, Store, StoreError};

/// What a stored revision did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Create,
    Update,
    Retire,
    Restore,
}

impl Action {
    pub const ALL: [Action; 4] = [Action::Create, Action::Update, Action::Retire, Action::Restore];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Retire => "retire",
            Action::Restore => "restore",
        }
    }

    fn parse(text: &str) -> Option<Action> {
        [Action::Create, Action::Update, Action::Retire, Action::Restore]
            .into_iter()
            .find(|a| a.as_str() == text)
    }
}

/// One change to one entry.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Revision {
    pub id: i64,
    pub kind: EntryKind,
    pub entry_id: Slug,
    /// The entry's version after this change.
    pub version: i64,
    pub action: Action,
    pub author: String,
    pub comment: String,
    /// When (serialised as an RFC 3339 UTC timestamp).
    pub at: Timestamp,
    pub before: Option<serde_json::Value>,
    pub after: serde_json::Value,
    /// Whether the entry was retired after this change.
    pub retired: bool,
}

impl Revision {
    /// The entry as it was after this change, if it can be read.
    pub fn entry(&self) -> Option<Entry> {
        Entry::from_json(self.kind, &self.after).ok()
    }

    /// What the entry was called after this change: its title or name, as
    /// [`Entry::title`] has it, or its id if the stored data cannot be read.
    pub fn title(&self) -> String {
        self.entry()
            .map_or_else(|| self.entry_id.to_string(), |e| e.title().to_string())
    }
}

impl Store {
    /// An entry's revisions, oldest first.
    pub async fn history(&self, kind: EntryKind, id: &str) -> Result<Vec<Revision>, StoreError> {
        let sql = format!("{REVISION_SELECT} WHERE kind = $1 AND entry_id = $2 ORDER BY id");
        let rows: Vec<RevisionRow> = dispatch!(self, pool => {
            sqlx::query_as(&sql).bind(kind.as_str()).bind(id).fetch_all(pool).await?
        });
        rows.into_iter().map(RevisionRow::decode).collect()
    }

    /// The latest revisions, newest first.
    pub async fn recent_revisions(&self, limit: i64) -> Result<Vec<Revision>, StoreError> {
        self.latest(limit, None).await
    }

    /// The latest revisions that are changes to the data people see: not the
    /// first load of the bundled dataset (by [`FIRST_LOAD_AUTHOR`]).
    pub async fn recent_changes(&self, limit: i64) -> Result<Vec<Revision>, StoreError> {
        self.latest(limit, Some(FIRST_LOAD_AUTHOR)).await
    }

    async fn latest(&self, limit: i64, except_by: Option<&str>) -> Result<Vec<Revision>, StoreError> {
        let sql = match except_by {
            Some(_) => format!("{REVISION_SELECT} WHERE author <> $2 ORDER BY id DESC LIMIT $1"),
            None => format!("{REVISION_SELECT} ORDER BY id DESC LIMIT $1"),
        };
        let rows: Vec<RevisionRow> = dispatch!(self, pool => {
            let mut query = sqlx::query_as(&sql).bind(limit);
            if let Some(author) = except_by {
                query = query.bind(author);
            }
            query.fetch_all(pool).await?
        });
        rows.into_iter().map(RevisionRow::decode).collect()
    }

    /// One revision.
    pub async fn revision(&self, id: i64) -> Result<Option<Revision>, StoreError> {
        let sql = format!("{REVISION_SELECT} WHERE id = $1");
        let row: Option<RevisionRow> = dispatch!(self, pool => {
            sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?
        });
        row.map(RevisionRow::decode).transpose()
    }
}

/// The columns of a revision, in [`RevisionRow`]'s order.
const REVISION_SELECT: &str =
    "SELECT id, kind, entry_id, version, action, author, comment, at, before, after, retired FROM revisions";

#[derive(sqlx::FromRow)]
struct RevisionRow {
    id: i64,
    kind: String,
    entry_id: String,
    version: i64,
    action: String,
    author: String,
    comment: String,
    at: String,
    before: Option<String>,
    after: String,
    retired: bool,
}

impl RevisionRow {
    fn decode(self) -> Result<Revision, StoreError> {
        let RevisionRow {
            id,
            kind,
            entry_id,
            version,
            action,
            author,
            comment,
            at,
            before,
            after,
            retired,
        } = self;
        let corrupt = |message: String| StoreError::Corrupt {
            kind: kind.clone(),
            id: entry_id.clone(),
            message: format!("revision {id}: {message}"),
        };
        let action = Action::parse(&action).ok_or_else(|| corrupt(format!("unknown action \"{action}\"")))?;
        let kind_read = EntryKind::parse(&kind).ok_or_else(|| corrupt(format!("unknown kind \"{kind}\"")))?;
        let slug = Slug::parse(&entry_id).map_err(|e| corrupt(e.to_string()))?;
        let json = |text: &str| serde_json::from_str(text).map_err(|e| corrupt(e.to_string()));
        Ok(Revision {
            id,
            kind: kind_read,
            version,
            action,
            author,
            comment,
            at: read(&at, &kind, &entry_id)?,
            before: before.as_deref().map(json).transpose()?,
            after: json(&after)?,
            retired,
            entry_id: slug,
        })
    }
}
