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
    #[error(
        "\"{0}\" belongs to only this organisation; an account must keep one (without any it could edit everything): disable the account instead"
    )]
    LastMembership(String),
    #[error("\"{username}\" does not belong to \"{actor}\"")]
    NoMembership { username: String, actor: String },
    /// Another write holds the database, or won a race for the same data,
    /// longer than the service waits: try again shortly.
    #[error("the database is busy with other writes; try again in a moment")]
    Busy,
    /// The database has no room left (the disk is full).
    #[error("the database has no room left for the change; nothing was changed")]
    Full,
    /// The database is open for reading only.
    #[error("this installation is read-only; nothing can be changed here")]
    ReadOnly,
    /// What was asked cannot be done with this database.
    #[error("{0}")]
    Unsupported(String),
    /// A task of the store's stopped before it finished (a panic).
    #[error("reading the database stopped: {0}")]
    Stopped(String),
    #[error("database error: {0}")]
    Database(sqlx::Error),
    #[error("cannot bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot set up the database file: {0}")]
    File(#[from] std::io::Error),
}

impl From<sqlx::Error> for StoreError {
    /// Database errors by what they mean for the caller: busy (SQLite's
    /// BUSY and LOCKED; PostgreSQL's serialisation failure and deadlock, once
    /// retries are spent), full (SQLite's FULL, PostgreSQL's disk full), or
    /// anything else.
    fn from(e: sqlx::Error) -> Self {
        let code = match &e {
            sqlx::Error::Database(db) => db.code().map(|c| c.into_owned()),
            _ => None,
        };
        match code.as_deref() {
            // SQLite reports extended codes; the primary code is the low byte.
            Some(c) if c.parse::<u32>().is_ok_and(|n| matches!(n & 0xff, 5 | 6)) => StoreError::Busy,
            Some(c) if c.parse::<u32>().is_ok_and(|n| n & 0xff == 13) => StoreError::Full,
            Some(c) if c.parse::<u32>().is_ok_and(|n| n & 0xff == 8) => StoreError::ReadOnly,
            Some("25006") => StoreError::ReadOnly,
            Some("40001" | "40P01" | "55P03") => StoreError::Busy,
            Some("53100") => StoreError::Full,
            _ => StoreError::Database(e),
        }
    }
}
