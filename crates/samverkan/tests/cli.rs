//! The `samverkan` command as a user runs it: each test gets its own data
//! directory, so the default SQLite database is created and loaded with the
//! bundled dataset on first use.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Stdio;

use serde_json::Value;

mod common;
use common::{Cli, http, serve};

#[test]
fn every_command_has_help() {
    let cli = Cli::new();
    for (command, mentions) in [
        ("serve", "--addr"),
        ("import", "All or nothing"),
        ("export", "--format"),
        ("deadlines", "--within"),
        ("check", "--stale-days"),
    ] {
        let help = cli.ok(&[command, "--help"]);
        assert!(help.contains(mentions), "{command}: {help}");
        assert!(help.contains("--database"), "{command}: {help}");
    }
    assert!(cli.ok(&["--help"]).contains("deadlines"));
}

#[test]
fn deadlines_on_a_date_as_a_table_and_as_json() {
    let cli = Cli::new();
    let table = cli.ok(&["deadlines", "--on", "2026-08-25", "--within", "30"]);
    assert!(table.contains("31 augusti 2026"), "{table}");
    assert!(
        table.contains("Stöd till allmänna samlingslokaler med ungdomsverksamhet."),
        "{table}"
    );
    let json: Value = serde_json::from_str(&cli.ok(&[
        "deadlines",
        "--on",
        "2026-08-25",
        "--within",
        "30",
        "--format",
        "json",
    ]))
    .unwrap();
    let ids: Vec<&str> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["boverket-samlingslokaler", "bra-utvardering"]);
    assert_eq!(json["items"][0]["days_left"], 6);
    let all: Value = serde_json::from_str(&cli.ok(&[
        "deadlines",
        "--all",
        "--format",
        "json",
        "--applicant",
        "kommun",
        "--area",
        "boende",
    ]))
    .unwrap();
    assert_eq!(all["items"][0]["id"], "boverket-svag-bostadsmarknad");
}

#[test]
fn bad_arguments_are_clear_errors() {
    let cli = Cli::new();
    let err = cli.fails(&["deadlines", "--on", "2026-02-30"], 2);
    assert!(err.contains("2026-02-30") && err.contains("YYYY-MM-DD"), "{err}");
    let err = cli.fails(&["deadlines", "--within=-3"], 2);
    assert!(err.contains("--within"), "{err}");
    let err = cli.fails(&["deadlines", "--area", "kultur"], 1);
    assert!(err.contains("there is no area \"kultur\""), "{err}");
    let err = cli.fails(&["export", "--database", "mysql://x"], 1);
    assert!(err.contains("sqlite://PATH or postgres://"), "{err}");
    let err = cli.fails(&["import", "/finns/inte.toml"], 1);
    assert!(err.contains("/finns/inte.toml"), "{err}");
    let err = cli.fails(&["import", &cli.file("data.csv", "a,b")], 1);
    assert!(err.contains(".toml or .json"), "{err}");
}

#[test]
fn an_empty_file_or_one_that_is_not_utf8_is_refused_and_says_where() {
    let cli = Cli::new();
    let empty = cli.file("empty.toml", "");
    let err = cli.fails(&["import", &empty], 1);
    assert!(
        err.contains("empty.toml") && err.contains("holds no entries"),
        "{err}"
    );
    let lists = cli.file("lists.json", r#"{"grants": []}"#);
    let err = cli.fails(&["import", &lists], 1);
    assert!(err.contains("holds no entries"), "{err}");
    let path = cli.dir.path().join("latin1.toml");
    std::fs::write(&path, b"[[areas]]\nid = \"boende\"\nname = \"Bost\xe4der\"\n").unwrap();
    let err = cli.fails(&["import", &path.display().to_string()], 1);
    assert!(
        err.contains("not UTF-8") && err.contains("line 3, column 13"),
        "{err}"
    );
}

#[test]
fn a_database_that_cannot_be_opened_is_one_clear_message() {
    let cli = Cli::new();
    let err = cli.fails(
        &["export", "--database", "sqlite:///finns/inte/alls/db.sqlite"],
        1,
    );
    assert!(
        err.contains("the directory /finns/inte/alls does not exist"),
        "{err}"
    );
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("/finns/inte/alls")).collect();
    assert!(lines.len() <= 2, "said once, with its cause: {err}");
}

