//! The catalogue's entries: reading them, and every write — an import, a
//! change, a retirement, a restoration — each checked against the whole
//! catalogue as it would be afterwards and recorded as revisions in the same
//! transaction.

use std::collections::HashMap;

use jiff::Timestamp;
use samverkan_domain::dataset::Origins;
use samverkan_domain::{Dataset, DatasetError, DatasetErrors, Entry, EntryKind, Slug};

use crate::revisions::Action;
use crate::time::{now, read, stored};
use crate::{Backend, Store, StoreError};

/// Inserts one revision row inside the transaction `$tx`.
macro_rules! insert_revision {
    ($tx:ident, $w:ident, $version:expr, $action:expr, $change:ident, $at:expr, $before:expr, $after:expr, $change_no:expr) => {
        sqlx::query(
            "INSERT INTO revisions (kind, entry_id, version, action, author, comment, at, before, after, retired, change_no) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
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
        .bind($change_no)
        .execute(&mut *$tx)
        .await?
    };
}

/// What is stored of each entry, by kind and id: version, retired, data.
type StoredRows = HashMap<(String, String), (i64, bool, String)>;

/// Rows per multi-row INSERT: 11 values each, well under SQLite's 32 766
/// and PostgreSQL's 65 535 bound parameters.
const BATCH_ROWS: usize = 500;

/// The PostgreSQL channel on which every write announces what it changed
/// (see [`Store::changes_since`] and `samverkan_web`'s listener).
pub const CHANGES_CHANNEL: &str = "samverkan_changes";

/// At most this many entries are named in a change's notification; a
/// larger change (an import) names none, and listeners load everything.
const NOTIFIED_ENTRIES: usize = 64;

/// An entry as stored, with its version and whether it is retired.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEntry {
    pub entry: Entry,
    pub version: i64,
    pub retired: bool,
    pub updated_at: Timestamp,
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl ImportReport {
    fn of(outcomes: &[Outcome]) -> ImportReport {
        let mut report = ImportReport::default();
        for o in outcomes {
            match o {
                Outcome::Created => report.created += 1,
                Outcome::Updated(_) => report.updated += 1,
                Outcome::Unchanged => report.unchanged += 1,
            }
        }
        report
    }
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

/// The author of the revisions that load the bundled dataset into an empty
/// database: a first load, not a change anyone made.
pub const FIRST_LOAD_AUTHOR: &str = "samverkan";

/// How much of the catalogue a write's check must see.
#[derive(Debug, Clone, Copy)]
enum Scope<'a> {
    /// Every current entry: imports, and retiring an actor or a vocabulary
    /// entry, which other entries may refer to. (Read with the retired
    /// entries, so that one read also tells what is stored.)
    All,
    /// The vocabularies (areas, perspectives, applicant types; tens of
    /// entries) and these actors: everything an actor, a grant or an
    /// initiative can refer to. Nothing refers to a grant or an initiative,
    /// and the validation's only rules across entries are references (and
    /// the applicant types' parents, all in the vocabularies), so a write of
    /// one of them is checked as fully as against the whole catalogue, in
    /// milliseconds at any size.
    Around(&'a [Slug]),
}

impl Scope<'_> {
    /// The scope for retiring an entry of `kind`.
    fn retiring(kind: EntryKind) -> Scope<'static> {
        match kind {
            EntryKind::Grant | EntryKind::Initiative => Scope::Around(&[]),
            _ => Scope::All,
        }
    }
}

/// What changed in the catalogue after a change marker
/// (see [`Store::changes_since`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Changes {
    /// Nothing.
    None,
    /// These entries changed; each as it is now (`None` when it is retired
    /// or gone). `marker` is the change marker they bring the catalogue to.
    Entries {
        marker: i64,
        entries: Vec<(EntryKind, Slug, Option<Entry>)>,
    },
    /// More than was asked for (an import), or changes that were not all
    /// recorded with their number (written by an older version, or the
    /// database was restored from a backup): load everything.
    Reload { marker: i64 },
}

