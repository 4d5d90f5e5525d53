//! What the store acknowledges stays, whatever goes wrong around it: a full
//! disk (a small tmpfs that the test mounts, which needs root or password-less
//! sudo, as the project's scripts do; and SQLite's `max_page_count`, which
//! fails inside a statement rather than at commit) and several writers at
//! once.

use std::str::FromStr;

use samverkan_domain::{Entry, EntryKind, bundled};
use samverkan_store::{Change, Expect, Store, StoreError};
use sqlx::sqlite::SqliteConnectOptions;

const EDITOR: Change<'static> = Change {
    author: "test",
    comment: "in a test",
};

/// A grant of the bundled data with a long description that changes with `n`.
fn grant_version(n: usize) -> Entry {
    let data = bundled::dataset().unwrap();
    let mut json = Entry::Grant(data.grants[0].clone()).to_json();
    json["description"] = serde_json::Value::String(format!(
        "Version {n}. {}",
        "Ett långt stycke text. ".repeat(150).trim_end()
    ));
    Entry::from_json(EntryKind::Grant, &json).unwrap()
}

async fn page_count(url: &str) -> i64 {
    let pool = sqlx::SqlitePool::connect(url).await.unwrap();
    let n: i64 = sqlx::query_scalar("PRAGMA page_count")
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    n
}

#[tokio::test]
async fn with_the_disk_full_every_acknowledged_write_stays_and_nothing_else_does() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("full.db").display());
    let store = Store::connect(&url).await.unwrap();
    store
        .import(&bundled::dataset().unwrap(), &Default::default(), &EDITOR)
        .await
        .unwrap();
    let id = bundled::dataset().unwrap().grants[0].id.to_string();
    drop(store);

    // The same file, on connections that may not grow it by more than a few pages.
    let limit = page_count(&url).await + 6;
    let options = SqliteConnectOptions::from_str(&url)
        .unwrap()
        .pragma("max_page_count", limit.to_string());
    let full = Store::open_sqlite(options).await.unwrap();
    let mut acknowledged = Vec::new();
    let mut refused = 0;
    for n in 0..40 {
        match full.put(grant_version(n), Expect::Any, &EDITOR).await {
            Ok(version) => acknowledged.push((n, version)),
            Err(StoreError::Full) => refused += 1,
            Err(e) => panic!("write {n}: {e}"),
        }
    }
    assert!(refused > 0, "the disk filled up: {acknowledged:?}");

    // Another reader, with room, sees exactly the last acknowledged write.
    let fresh = Store::connect(&url).await.unwrap();
    let stored = fresh.get(EntryKind::Grant, &id).await.unwrap().unwrap();
    let history = fresh.history(EntryKind::Grant, &id).await.unwrap();
    let (last_n, last_version) = *acknowledged.last().expect("some writes fit");
    assert_eq!(stored.version, last_version, "acknowledged: {acknowledged:?}");
    let Entry::Grant(g) = &stored.entry else {
        unreachable!()
    };
    assert!(
        g.description
            .as_deref()
            .unwrap_or("")
            .starts_with(&format!("Version {last_n}.")),
        "the stored text is the last acknowledged one"
    );
    // Versions are gapless: one revision per acknowledged write.
    let versions: Vec<i64> = history.iter().map(|r| r.version).collect();
    assert_eq!(versions, (1..=last_version).collect::<Vec<_>>());
    assert_eq!(history.len() - 1, acknowledged.len());

    // With room again, writes work at once.
    let version = fresh.put(grant_version(99), Expect::Any, &EDITOR).await.unwrap();
    assert_eq!(version, last_version + 1);
}

