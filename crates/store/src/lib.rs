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

use std::str::FromStr;
use std::time::Duration;

use samverkan_domain::dataset::Origins;
use samverkan_domain::{Dataset, DatasetError, DatasetErrors, Entry, EntryKind, Slug};
use sqlx::Row;
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

/// Inserts one revision row inside the transaction `$tx`.
macro_rules! insert_revision {
    ($tx:ident, $w:ident, $version:expr, $action:expr, $change:ident, $at:expr, $before:expr, $after:expr) => {
        sqlx::query(
            "INSERT INTO revisions (kind, entry_id, version, action, author, comment, at, before, after, retired) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind($w.kind.as_str())
        .bind($w.id.as_str())
        .bind($version)
        .bind($action.as_str())
        .bind($change.author)
        .bind($change.comment)
        .bind($at)
        .bind($before)
        .bind($after)
        .bind($w.retired)
        .execute(&mut *$tx)
        .await?
    };
}

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

/// An entry as stored, with its version and whether it is retired.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEntry {
    pub entry: Entry,
    pub version: i64,
    pub retired: bool,
    pub updated_at: String,
}

/// One change to one entry.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Revision {
    pub id: i64,
    pub kind: EntryKind,
    pub entry_id: String,
    /// The entry's version after this change.
    pub version: i64,
    pub action: Action,
    pub author: String,
    pub comment: String,
    /// When, as an RFC 3339 UTC timestamp.
    pub at: String,
    pub before: Option<serde_json::Value>,
    pub after: serde_json::Value,
    /// Whether the entry was retired after this change.
    pub retired: bool,
}

impl Revision {
    /// What the entry was called after this change (its title or name).
    pub fn title(&self) -> &str {
        self.after["title"]
            .as_str()
            .or(self.after["name"].as_str())
            .unwrap_or(&self.entry_id)
    }
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Who makes a change and why; recorded in its revision.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    pub author: &'a str,
    pub comment: &'a str,
}

/// What the version of an entry must be for a write to go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Whatever it is (imports).
    Any,
    /// The entry must not exist yet.
    New,
    /// The entry must be at this version (optimistic concurrency for editors).
    Version(i64),
}

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

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Edits actors, grants and initiatives.
    Editor,
    /// Also manages accounts and API tokens.
    Admin,
}

impl Role {
    pub const ALL: [Role; 2] = [Role::Editor, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        [Role::Editor, Role::Admin]
            .into_iter()
            .find(|r| r.as_str() == text)
    }
}

/// An editor's account, without its password hash.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct User {
    pub username: String,
    pub role: Role,
    pub disabled: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// A signed-in editor's session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: User,
    /// The session's token for forms (cross-site request forgery protection).
    pub csrf: String,
    pub expires_at: String,
}

/// One of an account's sessions, as its owner sees it in the list of sign-ins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    /// The SHA-256 of the session's cookie (the cookie itself is not stored).
    pub secret_hash: String,
    pub created_at: String,
    pub expires_at: String,
}

/// An API token, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ApiToken {
    pub id: i64,
    /// What the token is for, as the admin who made it wrote it.
    pub name: String,
    /// The account the token acts as.
    pub username: String,
    pub created_by: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// The result of checking one link.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LinkCheck {
    pub url: String,
    pub checked_at: String,
    /// Whether the address answered with a success status (after redirects).
    pub ok: bool,
    /// The final HTTP status, if there was an answer.
    pub status: Option<i32>,
    /// Why there was no usable answer (timeout, DNS, TLS …).
    pub error: Option<String>,
}

/// One write inside a transaction: the state an entry should have afterwards.
struct Write {
    kind: EntryKind,
    id: Slug,
    data: serde_json::Value,
    retired: bool,
    expect: Expect,
    action: Option<Action>,
}

enum Outcome {
    Created,
    Updated(i64),
    Unchanged,
}

/// The current time as stored: RFC 3339 UTC with fixed precision.
pub fn now() -> String {
    // Fixed precision so that timestamps sort as text.
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string()
}

