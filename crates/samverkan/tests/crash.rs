//! Nothing acknowledged is ever lost (issue 13): writers change grants through
//! the API of a real `samverkan serve` process while the test kills it with
//! SIGKILL, again and again, and starts it anew on the same database. Every
//! write that was answered 200 must be there afterwards, each grant's
//! revisions must be gapless (versions 1, 2, 3 …) and chained (each one's
//! `before` is the previous one's `after`), and `samverkan check` must read
//! the database whole. On SQLite and on PostgreSQL.

use std::io::{BufRead, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

mod common;
use common::{Cli, Database, serve};

const WRITERS: usize = 4;
const KILLS: usize = 4;
/// Writes acknowledged between one start and the next kill.
const WRITES_PER_ROUND: usize = 40;

/// One HTTP/1.1 exchange that may fail (the server may be dead or dying):
/// the status and body, or `None` on any connection error.
fn exchange(addr: &str, method: &str, path: &str, token: &str, body: Option<&Value>) -> Option<(u16, Value)> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(20))).ok()?;
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.get(9..12)?.parse().ok()?;
    let (_, body) = response.split_once("\r\n\r\n")?;
    Some((status, serde_json::from_str(body).unwrap_or(Value::Null)))
}

fn grant(id: &str, title: &str) -> Value {
    json!({"id": id, "title": title, "provider": "boverket", "verified": "2026-12-04"})
}

/// Where the server is now; writers wait while it is down.
struct Server {
    addr: RwLock<String>,
    token: String,
}