/// A 3 MiB tmpfs, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount() -> SmallDisk {
        let dir = tempfile::tempdir().unwrap();
        let as_root = |args: &[&str]| {
            let root = std::process::Command::new("id")
                .arg("-u")
                .output()
                .unwrap()
                .stdout
                == b"0\n";
            let mut command = if root {
                std::process::Command::new(args[0])
            } else {
                let mut sudo = std::process::Command::new("sudo");
                sudo.arg("-n").arg(args[0]);
                sudo
            };
            command
                .args(&args[1..])
                .status()
                .map(|s| s.success())
                .unwrap_or(false)
        };
        let path = dir.path().to_str().unwrap().to_string();
        assert!(
            as_root(&["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", &path]),
            "this test mounts a small tmpfs to fill: it needs root or password-less sudo"
        );
        SmallDisk { dir }
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let path = self.dir.path().to_str().unwrap().to_string();
        let _ = std::process::Command::new("umount").args(["-l", &path]).status();
        let _ = std::process::Command::new("sudo")
            .args(["-n", "umount", "-l", &path])
            .status();
    }
}

#[tokio::test]
async fn with_a_real_disk_full_at_commit_no_write_is_acknowledged_that_is_not_kept() {
    let disk = SmallDisk::mount();
    let url = format!("sqlite://{}", disk.dir.path().join("full.db").display());
    let store = Store::connect(&url).await.unwrap();
    store
        .import(&bundled::dataset().unwrap(), &Default::default(), &EDITOR)
        .await
        .unwrap();
    let id = bundled::dataset().unwrap().grants[0].id.to_string();
    let mut acknowledged = Vec::new();
    let mut refused = 0;
    for n in 0..400 {
        match store.put(grant_version(n), Expect::Any, &EDITOR).await {
            Ok(version) => acknowledged.push((n, version)),
            Err(StoreError::Full) => refused += 1,
            Err(e) => panic!("write {n}: {e}"),
        }
    }
    assert!(refused > 0, "the disk filled up");
    let (last_n, last_version) = *acknowledged.last().expect("some writes fit");
    // Versions acknowledged one after another, without gaps or repeats.
    let versions: Vec<i64> = acknowledged.iter().map(|(_, v)| *v).collect();
    assert_eq!(
        versions,
        (2..=last_version).collect::<Vec<_>>(),
        "{acknowledged:?}"
    );
    // A new reader, and the same store, see the last acknowledged write.
    for reader in [&Store::connect(&url).await.unwrap(), &store] {
        let stored = reader.get(EntryKind::Grant, &id).await.unwrap().unwrap();
        assert_eq!(stored.version, last_version);
        let Entry::Grant(g) = &stored.entry else {
            unreachable!()
        };
        assert!(
            g.description
                .as_deref()
                .unwrap_or("")
                .starts_with(&format!("Version {last_n}."))
        );
    }
}

/// Two stores on one SQLite file: two instances, or two processes.
async fn two_sqlite() -> (Store, Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("shared.db").display());
    let a = Store::connect(&url).await.unwrap();
    a.import(&bundled::dataset().unwrap(), &Default::default(), &EDITOR)
        .await
        .unwrap();
    let b = Store::connect(&url).await.unwrap();
    (a, b, dir)
}

/// Two stores on one fresh schema of the test PostgreSQL server.
async fn two_postgres() -> (Store, Store, String) {
    let url = std::env::var("SAMVERKAN_TEST_POSTGRES_URL").expect(
        "SAMVERKAN_TEST_POSTGRES_URL is not set: point it at a PostgreSQL server to run \
         the PostgreSQL tests (scripts/test skips the tests named `postgres` when it is not set, and says so)",
    );
    let schema = format!(
        "durability_{}_{}",
        std::process::id(),
        jiff::Timestamp::now().as_nanosecond()
    );
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&pool)
        .await
        .unwrap();
    let open = || async {
        let options = sqlx::postgres::PgConnectOptions::from_str(&url)
            .unwrap()
            .options([("search_path", schema.as_str())]);
        Store::open_postgres(options).await.unwrap()
    };
    let a = open().await;
    a.migrate().await.unwrap();
    a.import(&bundled::dataset().unwrap(), &Default::default(), &EDITOR)
        .await
        .unwrap();
    let b = open().await;
    (a, b, schema)
}