/// The time `span` from now, as stored.
pub fn timestamp_after(span: Duration) -> String {
    let span = jiff::SignedDuration::try_from(span).unwrap_or(jiff::SignedDuration::MAX);
    jiff::Timestamp::now()
        .checked_add(span)
        .unwrap_or(jiff::Timestamp::MAX)
        .strftime("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string()
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

/// The author of the revisions that load the bundled dataset into an empty
/// database: a first load, not a change anyone made.
pub const FIRST_LOAD_AUTHOR: &str = "samverkan";

/// Refuses an author or comment that holds control or bidirectional
/// formatting characters: both are shown in the history, the Atom feed and
/// the log.
fn check_change(change: &Change<'_>) -> Result<(), StoreError> {
    let problems: Vec<DatasetError> = [("author", change.author), ("comment", change.comment)]
        .into_iter()
        .filter_map(|(field, text)| {
            samverkan_domain::text::check_text(text, false)
                .err()
                .map(|e| DatasetError {
                    origin: "the change".to_string(),
                    entry: None,
                    field: Some(field.to_string()),
                    message: e.to_string(),
                })
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(DatasetErrors(problems)))
    }
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

    /// Opens (creating if needed) an SQLite database file.
    pub async fn open_sqlite(options: SqliteConnectOptions) -> Result<Store, StoreError> {
        owner_only(options.get_filename())?;
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

    /// The id of the newest revision (0 when there is none). It grows with every
    /// change, so an instance can tell cheaply whether anything changed.
    pub async fn change_marker(&self) -> Result<i64, StoreError> {
        let n: Option<i64> = dispatch!(self, pool => {
            sqlx::query_scalar("SELECT MAX(id) FROM revisions").fetch_one(pool).await?
        });
        Ok(n.unwrap_or(0))
    }

    /// Every entry, retired ones too if asked, ordered by kind and id.
    pub async fn entries(&self, include_retired: bool) -> Result<Vec<StoredEntry>, StoreError> {
        self.entries_where(if include_retired { "" } else { "WHERE NOT retired" })
            .await
    }

    /// The retired entries, ordered by kind and id.
    pub async fn retired_entries(&self) -> Result<Vec<StoredEntry>, StoreError> {
        self.entries_where("WHERE retired").await
    }

    async fn entries_where(&self, condition: &str) -> Result<Vec<StoredEntry>, StoreError> {
        let sql = format!(
            "SELECT kind, id, version, retired, data, updated_at FROM entries {condition} ORDER BY kind, id"
        );
        let rows = dispatch!(self, pool => {
            sqlx::query(&sql)
                .fetch_all(pool)
                .await?
                .into_iter()
                .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?, r.try_get(5)?)))
                .collect::<Result<Vec<(String, String, i64, bool, String, String)>, sqlx::Error>>()?
        });
        rows.into_iter()
            .map(|(kind, id, version, retired, data, updated_at)| {
                Ok(StoredEntry {
                    entry: decode_entry(&kind, &id, &data)?,
                    version,
                    retired,
                    updated_at,
                })
            })
            .collect()
    }

    /// The current (not retired) entries as a dataset.
    pub async fn load(&self) -> Result<Dataset, StoreError> {
        let entries = self.entries(false).await?;
        Ok(Dataset::from_entries(entries.into_iter().map(|e| e.entry)))
    }

    /// One entry, retired or not.
    pub async fn get(&self, kind: EntryKind, id: &str) -> Result<Option<StoredEntry>, StoreError> {
        let row = dispatch!(self, pool => {
            sqlx::query("SELECT version, retired, data, updated_at FROM entries WHERE kind = $1 AND id = $2")
                .bind(kind.as_str())
                .bind(id)
                .fetch_optional(pool)
                .await?
                .map(|r| Ok::<_, sqlx::Error>((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
                .transpose()?
        });
        let Some((version, retired, data, updated_at)) = row else {
            return Ok(None);
        };
        let data: String = data;
        Ok(Some(StoredEntry {
            entry: decode_entry(kind.as_str(), id, &data)?,
            version,
            retired,
            updated_at,
        }))
    }

    /// Imports a dataset read from files (see [`Dataset::read_sources`]): its
    /// entries are laid over the stored ones, the whole is validated, and then
    /// every new or changed entry is written in one transaction. Any problem
    /// and nothing changes.
    pub async fn import(
        &self,
        incoming: &Dataset,
        origins: &Origins,
        change: &Change<'_>,
    ) -> Result<ImportReport, StoreError> {
        let _guard = self.write_lock.lock().await;
        let current = self.load().await?;
        let merged = incoming.merged_over(&current);
        let problems = merged.validate(origins);
        if !problems.is_empty() {
            return Err(StoreError::Invalid(DatasetErrors(problems)));
        }
        let writes = incoming
            .entries()
            .into_iter()
            .map(|entry| Write {
                kind: entry.kind(),
                id: entry.id().clone(),
                data: entry.to_json(),
                retired: false,
                expect: Expect::Any,
                action: None,
            })
            .collect();
        let outcomes = self.apply(writes, change).await?;
        let mut report = ImportReport::default();
        for o in outcomes {
            match o {
                Outcome::Created => report.created += 1,
                Outcome::Updated(_) => report.updated += 1,
                Outcome::Unchanged => report.unchanged += 1,
            }
        }
        Ok(report)
    }

    /// Creates or changes one entry. Returns its new version (the same version
    /// if nothing changed).
    pub async fn put(&self, entry: Entry, expect: Expect, change: &Change<'_>) -> Result<i64, StoreError> {
        let _guard = self.write_lock.lock().await;
        let current = self.load().await?;
        let merged = Dataset::from_entries([entry.clone()]).merged_over(&current);
        self.check(&merged)?;
        let write = Write {
            kind: entry.kind(),
            id: entry.id().clone(),
            data: entry.to_json(),
            retired: false,
            expect,
            action: None,
        };
        self.single(write, change).await
    }

    /// Retires an entry: it leaves the catalogue but keeps its history. Refused
    /// while other current entries refer to it.
    pub async fn retire(
        &self,
        kind: EntryKind,
        id: &str,
        expect: Expect,
        change: &Change<'_>,
    ) -> Result<i64, StoreError> {
        let _guard = self.write_lock.lock().await;
        let stored = self.get(kind, id).await?.ok_or_else(|| StoreError::NotFound {
            kind,
            id: id.to_string(),
        })?;
        let mut remaining = self.load().await?;
        remaining = Dataset::from_entries(
            remaining
                .entries()
                .into_iter()
                .filter(|e| !(e.kind() == kind && e.id().as_str() == id)),
        );
        self.check(&remaining)?;
        let write = Write {
            kind,
            id: stored.entry.id().clone(),
            data: stored.entry.to_json(),
            retired: true,
            expect,
            action: Some(Action::Retire),
        };
        self.single(write, change).await
    }

    /// Makes an entry as it was right after revision `revision_id`. The
    /// restoration is itself a new revision.
    pub async fn restore(&self, revision_id: i64, change: &Change<'_>) -> Result<i64, StoreError> {
        let _guard = self.write_lock.lock().await;
        let rev = self
            .revision(revision_id)
            .await?
            .ok_or(StoreError::NoRevision(revision_id))?;
        let kind = rev.kind;
        let entry = decode_entry(kind.as_str(), &rev.entry_id, &rev.after.to_string())?;
        let current = self.load().await?;
        let others = Dataset::from_entries(
            current
                .entries()
                .into_iter()
                .filter(|e| !(e.kind() == kind && e.id() == entry.id())),
        );
        let after = if rev.retired {
            others
        } else {
            Dataset::from_entries([entry.clone()]).merged_over(&others)
        };
        self.check(&after)?;
        let write = Write {
            kind,
            id: entry.id().clone(),
            data: rev.after.clone(),
            retired: rev.retired,
            expect: Expect::Any,
            action: Some(Action::Restore),
        };
        self.single(write, change).await
    }

    /// An entry's revisions, oldest first.
    pub async fn history(&self, kind: EntryKind, id: &str) -> Result<Vec<Revision>, StoreError> {
        let rows = dispatch!(self, pool => {
            sqlx::query(&format!("{REVISION_SELECT} FROM revisions WHERE kind = $1 AND entry_id = $2 ORDER BY id"))
            .bind(kind.as_str())
            .bind(id)
            .fetch_all(pool)
            .await?
            .into_iter()
            .map(|r| revision_row(&r))
            .collect::<Result<Vec<_>, sqlx::Error>>()?
        });
        rows.into_iter().map(decode_revision).collect()
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
            Some(_) => {
                format!("{REVISION_SELECT} FROM revisions WHERE author <> $2 ORDER BY id DESC LIMIT $1")
            }
            None => format!("{REVISION_SELECT} FROM revisions ORDER BY id DESC LIMIT $1"),
        };
        let rows = dispatch!(self, pool => {
            let mut query = sqlx::query(&sql).bind(limit);
            if let Some(author) = except_by {
                query = query.bind(author);
            }
            query
                .fetch_all(pool)
                .await?
                .into_iter()
                .map(|r| revision_row(&r))
                .collect::<Result<Vec<_>, sqlx::Error>>()?
        });
        rows.into_iter().map(decode_revision).collect()
    }

    /// One revision.
    pub async fn revision(&self, id: i64) -> Result<Option<Revision>, StoreError> {
        let row = dispatch!(self, pool => {
            sqlx::query(&format!("{REVISION_SELECT} FROM revisions WHERE id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await?
            .map(|r| revision_row(&r))
            .transpose()?
        });
        row.map(decode_revision).transpose()
    }

    /// Creates an account. `password_hash` must already be a PHC string.
    pub async fn create_user(
        &self,
        username: &str,
        role: Role,
        password_hash: &str,
    ) -> Result<User, StoreError> {
        if self.user(username).await?.is_some() {
            return Err(StoreError::UserExists(username.to_string()));
        }
        let at = now();
        let inserted = dispatch!(self, pool => {
            sqlx::query(
                "INSERT INTO users (username, role, password_hash, disabled, created_at, updated_at) \
                 VALUES ($1, $2, $3, FALSE, $4, $4)",
            )
            .bind(username)
            .bind(role.as_str())
            .bind(password_hash)
            .bind(&at)
            .execute(pool)
            .await
            .map(|_| ())
        });
        match inserted {
            Ok(_) => {}
            // Someone created the same account at the same moment.
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                return Err(StoreError::UserExists(username.to_string()));
            }
            Err(e) => return Err(e.into()),
        }
        self.user(username)
            .await?
            .ok_or_else(|| StoreError::NoUser(username.to_string()))
    }

    /// Every account, by name.
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let rows = dispatch!(self, pool => {
            sqlx::query("SELECT username, role, disabled, created_at, updated_at FROM users ORDER BY username")
                .fetch_all(pool)
                .await?
                .into_iter()
                .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?)))
                .collect::<Result<Vec<(String, String, bool, String, String)>, sqlx::Error>>()?
        });
        rows.into_iter().map(decode_user).collect()
    }

    /// One account.
    pub async fn user(&self, username: &str) -> Result<Option<User>, StoreError> {
        Ok(self.credentials(username).await?.map(|(user, _)| user))
    }

    /// An account and its password hash, for signing in.
    pub async fn credentials(&self, username: &str) -> Result<Option<(User, String)>, StoreError> {
        let row = dispatch!(self, pool => {
            sqlx::query(
                "SELECT username, role, disabled, created_at, updated_at, password_hash FROM users WHERE username = $1",
            )
            .bind(username)
            .fetch_optional(pool)
            .await?
            .map(|r| {
                Ok::<_, sqlx::Error>((
                    (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?),
                    r.try_get::<String, _>(5)?,
                ))
            })
            .transpose()?
        });
        row.map(|(fields, hash)| Ok((decode_user(fields)?, hash)))
            .transpose()
    }

    /// Replaces an account's password hash.
    pub async fn set_password(&self, username: &str, password_hash: &str) -> Result<(), StoreError> {
        let at = now();
        let done = dispatch!(self, pool => {
            sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE username = $3")
                .bind(password_hash)
                .bind(&at)
                .bind(username)
                .execute(pool)
                .await?
                .rows_affected()
        });
        if done == 1 {
            // Whoever was signed in as this account must sign in again.
            self.end_sessions_of(username).await
        } else {
            Err(StoreError::NoUser(username.to_string()))
        }
    }

    /// Disables or enables an account. A disabled account cannot sign in.
    pub async fn set_disabled(&self, username: &str, disabled: bool) -> Result<(), StoreError> {
        let at = now();
        let done = dispatch!(self, pool => {
            sqlx::query("UPDATE users SET disabled = $1, updated_at = $2 WHERE username = $3")
                .bind(disabled)
                .bind(&at)
                .bind(username)
                .execute(pool)
                .await?
                .rows_affected()
        });
        if done == 1 {
            // Whoever was signed in as this account must sign in again.
            self.end_sessions_of(username).await
        } else {
            Err(StoreError::NoUser(username.to_string()))
        }
    }

    /// Starts a session for `username`, valid for `lifetime`. Expired sessions
    /// are cleared out on the way, and of the account's live sessions only the
    /// newest `keep` remain: repeated logins cannot pile up sessions.
    pub async fn create_session(
        &self,
        secret_hash: &str,
        username: &str,
        csrf: &str,
        lifetime: Duration,
        keep: u32,
    ) -> Result<(), StoreError> {
        let at = now();
        let expires = timestamp_after(lifetime);
        dispatch!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
                .bind(&at)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO sessions (secret_hash, username, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(secret_hash)
            .bind(username)
            .bind(csrf)
            .bind(&at)
            .bind(&expires)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "DELETE FROM sessions WHERE username = $1 AND secret_hash NOT IN \
                 (SELECT secret_hash FROM sessions WHERE username = $1 \
                  ORDER BY created_at DESC, secret_hash LIMIT $2)",
            )
            .bind(username)
            .bind(i64::from(keep.max(1)))
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The live sessions of an account, newest first.
    pub async fn sessions_of(&self, username: &str) -> Result<Vec<SessionInfo>, StoreError> {
        let at = now();
        let rows = dispatch!(self, pool => {
            sqlx::query(
                "SELECT secret_hash, created_at, expires_at FROM sessions \
                 WHERE username = $1 AND expires_at > $2 ORDER BY created_at DESC, secret_hash",
            )
            .bind(username)
            .bind(&at)
            .fetch_all(pool)
            .await?
            .into_iter()
            .map(|r| {
                Ok(SessionInfo {
                    secret_hash: r.try_get(0)?,
                    created_at: r.try_get(1)?,
                    expires_at: r.try_get(2)?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?
        });
        Ok(rows)
    }

    /// The live session with this secret hash and its account; `None` if
    /// there is none, it has expired, or the account is disabled.
    pub async fn session(&self, secret_hash: &str) -> Result<Option<Session>, StoreError> {
        let at = now();
        let row = dispatch!(self, pool => {
            sqlx::query(
                "SELECT u.username, u.role, u.disabled, u.created_at, u.updated_at, s.csrf, s.expires_at \
                 FROM sessions s JOIN users u ON u.username = s.username \
                 WHERE s.secret_hash = $1 AND s.expires_at > $2 AND NOT u.disabled",
            )
            .bind(secret_hash)
            .bind(&at)
            .fetch_optional(pool)
            .await?
            .map(|r| {
                Ok::<_, sqlx::Error>((
                    (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?),
                    r.try_get::<String, _>(5)?,
                    r.try_get::<String, _>(6)?,
                ))
            })
            .transpose()?
        });
        row.map(|(fields, csrf, expires_at)| {
            Ok(Session {
                user: decode_user(fields)?,
                csrf,
                expires_at,
            })
        })
        .transpose()
    }

    /// Ends one session (logout).
    pub async fn end_session(&self, secret_hash: &str) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            sqlx::query("DELETE FROM sessions WHERE secret_hash = $1")
                .bind(secret_hash)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Ends every session of an account.
    pub async fn end_sessions_of(&self, username: &str) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            sqlx::query("DELETE FROM sessions WHERE username = $1")
                .bind(username)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Stores a new API token (its hash) acting as `username`.
    pub async fn create_token(
        &self,
        name: &str,
        username: &str,
        token_hash: &str,
        created_by: &str,
    ) -> Result<ApiToken, StoreError> {
        if self.user(username).await?.is_none() {
            return Err(StoreError::NoUser(username.to_string()));
        }
        let at = now();
        let id: i64 = dispatch!(self, pool => {
            sqlx::query(
                "INSERT INTO api_tokens (name, username, token_hash, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(name)
            .bind(username)
            .bind(token_hash)
            .bind(created_by)
            .bind(&at)
            .fetch_one(pool)
            .await?
            .try_get(0)?
        });
        Ok(ApiToken {
            id,
            name: name.to_string(),
            username: username.to_string(),
            created_by: created_by.to_string(),
            created_at: at,
            revoked_at: None,
        })
    }

    /// Every API token, revoked ones too, newest first.
    pub async fn tokens(&self) -> Result<Vec<ApiToken>, StoreError> {
        let rows = dispatch!(self, pool => {
            sqlx::query(&format!("{TOKEN_SELECT} ORDER BY id DESC"))
                .fetch_all(pool)
                .await?
                .into_iter()
                .map(|r| token_row(&r))
                .collect::<Result<Vec<_>, sqlx::Error>>()?
        });
        Ok(rows)
    }

    /// The live token with this hash and its account; `None` if there is none,
    /// it is revoked, or its account is disabled.
    pub async fn token_user(&self, token_hash: &str) -> Result<Option<(ApiToken, User)>, StoreError> {
        let token = dispatch!(self, pool => {
            sqlx::query(&format!("{TOKEN_SELECT} WHERE token_hash = $1 AND revoked_at IS NULL"))
                .bind(token_hash)
                .fetch_optional(pool)
                .await?
                .map(|r| token_row(&r))
                .transpose()?
        });
        let Some(token) = token else { return Ok(None) };
        Ok(self
            .user(&token.username)
            .await?
            .filter(|u| !u.disabled)
            .map(|u| (token, u)))
    }

    /// Revokes a token for good.
    pub async fn revoke_token(&self, id: i64) -> Result<(), StoreError> {
        let at = now();
        let done = dispatch!(self, pool => {
            sqlx::query("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2")
                .bind(&at)
                .bind(id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        if done == 1 {
            Ok(())
        } else {
            Err(StoreError::NoToken(id))
        }
    }

    /// Records the results of a link check, replacing earlier results for the same addresses.
    pub async fn record_link_checks(&self, checks: &[LinkCheck]) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            let mut tx = pool.begin().await?;
            for c in checks {
                sqlx::query(
                    "INSERT INTO link_checks (url, checked_at, ok, status, error) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (url) DO UPDATE SET checked_at = $2, ok = $3, status = $4, error = $5",
                )
                .bind(&c.url)
                .bind(&c.checked_at)
                .bind(c.ok)
                .bind(c.status)
                .bind(&c.error)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// The latest result for every checked address, by address.
    pub async fn link_checks(&self) -> Result<Vec<LinkCheck>, StoreError> {
        let rows = dispatch!(self, pool => {
            sqlx::query("SELECT url, checked_at, ok, status, error FROM link_checks ORDER BY url")
                .fetch_all(pool)
                .await?
                .into_iter()
                .map(|r| {
                    Ok(LinkCheck {
                        url: r.try_get(0)?,
                        checked_at: r.try_get(1)?,
                        ok: r.try_get(2)?,
                        status: r.try_get(3)?,
                        error: r.try_get(4)?,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()?
        });
        Ok(rows)
    }

    fn check(&self, after: &Dataset) -> Result<(), StoreError> {
        let problems = after.validate(&Origins::new());
        if problems.is_empty() {
            Ok(())
        } else {
            Err(StoreError::Invalid(DatasetErrors(problems)))
        }
    }

    async fn single(&self, write: Write, change: &Change<'_>) -> Result<i64, StoreError> {
        let (kind, id) = (write.kind, write.id.clone());
        match self.apply(vec![write], change).await?.pop() {
            Some(Outcome::Created) => Ok(1),
            Some(Outcome::Updated(v)) => Ok(v),
            _ => Ok(self.get(kind, id.as_str()).await?.map(|e| e.version).unwrap_or(1)),
        }
    }

    /// Writes in one transaction, recording a revision for each write that
    /// changes something. Any failure rolls back all of them.
    async fn apply(&self, writes: Vec<Write>, change: &Change<'_>) -> Result<Vec<Outcome>, StoreError> {
        check_change(change)?;
        let at = now();
        dispatch!(self, pool => {
            let mut tx = pool.begin().await?;
            let mut outcomes = Vec::with_capacity(writes.len());
            for w in writes {
                let current = sqlx::query("SELECT version, retired, data FROM entries WHERE kind = $1 AND id = $2")
                    .bind(w.kind.as_str())
                    .bind(w.id.as_str())
                    .fetch_optional(&mut *tx)
                    .await?
                    .map(|r| Ok::<(i64, bool, String), sqlx::Error>((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
                    .transpose()?;
                let after = w.data.to_string();
                let conflict = |actual: i64, expected: String| StoreError::Conflict {
                    kind: w.kind,
                    id: w.id.to_string(),
                    expected,
                    actual,
                };
                match current {
                    None => {
                        if let Expect::Version(_) = w.expect {
                            return Err(StoreError::NotFound { kind: w.kind, id: w.id.to_string() });
                        }
                        sqlx::query(
                            "INSERT INTO entries (kind, id, version, retired, data, updated_at) VALUES ($1, $2, 1, $3, $4, $5)",
                        )
                        .bind(w.kind.as_str())
                        .bind(w.id.as_str())
                        .bind(w.retired)
                        .bind(&after)
                        .bind(&at)
                        .execute(&mut *tx)
                        .await?;
                        insert_revision!(tx, w, 1_i64, w.action.unwrap_or(Action::Create), change, &at, None::<String>, &after);
                        outcomes.push(Outcome::Created);
                    }
                    Some((version, retired, data)) => {
                        match w.expect {
                            Expect::New => return Err(conflict(version, "new".into())),
                            Expect::Version(v) if v != version => return Err(conflict(version, v.to_string())),
                            _ => {}
                        }
                        let same = retired == w.retired
                            && serde_json::from_str::<serde_json::Value>(&data).ok().as_ref() == Some(&w.data);
                        if same {
                            outcomes.push(Outcome::Unchanged);
                            continue;
                        }
                        let next = version + 1;
                        let updated = sqlx::query(
                            "UPDATE entries SET version = $1, retired = $2, data = $3, updated_at = $4 \
                             WHERE kind = $5 AND id = $6 AND version = $7",
                        )
                        .bind(next)
                        .bind(w.retired)
                        .bind(&after)
                        .bind(&at)
                        .bind(w.kind.as_str())
                        .bind(w.id.as_str())
                        .bind(version)
                        .execute(&mut *tx)
                        .await?;
                        if updated.rows_affected() != 1 {
                            return Err(conflict(version + 1, version.to_string()));
                        }
                        let action = w.action.unwrap_or(if retired { Action::Restore } else { Action::Update });
                        insert_revision!(tx, w, next, action, change, &at, Some(data), &after);
                        outcomes.push(Outcome::Updated(next));
                    }
                }
            }
            tx.commit().await?;
            Ok(outcomes)
        })
    }
}

/// The columns of a token, in the order `token_row` reads them.
const TOKEN_SELECT: &str = "SELECT id, name, username, created_by, created_at, revoked_at FROM api_tokens";

fn token_row<R: Row>(r: &R) -> Result<ApiToken, sqlx::Error>
where
    usize: sqlx::ColumnIndex<R>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<String>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    Ok(ApiToken {
        id: r.try_get(0)?,
        name: r.try_get(1)?,
        username: r.try_get(2)?,
        created_by: r.try_get(3)?,
        created_at: r.try_get(4)?,
        revoked_at: r.try_get(5)?,
    })
}

/// The columns of a revision, in the order `revision_row` reads them.
const REVISION_SELECT: &str =
    "SELECT id, kind, entry_id, version, action, author, comment, at, before, after, retired";

type RevisionRow = (
    i64,
    String,
    String,
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    bool,
);

fn revision_row<R: Row>(r: &R) -> Result<RevisionRow, sqlx::Error>
where
    usize: sqlx::ColumnIndex<R>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<String>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> bool: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    Ok((
        r.try_get(0)?,
        r.try_get(1)?,
        r.try_get(2)?,
        r.try_get(3)?,
        r.try_get(4)?,
        r.try_get(5)?,
        r.try_get(6)?,
        r.try_get(7)?,
        r.try_get(8)?,
        r.try_get(9)?,
        r.try_get(10)?,
    ))
}

fn decode_revision(row: RevisionRow) -> Result<Revision, StoreError> {
    let (id, kind, entry_id, version, action, author, comment, at, before, after, retired) = row;
    let corrupt = |message: String| StoreError::Corrupt {
        kind: kind.clone(),
        id: entry_id.clone(),
        message,
    };
    let action = Action::parse(&action)
        .ok_or_else(|| corrupt(format!("revision {id}: unknown action \"{action}\"")))?;
    let kind_read =
        EntryKind::parse(&kind).ok_or_else(|| corrupt(format!("revision {id}: unknown kind \"{kind}\"")))?;
    let json = |text: &str| serde_json::from_str(text).map_err(|e| corrupt(format!("revision {id}: {e}")));
    let before = before.as_deref().map(json).transpose()?;
    let after = json(&after)?;
    Ok(Revision {
        id,
        kind: kind_read,
        entry_id: entry_id.clone(),
        version,
        action,
        author,
        comment,
        at,
        before,
        after,
        retired,
    })
}

fn decode_user(
    (username, role, disabled, created_at, updated_at): (String, String, bool, String, String),
) -> Result<User, StoreError> {
    let role = Role::parse(&role).ok_or_else(|| StoreError::Corrupt {
        kind: "user".into(),
        id: username.clone(),
        message: format!("unknown role \"{role}\""),
    })?;
    Ok(User {
        username,
        role,
        disabled,
        created_at,
        updated_at,
    })
}

fn decode_entry(kind: &str, id: &str, data: &str) -> Result<Entry, StoreError> {
    let corrupt = |message: String| StoreError::Corrupt {
        kind: kind.to_string(),
        id: id.to_string(),
        message,
    };
    let entry_kind = EntryKind::parse(kind).ok_or_else(|| corrupt("unknown kind".into()))?;
    let value: serde_json::Value = serde_json::from_str(data).map_err(|e| corrupt(e.to_string()))?;
    Entry::from_json(entry_kind, &value).map_err(|e| {
        corrupt(match e.field {
            Some(f) => format!("field `{f}`: {}", e.message),
            None => e.message,
        })
    })
}
