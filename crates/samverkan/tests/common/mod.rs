//! What the command's tests share: a data directory of their own, a server
//! started on a free port, and a plain HTTP/1.1 client.

#![allow(dead_code)] // each test binary uses its own part

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStderr, Command, Output, Stdio};

pub struct Cli {
    pub dir: tempfile::TempDir,
}

impl Cli {
    pub fn new() -> Cli {
        Cli {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_samverkan"));
        cmd.env("SAMVERKAN_DATA_DIR", self.dir.path())
            .env_remove("SAMVERKAN_DATABASE_URL")
            .env_remove("RUST_LOG");
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().unwrap()
    }

    /// Runs and expects success; returns standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs and expects failure with `code`; returns standard error.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stderr).unwrap()
    }

    pub fn file(&self, name: &str, text: &str) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }
}

/// Starts `samverkan serve` on a free port; returns the process, the rest of
/// its log, and the address it says it serves.
pub fn serve(mut command: Command) -> (Child, BufReader<ChildStderr>, String) {
    let mut child = command
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while stderr.read_line(&mut line).unwrap() > 0 {
        if let Some(rest) = line.split("serves http://").nth(1) {
            let addr = rest.split('/').next().unwrap().to_string();
            return (child, stderr, addr);
        }
        line.clear();
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server did not say where it listens");
}

/// Sends one HTTP/1.1 request and returns the whole response.
pub fn http(addr: &str, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

/// The test PostgreSQL server's URL; a PostgreSQL test fails without it.
pub fn postgres_url() -> String {
    std::env::var("SAMVERKAN_TEST_POSTGRES_URL").expect(
        "SAMVERKAN_TEST_POSTGRES_URL is not set: point it at a PostgreSQL server to run \
         the PostgreSQL tests (scripts/test skips the tests named `postgres` when it is not set, and says so)",
    )
}

/// A fresh database on the test server, dropped (with its connections) when
/// the test ends, whether it passed or not.
pub struct Database {
    base: String,
    name: String,
    pub url: String,
}

impl Database {
    pub fn create(what: &str) -> Database {
        let base = postgres_url();
        let name = format!(
            "{what}_{}_{}",
            std::process::id(),
            jiff::Timestamp::now().as_nanosecond()
        );
        admin(&base, &format!("CREATE DATABASE {name}"));
        let mut url = url::Url::parse(&base).unwrap();
        url.set_path(&name);
        Database {
            base,
            name,
            url: url.to_string(),
        }
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        admin(
            &self.base,
            &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
        );
    }
}

/// Runs one statement on the server, on a thread and runtime of its own (so
/// that it works inside an async test as well).
fn admin(base: &str, sql: &str) {
    let (base, sql) = (base.to_string(), sql.to_string());
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async {
                let pool = sqlx::PgPool::connect(&base).await.unwrap();
                sqlx::query(&sql).execute(&pool).await.unwrap();
                pool.close().await;
            })
    })
    .join()
    .unwrap();
}

/// Serves `app` on loopback for as long as the returned runtime lives; its
/// base address (`http://127.0.0.1:PORT`).
pub fn loopback(app: axum::Router) -> (tokio::runtime::Runtime, String) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let base = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://{addr}")
    });
    (runtime, base)
}