/// An actor nothing refers to, so that retiring it alone is allowed.
fn unreferenced_actor() -> Entry {
    let data = bundled::dataset().unwrap();
    let actor = data
        .actors
        .iter()
        .find(|a| {
            !data.grants.iter().any(|g| g.provider == a.id)
                && !data.initiatives.iter().any(|i| i.participants.contains(&a.id))
        })
        .expect("the bundled data has an actor without grants or initiatives");
    Entry::Actor(actor.clone())
}

/// A new grant given by `provider`.
fn grant_by(id: &str, provider: &str) -> Entry {
    let data = bundled::dataset().unwrap();
    let mut json = Entry::Grant(data.grants[0].clone()).to_json();
    json["id"] = id.into();
    json["provider"] = provider.into();
    Entry::from_json(EntryKind::Grant, &json).unwrap()
}

/// Instance A retires an actor while instance B adds a grant it gives: at
/// most one may succeed, and the catalogue always holds together.
async fn retiring_and_referring_at_once_never_breaks_the_catalogue(a: Store, b: Store) {
    let actor = unreferenced_actor();
    let id = actor.id().to_string();
    for round in 0..12 {
        let grant = grant_by(&format!("kapplopning-{round}"), &id);
        let (retired, created) = tokio::join!(
            a.retire(EntryKind::Actor, &id, Expect::Any, &EDITOR),
            b.put(grant, Expect::New, &EDITOR)
        );
        assert!(
            !(retired.is_ok() && created.is_ok()),
            "round {round}: both the retirement and the reference were accepted"
        );
        let problems = a.load().await.unwrap().validate(&Default::default());
        assert!(problems.is_empty(), "round {round}: {problems:?}");
        // Back to the start: the actor current, the grant (if made) retired.
        if created.is_ok() {
            let name = format!("kapplopning-{round}");
            a.retire(EntryKind::Grant, &name, Expect::Any, &EDITOR)
                .await
                .unwrap();
        }
        a.put(actor.clone(), Expect::Any, &EDITOR).await.unwrap();
    }
}

/// One task per each of the first `grants` grants, each changing its grant's
/// description `rounds` times through `store`.
fn spawn_writers(store: &Store, grants: usize, rounds: usize) -> Vec<tokio::task::JoinHandle<()>> {
    bundled::dataset()
        .unwrap()
        .grants
        .into_iter()
        .take(grants)
        .map(|grant| {
            let store = store.clone();
            tokio::spawn(async move {
                let grant = Entry::Grant(grant);
                for n in 0..rounds {
                    let mut json = grant.to_json();
                    json["description"] = format!("Ändring {n}").into();
                    let entry = Entry::from_json(EntryKind::Grant, &json).unwrap();
                    store.put(entry, Expect::Any, &EDITOR).await.unwrap();
                }
            })
        })
        .collect()
}

/// Writes on instance A, while instance B polls the change marker and
/// reloads when it moves: after the last write, B holds what A holds. (A
/// marker that can be skipped leaves B behind for good.)
async fn every_commit_moves_the_change_marker(a: Store, b: Store) {
    let writers = spawn_writers(&a, 6, 8);
    let mut marker = b.change_marker().await.unwrap();
    let mut seen = b.load().await.unwrap();
    while writers.iter().any(|w| !w.is_finished()) {
        let now = b.change_marker().await.unwrap();
        if now != marker {
            marker = now;
            seen = b.load().await.unwrap();
        }
    }
    for w in writers {
        w.await.unwrap();
    }
    if b.change_marker().await.unwrap() != marker {
        seen = b.load().await.unwrap();
    }
    assert_eq!(
        seen.sorted().to_json(),
        a.load().await.unwrap().sorted().to_json()
    );
}