#[test]
fn a_bad_import_names_file_entry_and_field_and_changes_nothing() {
    let cli = Cli::new();
    let before = cli.ok(&["export"]);
    let bad = cli.file(
        "bad.toml",
        r#"
[[grants]]
id = "boverket-samlingslokaler"
title = "Ändrad"
provider = "boverket"
deadline = "31 augusti"
verified = "2026-11-25"

[[grants]]
id = "ny-grant"
title = "Nytt bidrag"
provider = "boverket"
deadline = "31 februari"
verified = "2026-11-25"
"#,
    );
    let err = cli.fails(&["import", &bad], 1);
    assert!(
        err.contains("bad.toml: grant \"ny-grant\", field `deadline`"),
        "{err}"
    );
    assert!(err.contains("31 februari"), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");
    assert_eq!(cli.ok(&["export"]), before);

    let dangling = cli.file(
        "dangling.json",
        r#"{"grants":[{"id":"ny","title":"Ny","provider":"finns-inte","verified":"2026-11-25"}]}"#,
    );
    let err = cli.fails(&["import", &dangling], 1);
    assert!(
        err.contains(
            "dangling.json: grant \"ny\", field `provider`: there is no actor with id \"finns-inte\""
        ),
        "{err}"
    );
    assert_eq!(cli.ok(&["export"]), before);
}

#[test]
fn export_then_import_then_export_is_identical() {
    let cli = Cli::new();
    for format in ["json", "toml"] {
        let first = cli.ok(&["export", "--format", format]);
        let path = cli.file(&format!("export.{format}"), &first);
        let other = Cli::new();
        let db = format!("sqlite://{}", other.dir.path().join("fresh.db").display());
        let report = other.ok(&["import", &path, "--database", &db]);
        assert!(report.contains("96 new"), "{report}");
        assert_eq!(
            other.ok(&["export", "--format", format, "--database", &db]),
            first
        );
        let again = other.ok(&["import", &path, "--database", &db]);
        assert!(again.contains("0 new, 0 changed, 96 unchanged"), "{again}");
    }
}

#[test]
fn import_reads_a_directory_of_dataset_files() {
    let cli = Cli::new();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let db = format!("sqlite://{}", cli.dir.path().join("dir.db").display());
    let report = cli.ok(&["import", data.to_str().unwrap(), "--database", &db]);
    assert!(report.contains("Imported 96 entries: 96 new"), "{report}");
}

#[test]
fn check_reports_problems_and_exits_non_zero() {
    let cli = Cli::new();
    let out = cli.run(&["check", "--on", "2026-11-25", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let of = |kind: &str| findings.iter().filter(|f| f["kind"] == kind).count();
    // Everything was last verified on 22 December 2021.
    assert_eq!(of("stale"), 32 + 34 + 8);
    assert_eq!(of("passed_deadline"), 3);
    assert!(findings.iter().any(|f| f["kind"] == "missing_field"
        && f["id"] == "boverket-svag-bostadsmarknad"
        && f["message"] == "no url"));
    let table = String::from_utf8(cli.run(&["check", "--on", "2022-01-01"]).stdout).unwrap();
    assert!(table.contains("0 stale, 3 passed deadlines"), "{table}");
}

#[test]
fn serve_answers_the_api_on_a_fresh_data_directory() {
    let cli = Cli::new();
    let (mut child, _log, addr) = serve(cli.command());
    let mut stream = TcpStream::connect(&addr).unwrap();
    write!(
        stream,
        "GET /api/v1/grants?on=2026-11-25&limit=1 HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    let body = response.split("\r\n\r\n").nth(1).unwrap();
    let json: Value = serde_json::from_str(body).unwrap();
    assert_eq!(json["total"], 34);
    assert!(cli.dir.path().join("samverkan.db").exists());
}

#[test]
fn generate_writes_a_deterministic_dataset_that_imports() {
    let cli = Cli::new();
    let first = cli.ok(&["generate", "--grants", "300", "--actors", "20", "--seed", "5"]);
    assert_eq!(
        first,
        cli.ok(&["generate", "--grants", "300", "--actors", "20", "--seed", "5"])
    );
    let path = cli.file("synthetic.json", &first);
    let db = format!("sqlite://{}", cli.dir.path().join("synthetic.db").display());
    let report = cli.ok(&["import", &path, "--database", &db]);
    // 5 areas, 5 perspectives, 12 applicant types, 20 actors, 300 grants, 2 initiatives.
    assert!(report.contains("Imported 344 entries: 344 new"), "{report}");
    let err = cli.fails(&["generate", "--actors", "0"], 2);
    assert!(err.contains("--actors"), "{err}");
}

#[test]
fn editor_accounts_are_managed_from_the_command_line() {
    let cli = Cli::new();
    let add = |name: &str, password: &str, extra: &[&str]| {
        let mut cmd = cli.command();
        cmd.args(["user", "add", name])
            .args(extra)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(password.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let out = add("anna", "ett långt lösenord\n", &["--role", "admin"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(add("bo", "ett annat långt lösenord", &[]).status.success());
    let dup = add("anna", "ett tredje långt lösenord", &[]);
    assert_eq!(dup.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&dup.stderr).contains("already an account \"anna\""));
    let short = add("cecilia", "kort", &[]);
    assert_eq!(short.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&short.stderr).contains("12 to 1024 characters"));
    let bad = add("Cecilia Larsson", "ett långt lösenord", &[]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not a username"));

    assert!(cli.ok(&["user", "disable", "bo"]).contains("Disabled"));
    let list: Value = serde_json::from_str(&cli.ok(&["user", "list", "--format", "json"])).unwrap();
    let summary: Vec<(String, String, bool)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["username"].as_str().unwrap().into(),
                u["role"].as_str().unwrap().into(),
                u["disabled"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("anna".into(), "admin".into(), false),
            ("bo".into(), "editor".into(), true)
        ]
    );
    assert!(!list.to_string().contains("argon2"), "hashes are never listed");
    let table = cli.ok(&["user", "list"]);
    assert!(table.contains("bo") && table.contains("disabled"), "{table}");
    let err = cli.fails(&["user", "disable", "cecilia"], 1);
    assert!(err.contains("no account \"cecilia\""), "{err}");

    // Organisation accounts: made for an actor of the catalogue, joined to
    // more, never left without one; admins belong to none.
    let eva = add(
        "eva",
        "ett långt lösenord för eva",
        &["--organisation", "boverket"],
    );
    assert!(eva.status.success(), "{}", String::from_utf8_lossy(&eva.stderr));
    assert!(String::from_utf8_lossy(&eva.stdout).contains("editor for boverket"));
    let nowhere = add(
        "frida",
        "ett långt lösenord för frida",
        &["--organisation", "finns-inte"],
    );
    assert_eq!(nowhere.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&nowhere.stderr).contains("no actor \"finns-inte\""));
    let admin = add(
        "gustav",
        "ett långt lösenord",
        &["--role", "admin", "--organisation", "skr"],
    );
    assert!(String::from_utf8_lossy(&admin.stderr).contains("an admin cannot belong"));
    assert!(
        cli.ok(&["user", "join", "eva", "skr"])
            .contains("now belongs to \"skr\"")
    );
    assert!(
        cli.ok(&["user", "leave", "eva", "boverket"])
            .contains("no longer belongs")
    );
    let last = cli.fails(&["user", "leave", "eva", "skr"], 1);
    assert!(last.contains("disable the account instead"), "{last}");
    let list: Value = serde_json::from_str(&cli.ok(&["user", "list", "--format", "json"])).unwrap();
    let eva = list
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "eva")
        .unwrap();
    assert_eq!(eva["organisations"], serde_json::json!(["skr"]));
    assert!(
        cli.fails(&["user", "join", "anna", "skr"], 1)
            .contains("is an admin")
    );
}

#[test]
fn check_links_reports_broken_links_and_records_them() {
    use axum::http::StatusCode;
    let app = axum::Router::new()
        .route("/ok", axum::routing::get(|| async { "ok" }))
        .route("/gone", axum::routing::get(|| async { StatusCode::GONE }));
    let (runtime, base) = common::loopback(app);
    let cli = Cli::new();
    let exported: Value = serde_json::from_str(&cli.ok(&["export", "--format", "json"])).unwrap();
    // Only the test server's addresses: no request leaves the machine.
    let local = |list: &str, field: &str, id: &str, url: String| -> Vec<Value> {
        exported[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let mut e = e.clone();
                let o = e.as_object_mut().unwrap();
                o.remove("added");
                o.remove(field);
                if o["id"] == id {
                    o.insert(field.to_string(), url.clone().into());
                }
                e
            })
            .collect()
    };
    let actors = local("actors", "website", "boverket", format!("{base}/ok"));
    let grants = local("grants", "url", "boverket-skollokaler", format!("{base}/gone"));
    let grants: Vec<Value> = grants
        .into_iter()
        .map(|mut g| {
            // An ended grant says where that was established; without its
            // additions it is simply not marked ended here.
            g.as_object_mut().unwrap().remove("ended");
            g
        })
        .collect();
    let file = cli.file(
        "links.json",
        &serde_json::json!({"actors": actors, "grants": grants}).to_string(),
    );
    cli.ok(&["import", &file]);

    // The test server is on loopback, which the checker refuses unless the
    // operator allows it: both links are then reported, neither asked.
    let refused = cli.run(&["check", "--links", "--format", "json", "--link-timeout", "5"]);
    assert_eq!(refused.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&refused.stdout).unwrap();
    let messages: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "broken_link")
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages.iter().all(|m| m.contains("not a public address")),
        "{messages:?}"
    );

    let out = cli.run(&[
        "check",
        "--links",
        "--allow-private-links",
        "--format",
        "json",
        "--link-timeout",
        "5",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let broken: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "broken_link")
        .collect();
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert_eq!(broken[0]["id"], "boverket-skollokaler");
    assert!(broken[0]["message"].as_str().unwrap().contains("status 410"));
    let table = cli.run(&["check", "--links", "--allow-private-links"]);
    assert!(String::from_utf8_lossy(&table.stdout).contains("1 broken links"));
    drop(runtime);
}

#[test]
fn the_server_keeps_its_files_private_and_typed_names_out_of_the_log() {
    use std::os::unix::fs::PermissionsExt;
    let cli = Cli::new();
    let data = cli.dir.path().join("ny").join("data");
    let mut command = cli.command();
    command.env("SAMVERKAN_DATA_DIR", &data);
    let (mut child, mut stderr, addr) = serve(command);

    // A password typed into the user name field.
    let form = http(
        &addr,
        &format!("GET /redaktion/logga-in HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    );
    let token = form
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    let secret = "Hemligt-Losenord-4711";
    let body = format!("username={secret}&password=fel&csrf={token}");
    let answer = http(
        &addr,
        &format!(
            "POST /redaktion/logga-in HTTP/1.1\r\nHost: {addr}\r\nCookie: samverkan-login={token}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");

    // While it runs, the database and its journal files are the owner's alone.
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700, "the data directory");
    let mut seen = 0;
    for name in ["samverkan.db", "samverkan.db-wal", "samverkan.db-shm"] {
        let path = data.join(name);
        if path.exists() {
            assert_eq!(mode(&path), 0o600, "{name}");
            seen += 1;
        }
    }
    assert!(seen >= 2, "the database and its write-ahead log");

    child.kill().unwrap();
    child.wait().unwrap();
    let mut log = String::new();
    stderr.read_to_string(&mut log).unwrap();
    assert!(log.contains("failed login"), "{log}");
    assert!(!log.contains(secret), "the typed name is in the log:\n{log}");
}

#[test]
fn serving_on_every_interface_needs_a_public_url() {
    let cli = Cli::new();
    let message = cli.fails(&["serve", "--addr", "0.0.0.0:0"], 1);
    assert!(message.contains("--public-url"), "{message}");
    let message = cli.fails(&["serve", "--public-url", "javascript:alert(1)"], 2);
    assert!(message.contains("https://"), "{message}");
}

#[test]
fn a_token_made_on_the_command_line_works_once_listed_and_revoked() {
    let cli = Cli::new();
    let mut add = cli.command();
    add.args(["user", "add", "automat", "--role", "editor"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null());
    let mut child = add.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"ett tillr\xc3\xa4ckligt l\xc3\xa5ngt l\xc3\xb6senord")
        .unwrap();
    assert!(child.wait().unwrap().success());

    let err = cli.fails(&["token", "add", "ingen", "--name", "Import"], 1);
    assert!(err.contains("no enabled account \"ingen\""), "{err}");
    let err = cli.fails(&["token", "add", "automat", "--name", ""], 1);
    assert!(err.contains("1 to 100 characters"), "{err}");

    let token = cli.ok(&["token", "add", "automat", "--name", "Nattlig import"]);
    let token = token.trim();
    assert!(token.starts_with("svk_") && token.len() > 40, "{token}");
    let listed = cli.ok(&["token", "list", "--format", "json"]);
    let listed: serde_json::Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(listed[0]["name"], "Nattlig import");
    assert_eq!(listed[0]["username"], "automat");
    assert!(listed[0]["revoked_at"].is_null());
    assert!(
        !listed.to_string().contains(token),
        "the token itself is never listed"
    );

    let id = listed[0]["id"].as_i64().unwrap().to_string();
    cli.ok(&["token", "revoke", &id]);
    let listed: serde_json::Value =
        serde_json::from_str(&cli.ok(&["token", "list", "--format", "json"])).unwrap();
    assert!(!listed[0]["revoked_at"].is_null());
    let err = cli.fails(&["token", "revoke", "999"], 1);
    assert!(err.contains("999"), "{err}");
}

#[test]
fn a_backup_restores_to_the_same_data() {
    let cli = Cli::new();
    let before = cli.ok(&["export"]);
    let backup = cli.dir.path().join("kopia.db").display().to_string();
    cli.ok(&["backup", &backup]);
    let err = cli.fails(&["backup", &backup], 1);
    assert!(err.contains("exists already"), "{err}");

    let changed = cli.file(
        "change.toml",
        "[[areas]]\nid = \"boende\"\nname = \"Bostäder\"\norder = 1\nverified = \"2026-11-29\"\n",
    );
    cli.ok(&["import", &changed]);
    assert_ne!(cli.ok(&["export"]), before);

    let not_a_backup = cli.file("annat.db", "inte en databas");
    let err = cli.fails(&["restore", &not_a_backup], 1);
    assert!(err.contains("is not a Samverkan backup"), "{err}");
    assert_ne!(cli.ok(&["export"]), before, "a refused restore replaces nothing");

    cli.ok(&["restore", &backup]);
    assert_eq!(cli.ok(&["export"]), before);
}

#[test]
fn harvest_takes_an_organisations_file_or_refuses_it_saying_why() {
    let app = axum::Router::new()
        .route("/trasig.json", axum::routing::get(|| async { "{\"grants\": [" }))
        .route(
            "/bidrag.csv",
            axum::routing::get(|| async {
                "id,title,provider_id,description\nboverket-samlingslokaler,Stöd till allmänna samlingslokaler,boverket,Ur filen.\n"
            }),
        );
    let (_runtime, base) = common::loopback(app);
    let cli = Cli::new();
    assert!(cli.ok(&["harvest"]).contains("No organisation has given a file"));
    let unknown = cli.fails(&["harvest", "--organisation", "finns-inte"], 1);
    assert!(unknown.contains("has given no file"), "{unknown}");
    // On loopback: refused unless the operator allows it.
    let csv = format!("{base}/bidrag.csv");
    let refused = cli.run(&["harvest", "--organisation", "boverket", "--set", &csv]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stdout).contains("ingen publik adress"));
    // A malformed file: a clear error, and nothing changed.
    let before = cli.ok(&["export", "--format", "json"]);
    let broken = format!("{base}/trasig.json");
    let out = cli.run(&[
        "harvest",
        "--organisation",
        "boverket",
        "--set",
        &broken,
        "--allow-private-links",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("boverket (error)") && said.contains("inte giltig JSON"),
        "{said}"
    );
    assert_eq!(cli.ok(&["export", "--format", "json"]), before);
    // A good file, published directly.
    let out = cli.ok(&[
        "harvest",
        "--organisation",
        "boverket",
        "--set",
        &csv,
        "--direct",
        "--allow-private-links",
    ]);
    assert!(
        out.contains("boverket (ok)") && out.contains("1 ändrade"),
        "{out}"
    );
    assert!(cli.ok(&["export", "--format", "json"]).contains("Ur filen."));
}
