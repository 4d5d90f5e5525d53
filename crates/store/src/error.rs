//! Why a store operation failed.

use samverkan_domain::{DatasetErrors, EntryKind};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot use the database address \"{url}\": {reason}")]
    Url { url: String, reason: String },
    #[error("{0}")]
    Invalid(DatasetErrors),
    #[error(
        "{kind} \"{id}\" was changed by someone else: it is at version {actual}, not {expected}; reload it and try again"
    )]
    Conflict {
        kind: EntryKind,
        id: String,
        expected: String,
        actual: i64,
    },
    #[error("there is no {kind} \"{id}\"")]
    NotFound { kind: EntryKind, id: String },
    #[error("there is no revision {0}")]
    NoRevision(i64),
    #[error("the stored {kind} \"{id}\" cannot be read: {message}")]
    Corrupt {
        kind: String,
        id: String,
        message: String,
    },
    #[error("there is already an account \"{0}\"")]
    UserExists(String),
    #[error("there is no account \"{0}\"")]
    NoUser(String),
    #[error("there is no API token {0}")]
    NoToken(i64),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("cannot bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot set up the database file: {0}")]
    File(#[from] std::io::Error),
}
