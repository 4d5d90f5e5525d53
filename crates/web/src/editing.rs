//! The one editing service that the editors' forms and the write API both
//! call: create, change, mark as checked, retire and restore an entry, as one
//! named author, under the store's version rule. Every successful write
//! reloads this instance's catalogue before it returns, so the answer to the
//! write (and the page after it) already shows it.
//!
//! Only actors, grants and initiatives are edited here; the vocabularies
//! (areas, applicant types, perspectives) change only through an import.

use jiff::civil::Date;
use samverkan_domain::{Entry, EntryKind};
use samverkan_store::{Change, Expect, Revision, StoreError, StoredEntry};

use crate::state::AppState;

/// The kinds of entry that can be edited.
pub const EDITABLE: [EntryKind; 3] = [EntryKind::Actor, EntryKind::Grant, EntryKind::Initiative];

/// Why an edit did not happen.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The entry does not exist, or has been retired.
    #[error("there is no current {kind} \"{id}\"")]
    NotCurrent { kind: EntryKind, id: String },
    /// A revision of a kind that is not edited here.
    #[error(
        "revision {revision} is of a {kind}, which cannot be restored here; only actors, grants and initiatives can"
    )]
    NotEditable { revision: i64, kind: EntryKind },
}

/// What a write did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub kind: EntryKind,
    pub id: String,
    /// The entry's version now.
    pub version: i64,
}

/// Edits made by one author.
pub struct Editing<'a> {
    state: &'a AppState,
    author: &'a str,
}

impl<'a> Editing<'a> {
    pub fn new(state: &'a AppState, author: &'a str) -> Self {
        Editing { state, author }
    }

    fn change<'c>(&'c self, comment: &'c str) -> Change<'c> {
        Change {
            author: self.author,
            comment,
        }
    }

    async fn done(&self, kind: EntryKind, id: &str, version: i64) -> Written {
        crate::metrics::write_done("written");
        self.state.reload_after_write().await;
        Written {
            kind,
            id: id.to_string(),
            version,
        }
    }

    /// The entry as it is now, if it exists and is not retired.
    pub async fn current(&self, kind: EntryKind, id: &str) -> Result<StoredEntry, EditError> {
        match self.state.store.get(kind, id).await? {
            Some(stored) if !stored.retired => Ok(stored),
            _ => Err(EditError::NotCurrent {
                kind,
                id: id.to_string(),
            }),
        }
    }

    /// Adds a new entry; its id must be free.
    pub async fn create(&self, entry: Entry, comment: &str) -> Result<Written, EditError> {
        let (kind, id) = (entry.kind(), entry.id().to_string());
        let version = self
            .state
            .store
            .put(entry, Expect::New, &self.change(comment))
            .await?;
        Ok(self.done(kind, &id, version).await)
    }

    /// Replaces a current entry, made from `version`. The version stays the
    /// same when nothing changed.
    pub async fn update(&self, entry: Entry, version: i64, comment: &str) -> Result<Written, EditError> {
        let (kind, id) = (entry.kind(), entry.id().to_string());
        self.current(kind, &id).await?;
        let version = self
            .state
            .store
            .put(entry, Expect::Version(version), &self.change(comment))
            .await?;
        Ok(self.done(kind, &id, version).await)
    }

    /// Records that a current entry was checked against its source on `on`.
    pub async fn mark_verified(
        &self,
        kind: EntryKind,
        id: &str,
        version: i64,
        on: Date,
        comment: &str,
    ) -> Result<Written, EditError> {
        let stored = self.current(kind, id).await?;
        let entry = stored.entry.verified_on(on);
        let version = self
            .state
            .store
            .put(entry, Expect::Version(version), &self.change(comment))
            .await?;
        Ok(self.done(kind, id, version).await)
    }

    /// Takes an entry out of the catalogue; its history stays.
    pub async fn retire(
        &self,
        kind: EntryKind,
        id: &str,
        version: i64,
        comment: &str,
    ) -> Result<Written, EditError> {
        let version = self
            .state
            .store
            .retire(kind, id, Expect::Version(version), &self.change(comment))
            .await?;
        Ok(self.done(kind, id, version).await)
    }

    /// Makes an entry as it was right after `revision`, as a new revision.
    /// Without a comment, `default_comment` words one from the revision.
    pub async fn restore(
        &self,
        revision: i64,
        comment: Option<&str>,
        default_comment: impl FnOnce(&Revision) -> String,
    ) -> Result<Written, EditError> {
        let target = self
            .state
            .store
            .revision(revision)
            .await?
            .ok_or(StoreError::NoRevision(revision))?;
        if !EDITABLE.contains(&target.kind) {
            return Err(EditError::NotEditable {
                revision,
                kind: target.kind,
            });
        }
        let comment = match comment {
            Some(c) if !c.is_empty() => c.to_string(),
            _ => default_comment(&target),
        };
        let version = self.state.store.restore(revision, &self.change(&comment)).await?;
        Ok(self.done(target.kind, target.entry_id.as_str(), version).await)
    }
}