/// Writers on two instances and sign-ins at the same time: every write
/// waits its turn; none is refused for a busy database.
async fn concurrent_writes_and_sign_ins_all_succeed(a: Store, b: Store) {
    a.create_user(
        "redaktor",
        samverkan_store::Role::Editor,
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA",
    )
    .await
    .unwrap();
    let grants: Vec<Entry> = bundled::dataset()
        .unwrap()
        .grants
        .iter()
        .take(4)
        .map(|g| Entry::Grant(g.clone()))
        .collect();
    let mut tasks = Vec::new();
    for (i, grant) in grants.into_iter().enumerate() {
        let store = if i % 2 == 0 { a.clone() } else { b.clone() };
        tasks.push(tokio::spawn(async move {
            for n in 0..15 {
                let mut json = grant.to_json();
                json["description"] = format!("Skrivning {n}").into();
                let entry = Entry::from_json(EntryKind::Grant, &json).unwrap();
                store.put(entry, Expect::Any, &EDITOR).await?;
            }
            Ok::<(), StoreError>(())
        }));
    }
    for i in 0..2 {
        let store = if i == 0 { a.clone() } else { b.clone() };
        tasks.push(tokio::spawn(async move {
            for n in 0..30 {
                let secret = format!("hemlighet-{i}-{n}");
                store
                    .create_session(&secret, "redaktor", "csrf", std::time::Duration::from_secs(60), 5)
                    .await?;
            }
            Ok(())
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
}

/// Runs each two-instance test on two SQLite stores on one file and on two
/// PostgreSQL stores on one schema.
macro_rules! on_two_instances {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let (a, b, _dir) = super::two_sqlite().await;
                    super::$name(a, b).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let (a, b, _schema) = super::two_postgres().await;
                    super::$name(a, b).await;
                }
            )*
        }
    };
}

on_two_instances!(
    retiring_and_referring_at_once_never_breaks_the_catalogue,
    every_commit_moves_the_change_marker,
    concurrent_writes_and_sign_ins_all_succeed,
);

#[tokio::test]
async fn a_backup_taken_while_writes_go_on_is_whole_and_consistent() {
    let (a, b, dir) = two_sqlite().await;
    let writers = spawn_writers(&a, 3, 20);
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let copy = dir.path().join("kopia.db");
    b.backup_to(&copy).await.unwrap();
    for w in writers {
        w.await.unwrap();
    }
    assert!(
        b.backup_to(&copy).await.is_err(),
        "a backup never overwrites a file"
    );

    let restored = Store::connect(&format!("sqlite://{}", copy.display()))
        .await
        .unwrap();
    let data = restored.load().await.unwrap();
    assert!(data.validate(&Default::default()).is_empty());
    // Every entry's version is the number of its revisions: no write is half there.
    for stored in restored.entries(true).await.unwrap() {
        let history = restored
            .history(stored.entry.kind(), stored.entry.id().as_str())
            .await
            .unwrap();
        assert_eq!(stored.version as usize, history.len(), "{}", stored.entry.id());
    }
}

#[tokio::test]
async fn a_read_only_store_reads_and_refuses_every_write() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("primary.db").display());
    let primary = Store::connect(&url).await.unwrap();
    primary
        .import(&bundled::dataset().unwrap(), &Default::default(), &EDITOR)
        .await
        .unwrap();
    let replica = Store::connect_read_only(&url).await.unwrap();
    assert_eq!(replica.load().await.unwrap(), primary.load().await.unwrap());
    let marker = replica.change_marker().await.unwrap();
    assert!(matches!(
        replica.put(grant_version(1), Expect::Any, &EDITOR).await,
        Err(StoreError::ReadOnly)
    ));
    assert_eq!(replica.change_marker().await.unwrap(), marker);
    // It follows the primary.
    primary.put(grant_version(2), Expect::Any, &EDITOR).await.unwrap();
    assert!(replica.change_marker().await.unwrap() > marker);

    let err = Store::connect_read_only(&format!("sqlite://{}", dir.path().join("tom.db").display()))
        .await
        .expect_err("a file that is not there is not opened");
    assert!(!matches!(err, StoreError::ReadOnly), "{err}");
}