impl Server {
    /// Tries until the server answers (it may be restarting), then returns the answer.
    fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        give_up: &AtomicBool,
    ) -> Option<(u16, Value)> {
        loop {
            let addr = self.addr.read().unwrap().clone();
            if let Some(answer) = exchange(&addr, method, path, &self.token, body) {
                return Some(answer);
            }
            if give_up.load(Ordering::Relaxed) {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// What one writer was told: (version, title) of every write answered 200.
type Acknowledged = Vec<(i64, String)>;

/// Changes its own grant over and over. A write whose answer never came (the
/// server was killed) may or may not have been committed: the writer reads the
/// grant's revisions to learn which, and goes on from there.
fn writer(server: Arc<Server>, n: usize, stop: Arc<AtomicBool>, acked: Arc<AtomicUsize>) -> Acknowledged {
    let id = format!("krasch-{n}");
    let mut told = Acknowledged::new();
    let (status, created) = server
        .send(
            "POST",
            "/api/v1/grants",
            Some(&json!({"entry": grant(&id, "start")})),
            &stop,
        )
        .unwrap();
    let mut version = if status == 201 {
        created["version"].as_i64().unwrap()
    } else {
        // The create was committed but its answer was lost to a kill.
        current(&server, &id, &stop).0
    };
    let mut round = 0;
    while !stop.load(Ordering::Relaxed) {
        round += 1;
        let title = format!("skrivare {n}, skrivning {round}");
        let body = json!({"version": version, "entry": grant(&id, &title)});
        let Some((status, answer)) = server.send("PUT", &format!("/api/v1/grants/{id}"), Some(&body), &stop)
        else {
            break;
        };
        match status {
            200 => {
                version = answer["version"].as_i64().unwrap();
                told.push((version, title));
                acked.fetch_add(1, Ordering::Relaxed);
            }
            // The connection broke mid-answer and the write was kept, or a
            // 503 while the database was busy: read where the grant is.
            _ => version = current(&server, &id, &stop).0,
        }
    }
    told
}

/// The grant's version and revisions, as the server has them now.
fn current(server: &Server, id: &str, stop: &AtomicBool) -> (i64, Vec<Value>) {
    loop {
        let (status, body) = server
            .send("GET", &format!("/api/v1/grants/{id}/revisions"), None, stop)
            .expect("the server answers while the writers run");
        if status == 200 {
            let items = body["items"].as_array().unwrap().clone();
            return (items.last().unwrap()["version"].as_i64().unwrap(), items);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn start(cli: &Cli, database: Option<&str>) -> (Child, String) {
    let mut command = cli.command();
    if let Some(url) = database {
        command.env("SAMVERKAN_DATABASE_URL", url);
    }
    let (child, stderr, addr) = serve(command);
    // Keep reading the log so that the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in stderr.lines() {});
    (child, addr)
}

fn kill_during_writes(database: Option<&str>) {
    let cli = Cli::new();
    let with_db = |command: &mut Command| {
        if let Some(url) = database {
            command.env("SAMVERKAN_DATABASE_URL", url);
        }
    };
    if database.is_some() {
        let mut import = cli.command();
        with_db(&mut import);
        let out = import
            .args(["import", concat!(env!("CARGO_MANIFEST_DIR"), "/../../data")])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let mut add = cli.command();
    with_db(&mut add);
    let mut child = add
        .args(["user", "add", "krasch", "--role", "editor"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("ett långt och hemligt lösenord".as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    let mut token = cli.command();
    with_db(&mut token);
    let out = token
        .args(["token", "add", "krasch", "--name", "krasch"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();

    let (mut process, addr) = start(&cli, database);
    let server = Arc::new(Server {
        addr: RwLock::new(addr),
        token,
    });
    let stop = Arc::new(AtomicBool::new(false));
    let acked = Arc::new(AtomicUsize::new(0));
    let writers: Vec<_> = (0..WRITERS)
        .map(|n| {
            let (server, stop, acked) = (server.clone(), stop.clone(), acked.clone());
            std::thread::spawn(move || writer(server, n, stop, acked))
        })
        .collect();

    for kill in 0..=KILLS {
        let from = acked.load(Ordering::Relaxed);
        let deadline = Instant::now() + Duration::from_secs(120);
        while acked.load(Ordering::Relaxed) < from + WRITES_PER_ROUND {
            assert!(
                Instant::now() < deadline,
                "the writers stalled after {kill} kills"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        if kill == KILLS {
            break;
        }
        process.kill().unwrap(); // SIGKILL: no shutdown, no flush
        process.wait().unwrap();
        let (next, addr) = start(&cli, database);
        process = next;
        *server.addr.write().unwrap() = addr;
    }
    stop.store(true, Ordering::Relaxed);
    let told: Vec<Acknowledged> = writers.into_iter().map(|w| w.join().unwrap()).collect();

    let still = AtomicBool::new(false);
    for (n, told) in told.iter().enumerate() {
        let (_, revisions) = current(&server, &format!("krasch-{n}"), &still);
        for (i, revision) in revisions.iter().enumerate() {
            assert_eq!(
                revision["version"],
                json!(i + 1),
                "writer {n}: versions have a gap"
            );
            if i > 0 {
                assert_eq!(
                    revision["before"],
                    revisions[i - 1]["after"],
                    "writer {n}: revision {} does not follow from the one before",
                    i + 1
                );
            }
        }
        for (version, title) in told {
            let kept = &revisions[*version as usize - 1]["after"]["title"];
            assert_eq!(kept, title, "writer {n}: acknowledged version {version} was lost");
        }
    }
    let total: usize = told.iter().map(Vec::len).sum();
    assert!(
        total >= (KILLS + 1) * WRITES_PER_ROUND,
        "only {total} writes were acknowledged"
    );
    process.kill().unwrap();
    process.wait().unwrap();

    // The database opens and reads whole; the bundled entries are old
    // (stale) by design, so only what a crash could break is asked for.
    let mut check = cli.command();
    with_db(&mut check);
    let out = check.args(["check", "--format", "json"]).output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "check could not read the database: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let broken: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "dangling_reference")
        .collect();
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn killed_during_writes_sqlite_loses_no_acknowledged_write() {
    kill_during_writes(None);
}

#[test]
fn killed_during_writes_postgres_loses_no_acknowledged_write() {
    let database = Database::create("krasch");
    kill_during_writes(Some(&database.url));
}
