//! Backing up a PostgreSQL installation with PostgreSQL's own tools, as
//! docs/OPERATIONS.md says: `pg_dump -Fc` while the service writes, then
//! `pg_restore` into an empty database. The restored database must be whole
//! (every write acknowledged before the dump began, no dangling reference, an
//! export that imports cleanly elsewhere), and a dump taken once writes have
//! stopped must restore to an identical export.

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

use samverkan_domain::{Entry, bundled};
use samverkan_store::{Change, Expect, Store};
use serde_json::Value;

mod common;
use common::{Cli, Database};

const GRANT: &str = "boverket-svag-bostadsmarknad";

fn tool(program: &str, args: &[&str]) {
    let out = Command::new(program).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn samverkan(cli: &Cli, database: &str, args: &[&str]) -> String {
    let out = cli
        .command()
        .env("SAMVERKAN_DATABASE_URL", database)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.code() == Some(0) || args[0] == "check",
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn titled(version: i64) -> Entry {
    let mut grant = bundled::dataset()
        .unwrap()
        .grants
        .into_iter()
        .find(|g| g.id.as_str() == GRANT)
        .unwrap();
    grant.title = format!("Ändrad {version}");
    Entry::Grant(grant)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_dump_taken_while_writing_restores_whole() {
    let live = Database::create("levande");
    let cli = Cli::new();
    samverkan(
        &cli,
        &live.url,
        &["import", concat!(env!("CARGO_MANIFEST_DIR"), "/../../data")],
    );

    // One writer changes a grant again and again; `acknowledged` is the
    // version of the last change whose commit returned.
    let store = Store::connect(&live.url).await.unwrap();
    let acknowledged = Arc::new(AtomicI64::new(1));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (acknowledged, stop) = (acknowledged.clone(), stop.clone());
        tokio::spawn(async move {
            let change = Change {
                author: "backup",
                comment: "",
            };
            while !stop.load(Ordering::Relaxed) {
                let from = acknowledged.load(Ordering::Relaxed);
                let now = store
                    .put(titled(from + 1), Expect::Version(from), &change)
                    .await
                    .unwrap();
                acknowledged.store(now, Ordering::Relaxed);
            }
        })
    };
    while acknowledged.load(Ordering::Relaxed) < 20 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }

    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("samverkan.dump").display().to_string();
    let before_dump = acknowledged.load(Ordering::Relaxed);
    tokio::task::spawn_blocking({
        let (url, dump) = (live.url.clone(), dump.clone());
        move || tool("pg_dump", &["-Fc", "-d", &url, "-f", &dump])
    })
    .await
    .unwrap();
    assert!(
        acknowledged.load(Ordering::Relaxed) > before_dump,
        "the dump was not taken while writes went on"
    );

    let restored = Database::create("aterstalld");
    tool("pg_restore", &["--no-owner", "-d", &restored.url, &dump]);
    let export: Value =
        serde_json::from_str(&samverkan(&cli, &restored.url, &["export", "--format", "json"])).unwrap();
    let grant = export["grants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == GRANT)
        .unwrap();
    let kept: i64 = grant["title"]
        .as_str()
        .unwrap()
        .trim_start_matches("Ändrad ")
        .parse()
        .unwrap();
    assert!(
        kept >= before_dump,
        "the dump has version {kept}, but {before_dump} was acknowledged before it began"
    );
    let check: Value =
        serde_json::from_str(&samverkan(&cli, &restored.url, &["check", "--format", "json"])).unwrap();
    assert!(
        !check["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kind"] == "dangling_reference"),
        "{check}"
    );
    // The restored data is a whole catalogue: another installation takes it.
    let elsewhere = Cli::new();
    let file = elsewhere.file("aterstalld.json", &export.to_string());
    elsewhere.ok(&["import", &file]);

    stop.store(true, Ordering::Relaxed);
    writer.await.unwrap();
    tool("pg_dump", &["-Fc", "-d", &live.url, "-f", &dump]);
    let again = Database::create("igen");
    tool("pg_restore", &["--no-owner", "-d", &again.url, &dump]);
    assert_eq!(
        samverkan(&cli, &again.url, &["export"]),
        samverkan(&cli, &live.url, &["export"])
    );
}
