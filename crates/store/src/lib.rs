//! Samverkan's storage: one interface, [`Store`], over two real backends —
//! SQLite (the embedded default: one file, WAL, `synchronous = FULL` so an
//! acknowledged write survives a crash) and PostgreSQL (for several instances
//! serving one database).
//!
//! Every entry is kept as its dataset JSON in one `entries` table; every change
//! adds a row to `revisions` with who, when, why, and the data before and after.
//! Nothing is deleted: an entry is retired, and any revision can be restored.
//! Every write checks the whole catalogue as it would be afterwards and is
//! refused, changing nothing, if anything would be wrong; an import is one
//! transaction.
//!
//! The SQL is written once and run by both native sqlx drivers (both accept
//! `$1`-style placeholders); the [`dispatch!`] macro expands each body once per
//! backend so that each is type-checked against its own driver.

//!
//! One module per aggregate: [`entries`] (the catalogue and its writes),
//! [`revisions`], [`users`], [`sessions`], [`tokens`], [`links`] (link
//! check results) and [`alerts`] (e-mail subscriptions and the outbox). Rows are read into `sqlx::FromRow` structs and turned
//! into the public types at the boundary, where stored text becomes
//! `EntryKind`, `Slug` and `jiff::Timestamp`.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Runs `$body` with `$pool` bound to whichever backend `$store` uses.
macro_rules! dispatch {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.backend {
            Backend::Sqlite($pool) => $body,
            Backend::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` (an expression that may use `?` and `$conn`, a
/// `&mut` connection) in one write transaction of its own, and evaluates to
/// its result. The transaction is opened and ended by hand rather than with
/// sqlx's `Transaction`, so that its state is never guessed:
///
/// - SQLite: `BEGIN IMMEDIATE` takes the write lock up front, so the busy
///   timeout applies to waiting for it (a deferred `BEGIN` fails at once on
///   contention when it first writes).
/// - PostgreSQL: a transaction-scoped advisory lock, taken first, that every
///   write of every instance takes: writers run one at a time, as on SQLite,
///   and each statement after the lock (read committed) sees everything the
///   previous writer committed. A write validated against the catalogue it
///   reads can therefore not interleave with another instance's write that
///   would break it. (`SERIALIZABLE` alone was tried: every write reads the
///   whole catalogue, so concurrent writers nearly always conflicted and
///   retries ran out.)
///
/// A write is acknowledged only when `COMMIT` returned success. On any error
/// the connection is rolled back and then closed, never returned to the pool
/// in whatever state the failure left it (a failed commit on a full disk
/// left sqlx believing a transaction was still open, and later "commits"
/// released savepoints that were never written).
macro_rules! in_write_tx {
    ($store:expr, $conn:ident => $body:expr) => {{
        let result: Result<_, StoreError> = match &$store.backend {
            Backend::Sqlite(pool) => {
                let mut connection = pool.acquire().await?;
                in_write_tx!(@run connection, "BEGIN IMMEDIATE", $conn => $body)
            }
            Backend::Postgres(pool) => {
                let mut connection = pool.acquire().await?;
                in_write_tx!(@run connection, "BEGIN", $conn => {
                    sqlx::query("SELECT pg_advisory_xact_lock($1)")
                        .bind(crate::WRITE_LOCK_KEY)
                        .execute(&mut *$conn)
                        .await?;
                    $body
                })
            }
        };
        result
    }};
    (@run $connection:ident, $begin:expr, $conn:ident => $body:expr) => {{
        let outcome: Result<_, StoreError> = async {
            sqlx::query($begin).execute(&mut *$connection).await?;
            let $conn = &mut *$connection;
            let value = $body;
            sqlx::query("COMMIT").execute(&mut *$connection).await?;
            Ok(value)
        }
        .await;
        if outcome.is_err() {
            let _ = sqlx::query("ROLLBACK").execute(&mut *$connection).await;
            $connection.close_on_drop();
        }
        outcome
    }};
}

/// The PostgreSQL advisory lock every write takes ("SVK" in ASCII).
const WRITE_LOCK_KEY: i64 = 0x53_56_4b;

// First, so that its `insert_message!` is there for `reports`.
#[macro_use]
pub mod alerts;
mod entries;
mod error;
pub mod feeds;
mod links;
mod listen;
mod memberships;
pub mod proposals;
pub mod reports;
mod revisions;
mod sessions;
mod time;
mod tokens;
mod users;

pub use alerts::{
    AlertCounts, Claimed, Digest, FailedMessage, MessageKind, NewSubscription, OutMessage, PlanState,
    Planned, SentMessage, Subscription,
};
pub use entries::{
    CHANGES_CHANNEL, Change, Changes, Expect, FIRST_LOAD_AUTHOR, ImportReport, Notice, StoredEntry,
};
pub use error::StoreError;
pub use feeds::{HarvestResult, OrganisationFeed};
pub use links::LinkCheck;
pub use listen::{Heard, Listener};
pub use proposals::{NewProposal, Proposal, ProposalComment, ProposalStatus};
pub use reports::{NewReport, Outcome, Report};
pub use revisions::{Action, Revision};
pub use sessions::{Session, SessionInfo};
pub use time::{now, timestamp_after};
pub use tokens::ApiToken;
pub use users::{Role, User};

/// A Samverkan database.
#[derive(Clone, Debug)]
pub struct Store {
    backend: Backend,
    /// SQLite allows one writer at a time; writes in this process queue here
    /// rather than fail on a busy database.
    write_lock: std::sync::Arc<tokio::sync::Mutex<()>>,
}

#[derive(Clone, Debug)]
enum Backend {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Makes the SQLite file readable by its owner only, creating it so if it is
/// missing: it holds password and session hashes. SQLite gives the `-wal`
/// and `-shm` files it makes the same mode as the database file; files left
/// by an earlier version are tightened too.
fn owner_only(path: &std::path::Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let name = path.to_string_lossy();
        if name.is_empty() || name == ":memory:" || name.starts_with("file:") {
            return Ok(());
        }
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(path)?;
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let file = std::path::PathBuf::from(format!("{name}{suffix}"));
            if file.exists() {
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))?;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

impl Store {
    /// Opens the database at `url` — `sqlite://PATH` (created if missing) or
    /// `postgres://…` — and brings its schema up to date.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        let bad = |reason: String| StoreError::Url {
            url: url.to_string(),
            reason,
        };
        let store = if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url).map_err(|e| bad(e.to_string()))?;
            Self::open_sqlite(options).await?
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let options = PgConnectOptions::from_str(url).map_err(|e| bad(e.to_string()))?;
            Self::open_postgres(options).await?
        } else {
            return Err(bad(
                "use sqlite://PATH or postgres://USER@HOST/DATABASE".to_string()
            ));
        };
        store.migrate().await?;
        Ok(store)
    }

    /// Opens the database at `url` for reading only (a replica, a mounted
    /// snapshot): nothing is created, no migration runs, and every write
    /// fails with [`StoreError::ReadOnly`]. Its schema must be up to date.
    pub async fn connect_read_only(url: &str) -> Result<Store, StoreError> {
        let bad = |reason: String| StoreError::Url {
            url: url.to_string(),
            reason,
        };
        let (store, migrator) = if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(|e| bad(e.to_string()))?
                .read_only(true)
                .busy_timeout(Duration::from_secs(10));
            let pool = SqlitePoolOptions::new()
                .max_connections(4)
                .connect_with(options)
                .await?;
            (Store::new(Backend::Sqlite(pool)), &SQLITE_MIGRATIONS)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let options = PgConnectOptions::from_str(url)
                .map_err(|e| bad(e.to_string()))?
                .options([("default_transaction_read_only", "on")]);
            (Store::open_postgres(options).await?, &POSTGRES_MIGRATIONS)
        } else {
            return Err(bad(
                "use sqlite://PATH or postgres://USER@HOST/DATABASE".to_string()
            ));
        };
        let newest = migrator.iter().map(|m| m.version).max().unwrap_or(0);
        let applied: Option<i64> = dispatch!(store, pool => {
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(pool)
                .await
                .unwrap_or(None)
        });
        if applied.unwrap_or(0) < newest {
            return Err(StoreError::Unsupported(
                "the database's schema is older than this version's; open it once read-write (or upgrade the primary) first".into(),
            ));
        }
        Ok(store)
    }

    /// Opens (creating if needed) an SQLite database file.
    pub async fn open_sqlite(options: SqliteConnectOptions) -> Result<Store, StoreError> {
        let file = options.get_filename();
        if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.is_dir()
        {
            return Err(StoreError::Url {
                url: file.display().to_string(),
                reason: format!("the directory {} does not exist", dir.display()),
            });
        }
        owner_only(file)?;
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        Ok(Store::new(Backend::Sqlite(pool)))
    }

    /// Connects to PostgreSQL.
    pub async fn open_postgres(options: PgConnectOptions) -> Result<Store, StoreError> {
        // One connection first, so that a server that cannot be reached says
        // why (refused, unknown host, authentication) rather than the pool's
        // "timed out while waiting for an open connection".
        use sqlx::Connection;
        sqlx::PgConnection::connect_with(&options).await?.close().await?;
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        Ok(Store::new(Backend::Postgres(pool)))
    }

    fn new(backend: Backend) -> Store {
        Store {
            backend,
            write_lock: Default::default(),
        }
    }

    /// "sqlite" or "postgres".
    pub fn backend_name(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    /// Applies any migrations the database has not had yet.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match &self.backend {
            Backend::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await?,
            Backend::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        Ok(())
    }

    /// Writes a consistent copy of the database to `dest`, a file that must
    /// not exist yet, while writes go on (SQLite's `VACUUM INTO`). PostgreSQL
    /// has its own tools for this (`pg_dump`); asking it here is an error.
    pub async fn backup_to(&self, dest: &std::path::Path) -> Result<(), StoreError> {
        let Backend::Sqlite(pool) = &self.backend else {
            return Err(StoreError::Unsupported(
                "backups of PostgreSQL are made with pg_dump (see docs/OPERATIONS.md)".into(),
            ));
        };
        if dest.exists() {
            return Err(StoreError::Unsupported(format!(
                "{} exists already; a backup never overwrites a file",
                dest.display()
            )));
        }
        let dest = dest
            .to_str()
            .ok_or_else(|| StoreError::Unsupported(format!("{} is not a UTF-8 path", dest.display())))?;
        sqlx::query("VACUUM INTO $1").bind(dest).execute(pool).await?;
        owner_only(std::path::Path::new(dest))?;
        Ok(())
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        dispatch!(self, pool => { sqlx::query("SELECT 1").execute(pool).await?; });
        Ok(())
    }

    /// Whether the database holds no entries at all, retired or not.
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        let n: i64 = dispatch!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM entries").fetch_one(pool).await?
        });
        Ok(n == 0)
    }

    /// This database's random name, made when it was created (a copy made
    /// by a backup has the same).
    pub async fn installation(&self) -> Result<String, StoreError> {
        let name: String = dispatch!(self, pool => {
            sqlx::query_scalar("SELECT name FROM installation WHERE id = 1").fetch_one(pool).await?
        });
        Ok(name)
    }

    /// A number that every write transaction raises when it commits (see
    /// the `change_counter` migration), so an instance can tell cheaply
    /// whether anything changed, by any instance.
    pub async fn change_marker(&self) -> Result<i64, StoreError> {
        let n: i64 = dispatch!(self, pool => {
            sqlx::query_scalar("SELECT value FROM change_counter WHERE id = 1").fetch_one(pool).await?
        });
        Ok(n)
    }
}