/// A change's notification on [`CHANGES_CHANNEL`]: the schema it was made
/// in (several installations may share a database), its number, and the
/// entries it wrote (none named when there are many).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Notice {
    pub schema: String,
    pub change: i64,
    #[serde(default)]
    pub entries: Option<Vec<(EntryKind, Slug)>>,
}

/// One write inside a transaction: the state an entry should have afterwards.
#[derive(Clone)]
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

/// The columns of an entry, in [`EntryRow`]'s order.
const ENTRY_SELECT: &str = "SELECT kind, id, version, retired, data, updated_at FROM entries";

/// Runs `$sql` and decodes its `$row`s with `$decode`, in batches on the
/// blocking threads while the next rows are fetched: at 100 000 entries
/// fetching and decoding each take about half of start-up. Evaluates to the
/// decoded rows, in order.
macro_rules! stream_decoded {
    ($store:expr, $sql:expr, $row:ty, $decode:expr) => {{
        use futures_util::TryStreamExt;
        const BATCH: usize = 4096;
        let decode_batch = |rows: Vec<$row>| -> Result<Vec<_>, StoreError> { rows.into_iter().map($decode).collect() };
        let mut decoding = Vec::new();
        dispatch!($store, pool => {
            let mut rows = sqlx::query_as::<_, $row>($sql).fetch(pool);
            let mut batch = Vec::with_capacity(BATCH);
            while let Some(row) = rows.try_next().await? {
                batch.push(row);
                if batch.len() == BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                    decoding.push(tokio::task::spawn_blocking(move || decode_batch(full)));
                }
            }
            decoding.push(tokio::task::spawn_blocking(move || decode_batch(batch)));
        });
        let mut out = Vec::new();
        for batch in decoding {
            out.extend(batch.await.map_err(|e| StoreError::Stopped(e.to_string()))??);
        }
        out
    }};
}

/// What a dataset needs of a stored entry.
#[derive(sqlx::FromRow)]
struct DataRow {
    kind: String,
    id: String,
    data: String,
}

impl DataRow {
    fn decode(self) -> Result<Entry, StoreError> {
        decode_entry(&self.kind, &self.id, &self.data)
    }
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    kind: String,
    id: String,
    version: i64,
    retired: bool,
    data: String,
    updated_at: String,
}

