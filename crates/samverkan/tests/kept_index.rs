//! The search index kept beside an SQLite database: reused by the next
//! start when the data is the same, built again when it changed while the
//! service was down, and removed by a restore.

mod common;

use common::{Cli, http, serve};

fn current(cli: &Cli) -> String {
    std::fs::read_to_string(cli.dir.path().join("samverkan.db-search").join("current")).unwrap()
}

/// Starts the service, asks its search for `q`, stops it; returns the answer.
fn search_once(cli: &Cli, q: &str) -> String {
    let (mut child, _log, addr) = serve(cli.command());
    let answer = http(
        &addr,
        &format!("GET /api/v1/search?q={q} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    );
    child.kill().unwrap();
    child.wait().unwrap();
    answer
}

#[test]
fn the_kept_search_index_is_reused_rebuilt_after_changes_and_removed_by_a_restore() {
    let cli = Cli::new();
    let answer = search_once(&cli, "samlingslokaler");
    assert!(answer.contains("boverket-samlingslokaler"), "{answer}");
    let built = current(&cli);

    // Nothing changed: the same index is opened.
    search_once(&cli, "samlingslokaler");
    assert_eq!(current(&cli), built);

    // Changed while the service was down: built again, and finds the change.
    let backup = cli.dir.path().join("kopia.db").display().to_string();
    cli.ok(&["backup", &backup]);
    let mut data: serde_json::Value = serde_json::from_str(&cli.ok(&["export", "--format", "json"])).unwrap();
    let grant = data["grants"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|g| g["id"] == "boverket-samlingslokaler")
        .unwrap();
    grant["title"] = "Stöd till Planetariet".into();
    let file = cli.file("andrad.json", &data.to_string());
    cli.ok(&["import", &file]);
    let answer = search_once(&cli, "Planetariet");
    assert!(answer.contains("boverket-samlingslokaler"), "{answer}");
    assert_ne!(current(&cli), built);

    // A restore removes it: the restored data is indexed afresh.
    cli.ok(&["restore", &backup]);
    assert!(!cli.dir.path().join("samverkan.db-search").exists());
    let answer = search_once(&cli, "Planetariet");
    assert!(!answer.contains("boverket-samlingslokaler"), "{answer}");
}