impl EntryRow {
    fn decode(self) -> Result<StoredEntry, StoreError> {
        Ok(StoredEntry {
            entry: decode_entry(&self.kind, &self.id, &self.data)?,
            version: self.version,
            retired: self.retired,
            updated_at: read(&self.updated_at, &self.kind, &self.id)?,
        })
    }
}

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
        let sql = format!("{ENTRY_SELECT} {condition} ORDER BY kind, id");
        Ok(stream_decoded!(self, &sql, EntryRow, EntryRow::decode))
    }

    /// The current (not retired) entries as a dataset.
    /// In id order by the ids' bytes, whatever the database's collation
    /// (PostgreSQL's may order hyphens otherwise), so that every instance
    /// and both databases order the catalogue alike, and an entry added in
    /// place goes where a reload puts it. Only the columns a dataset needs
    /// are read: at 100 000 entries this is most of start-up.
    pub async fn load(&self) -> Result<Dataset, StoreError> {
        let entries = stream_decoded!(
            self,
            "SELECT kind, id, data FROM entries WHERE NOT retired ORDER BY kind, id",
            DataRow,
            DataRow::decode
        );
        Ok(Dataset::from_entries(entries).sorted())
    }

    /// One entry, retired or not.
    pub async fn get(&self, kind: EntryKind, id: &str) -> Result<Option<StoredEntry>, StoreError> {
        let sql = format!("{ENTRY_SELECT} WHERE kind = $1 AND id = $2");
        let row: Option<EntryRow> = dispatch!(self, pool => {
            sqlx::query_as(&sql)
                .bind(kind.as_str())
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        row.map(EntryRow::decode).transpose()
    }

    /// What changed after the change marker `marker` (see
    /// [`Store::change_marker`]): the entries written since, each as it is
    /// now, when there are at most `at_most` and every change since is
    /// recorded with its number; otherwise [`Changes::Reload`].
    ///
    /// Writes are serialised and numbered in commit order, so when change
    /// `n` is visible every change before it is too. An entry read here may
    /// already be newer than the marker returned; applying it again later
    /// is harmless.
    pub async fn changes_since(&self, marker: i64, at_most: usize) -> Result<Changes, StoreError> {
        let now = self.change_marker().await?;
        if now == marker {
            return Ok(Changes::None);
        }
        if now < marker {
            // The database went back (a backup restored).
            return Ok(Changes::Reload { marker: now });
        }
        let rows: Vec<(i64, String, String)> = dispatch!(self, pool => {
            sqlx::query_as(
                "SELECT change_no, kind, entry_id FROM revisions \
                 WHERE change_no > $1 AND change_no <= $2 ORDER BY change_no LIMIT $3",
            )
            .bind(marker)
            .bind(now)
            .bind(i64::try_from(at_most).unwrap_or(i64::MAX).saturating_add(1))
            .fetch_all(pool)
            .await?
        });
        let numbers: std::collections::BTreeSet<i64> = rows.iter().map(|r| r.0).collect();
        let whole = i64::try_from(numbers.len()).ok() == Some(now - marker);
        if rows.len() > at_most || !whole {
            return Ok(Changes::Reload { marker: now });
        }
        let mut keys: Vec<(EntryKind, Slug)> = Vec::new();
        for (_, kind, id) in rows {
            let corrupt = |message: &str| StoreError::Corrupt {
                kind: kind.clone(),
                id: id.clone(),
                message: message.to_string(),
            };
            let kind = EntryKind::parse(&kind).ok_or_else(|| corrupt("unknown kind"))?;
            let id = Slug::parse(&id).map_err(|e| corrupt(&e.to_string()))?;
            if !keys.contains(&(kind, id.clone())) {
                keys.push((kind, id));
            }
        }
        let found: Vec<EntryRow> = dispatch!(self, pool => {
            let mut select = sqlx::QueryBuilder::new(ENTRY_SELECT);
            select.push(" WHERE ");
            for (i, (kind, id)) in keys.iter().enumerate() {
                if i > 0 {
                    select.push(" OR ");
                }
                select.push("(kind = ");
                select.push_bind(kind.as_str());
                select.push(" AND id = ");
                select.push_bind(id.as_str());
                select.push(")");
            }
            select.build_query_as().fetch_all(pool).await?
        });
        let mut now_stored: HashMap<(EntryKind, Slug), Entry> = HashMap::new();
        for row in found {
            let stored = row.decode()?;
            if !stored.retired {
                now_stored.insert((stored.entry.kind(), stored.entry.id().clone()), stored.entry);
            }
        }
        let entries = keys
            .into_iter()
            .map(|(kind, id)| {
                let entry = now_stored.remove(&(kind, id.clone()));
                (kind, id, entry)
            })
            .collect();
        Ok(Changes::Entries { marker: now, entries })
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
        let writes: Vec<Write> = incoming
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
        let outcomes = self
            .write_checked(change, Scope::All, |current| {
                let problems = incoming.merged_over(current).validate(origins);
                if problems.is_empty() {
                    Ok(writes.clone())
                } else {
                    Err(StoreError::Invalid(DatasetErrors(problems)))
                }
            })
            .await?;
        Ok(ImportReport::of(&outcomes))
    }

    /// Writes several entries in one transaction, each expecting its own
    /// version (a harvest writes what it read, never over a newer edit): the
    /// whole is validated first, and any problem or conflict changes
    /// nothing.
    pub async fn put_all(
        &self,
        entries: &[(Entry, Expect)],
        change: &Change<'_>,
    ) -> Result<ImportReport, StoreError> {
        let writes: Vec<Write> = entries
            .iter()
            .map(|(entry, expect)| Write {
                kind: entry.kind(),
                id: entry.id().clone(),
                data: entry.to_json(),
                retired: false,
                expect: *expect,
                action: None,
            })
            .collect();
        let incoming = Dataset::from_entries(entries.iter().map(|(e, _)| e.clone()));
        let outcomes = self
            .write_checked(change, Scope::All, |current| {
                check(&incoming.merged_over(current))?;
                Ok(writes.clone())
            })
            .await?;
        Ok(ImportReport::of(&outcomes))
    }

    /// Creates or changes one entry. Returns its new version (the same version
    /// if nothing changed).
    pub async fn put(&self, entry: Entry, expect: Expect, change: &Change<'_>) -> Result<i64, StoreError> {
        let write = Write {
            kind: entry.kind(),
            id: entry.id().clone(),
            data: entry.to_json(),
            retired: false,
            expect,
            action: None,
        };
        let refers = entry.referenced_actors();
        let mine = Dataset::from_entries([entry]);
        self.single(write, change, Scope::Around(&refers), |current| {
            check(&mine.merged_over(current))
        })
        .await
    }

    /// Whether `entries` could all be written now: the catalogue as stored
    /// with them in place holds together. Nothing is written.
    pub async fn validate_all(&self, entries: &[Entry]) -> Result<(), StoreError> {
        let current = self.load().await?;
        check(&Dataset::from_entries(entries.iter().cloned()).merged_over(&current))
    }

    /// Whether `entry` could be written now: the catalogue as stored with
    /// it in place holds together. Nothing is written (a proposal is
    /// checked so before it is kept for review).
    pub async fn validate_put(&self, entry: &Entry) -> Result<(), StoreError> {
        let current = self.load().await?;
        check(&Dataset::from_entries([entry.clone()]).merged_over(&current))
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
        let stored = self.get(kind, id).await?.ok_or_else(|| StoreError::NotFound {
            kind,
            id: id.to_string(),
        })?;
        let write = Write {
            kind,
            id: stored.entry.id().clone(),
            data: stored.entry.to_json(),
            retired: true,
            expect,
            action: Some(Action::Retire),
        };
        self.single(write, change, Scope::retiring(kind), |current| {
            check(&without(current, kind, id))
        })
        .await
    }

    /// Makes an entry as it was right after revision `revision_id`. The
    /// restoration is itself a new revision.
    pub async fn restore(&self, revision_id: i64, change: &Change<'_>) -> Result<i64, StoreError> {
        self.restore_expecting(revision_id, Expect::Any, change).await
    }

    /// [`Store::restore`], refused as a conflict unless the entry is as
    /// `expect` says (the version a permission check was made against).
    pub async fn restore_expecting(
        &self,
        revision_id: i64,
        expect: Expect,
        change: &Change<'_>,
    ) -> Result<i64, StoreError> {
        let rev = self
            .revision(revision_id)
            .await?
            .ok_or(StoreError::NoRevision(revision_id))?;
        let kind = rev.kind;
        let entry = decode_entry(kind.as_str(), rev.entry_id.as_str(), &rev.after.to_string())?;
        let write = Write {
            kind,
            id: entry.id().clone(),
            data: rev.after.clone(),
            retired: rev.retired,
            expect,
            action: Some(Action::Restore),
        };
        let refers = entry.referenced_actors();
        let scope = if rev.retired {
            Scope::retiring(kind)
        } else {
            Scope::Around(&refers)
        };
        let mine = Dataset::from_entries([entry]);
        self.single(write, change, scope, |current| {
            let others = without(current, kind, rev.entry_id.as_str());
            if rev.retired {
                check(&others)
            } else {
                check(&mine.merged_over(&others))
            }
        })
        .await
    }

    /// One write, after `valid` accepted the catalogue as it is inside the
    /// write's transaction. Returns the entry's version afterwards.
    async fn single(
        &self,
        write: Write,
        change: &Change<'_>,
        scope: Scope<'_>,
        valid: impl Fn(&Dataset) -> Result<(), StoreError>,
    ) -> Result<i64, StoreError> {
        let (kind, id) = (write.kind, write.id.clone());
        let outcomes = self
            .write_checked(change, scope, |current| {
                valid(current)?;
                Ok(vec![write.clone()])
            })
            .await?;
        match outcomes.last() {
            Some(Outcome::Created) => Ok(1),
            Some(Outcome::Updated(v)) => Ok(*v),
            _ => Ok(self.get(kind, id.as_str()).await?.map(|e| e.version).unwrap_or(1)),
        }
    }

    /// Writes in one transaction, recording a revision for each write that
    /// changes something and raising the change counter (each revision
    /// carries the counter's new value; on PostgreSQL a notification names
    /// what changed). `plan` sees the part of the catalogue `scope` asks
    /// for, as it is inside that transaction (so a concurrent write, from
    /// this instance or another, cannot make what it checked untrue), and
    /// says what to write, or refuses. Any failure rolls back all of it.
    async fn write_checked(
        &self,
        change: &Change<'_>,
        scope: Scope<'_>,
        plan: impl Fn(&Dataset) -> Result<Vec<Write>, StoreError>,
    ) -> Result<Vec<Outcome>, StoreError> {
        check_change(change)?;
        // Writers in this process queue here rather than on the database.
        let _guard = self.write_lock.lock().await;
        let postgres = matches!(self.backend, Backend::Postgres(_));
        in_write_tx!(self, conn => {
            let at = stored(now());
            // Writers hold the write lock, so this number is theirs alone.
            let change_no: i64 = sqlx::query_scalar("SELECT value + 1 FROM change_counter WHERE id = 1")
                .fetch_one(&mut *conn)
                .await?;
            let mut current_sql = sqlx::QueryBuilder::new(ENTRY_SELECT);
            if let Scope::Around(actors) = scope {
                current_sql.push(" WHERE NOT retired AND (kind IN ('area', 'perspective', 'applicant_type')");
                if !actors.is_empty() {
                    current_sql.push(" OR (kind = 'actor' AND id IN (");
                    let mut ids = current_sql.separated(", ");
                    for a in actors {
                        ids.push_bind(a.as_str());
                    }
                    current_sql.push("))");
                }
                current_sql.push(")");
            }
            // (The whole catalogue is read with the retired entries too: the
            // same read then tells what is stored of every entry written.)
            current_sql.push(" ORDER BY kind, id");
            let rows: Vec<EntryRow> = current_sql.build_query_as().fetch_all(&mut *conn).await?;
            let current = Dataset::from_entries(
                rows.iter()
                    .filter(|r| !r.retired)
                    .map(|r| decode_entry(&r.kind, &r.id, &r.data))
                    .collect::<Result<Vec<_>, _>>()?,
            );
            let writes = plan(&current)?;
            let mut outcomes = Vec::with_capacity(writes.len());
            // An import knows what is stored from the read above; a single
            // write asks for its row. New entries are inserted in batches
            // after the loop.
            let known: Option<StoredRows> = matches!(scope, Scope::All).then(|| {
                rows.into_iter()
                    .map(|r| ((r.kind, r.id), (r.version, r.retired, r.data)))
                    .collect()
            });
            let mut created: Vec<(Write, String)> = Vec::new();
            // What this change writes, for its notification.
            let mut written: Vec<(EntryKind, Slug)> = Vec::new();
            for w in writes {
                let found: Option<(i64, bool, String)> = match &known {
                    Some(known) => known.get(&(w.kind.as_str().to_string(), w.id.to_string())).cloned(),
                    None => {
                        sqlx::query_as("SELECT version, retired, data FROM entries WHERE kind = $1 AND id = $2")
                            .bind(w.kind.as_str())
                            .bind(w.id.as_str())
                            .fetch_optional(&mut *conn)
                            .await?
                    }
                };
                let after = w.data.to_string();
                let conflict = |actual: i64, expected: String| StoreError::Conflict {
                    kind: w.kind,
                    id: w.id.to_string(),
                    expected,
                    actual,
                };
                match found {
                    None => {
                        if let Expect::Version(_) = w.expect {
                            return Err(StoreError::NotFound { kind: w.kind, id: w.id.to_string() });
                        }
                        written.push((w.kind, w.id.clone()));
                        created.push((w, after));
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
                        sqlx::query(
                            "UPDATE entries SET version = $1, retired = $2, data = $3, updated_at = $4 \
                             WHERE kind = $5 AND id = $6",
                        )
                        .bind(next)
                        .bind(w.retired)
                        .bind(&after)
                        .bind(&at)
                        .bind(w.kind.as_str())
                        .bind(w.id.as_str())
                        .execute(&mut *conn)
                        .await?;
                        let action = w.action.unwrap_or(if retired { Action::Restore } else { Action::Update });
                        insert_revision!(conn, w, next, action, change, &at, Some(data), &after, change_no);
                        written.push((w.kind, w.id.clone()));
                        outcomes.push(Outcome::Updated(next));
                    }
                }
            }
            // New entries and their first revisions, many rows per statement.
            for batch in created.chunks(BATCH_ROWS) {
                let mut insert = sqlx::QueryBuilder::new(
                    "INSERT INTO entries (kind, id, version, retired, data, updated_at) ",
                );
                insert.push_values(batch, |mut row, (w, after)| {
                    row.push_bind(w.kind.as_str())
                        .push_bind(w.id.as_str())
                        .push_bind(1_i64)
                        .push_bind(w.retired)
                        .push_bind(after.as_str())
                        .push_bind(at.as_str());
                });
                insert.build().execute(&mut *conn).await?;
                let mut revisions = sqlx::QueryBuilder::new(
                    "INSERT INTO revisions (kind, entry_id, version, action, author, comment, at, before, after, retired, change_no) ",
                );
                revisions.push_values(batch, |mut row, (w, after)| {
                    row.push_bind(w.kind.as_str())
                        .push_bind(w.id.as_str())
                        .push_bind(1_i64)
                        .push_bind(w.action.unwrap_or(Action::Create).as_str())
                        .push_bind(change.author)
                        .push_bind(change.comment)
                        .push_bind(at.as_str())
                        .push_bind(None::<String>)
                        .push_bind(after.as_str())
                        .push_bind(w.retired)
                        .push_bind(change_no);
                });
                revisions.build().execute(&mut *conn).await?;
            }
            if outcomes.iter().any(|o| !matches!(o, Outcome::Unchanged)) {
                sqlx::query("UPDATE change_counter SET value = $1 WHERE id = 1")
                    .bind(change_no)
                    .execute(&mut *conn)
                    .await?;
                if postgres {
                    // Delivered to the listeners when the transaction commits.
                    sqlx::query("SELECT pg_notify($1, json_build_object('schema', current_schema(), 'change', $2::bigint, 'entries', $3::json)::text)")
                        .bind(CHANGES_CHANNEL)
                        .bind(change_no)
                        .bind(notified_entries(&written))
                        .execute(&mut *conn)
                        .await?;
                }
            }
            outcomes
        })
    }
}

/// The entries a change's notification names, as JSON: `None` (null) when
/// there are more than [`NOTIFIED_ENTRIES`] (PostgreSQL's payloads are
/// limited to 8 000 bytes; an id is at most 80).
fn notified_entries(written: &[(EntryKind, Slug)]) -> Option<String> {
    (written.len() <= NOTIFIED_ENTRIES).then(|| serde_json::to_string(written).expect("ids serialise"))
}

/// Whether a catalogue holds together.
fn check(after: &Dataset) -> Result<(), StoreError> {
    let problems = after.validate(&Origins::new());
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(DatasetErrors(problems)))
    }
}

/// The catalogue without one entry.
fn without(current: &Dataset, kind: EntryKind, id: &str) -> Dataset {
    Dataset::from_entries(
        current
            .entries()
            .into_iter()
            .filter(|e| !(e.kind() == kind && e.id().as_str() == id)),
    )
}

pub(crate) fn decode_entry(kind: &str, id: &str, data: &str) -> Result<Entry, StoreError> {
    let corrupt = |message: String| StoreError::Corrupt {
        kind: kind.to_string(),
        id: id.to_string(),
        message,
    };
    let entry_kind = EntryKind::parse(kind).ok_or_else(|| corrupt("unknown kind".into()))?;
    Entry::from_json_str(entry_kind, data).map_err(|e| {
        corrupt(match e.field {
            Some(f) => format!("field `{f}`: {}", e.message),
            None => e.message,
        })
    })
}
