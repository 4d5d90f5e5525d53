//! The whole service at 100 000 synthetic grants (SPEC §7): import time,
//! start-up time (loading the catalogue and building the search index),
//! memory, and server-side latency of pages and API answers, through the real
//! router without a socket, each one rendered and gzipped (the cache of whole
//! answers is off), as a browser asks for it.
//!
//!     cargo bench -p samverkan --bench service
//!
//! SAMVERKAN_BENCH_GRANTS sets the size (default 100000). With
//! SAMVERKAN_BENCH_POSTGRES_URL set, it also measures how soon a change saved
//! on one instance is served by another on the same PostgreSQL database.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use samverkan_domain::dataset::Origins;
use samverkan_domain::synthetic;
use samverkan_store::{Change, Store};
use samverkan_web::{AppState, Config, router};
use tower::ServiceExt;

const ROUNDS: usize = 30;
/// Saved edits measured (each one changes a grant's title).
const EDITS: usize = 50;

const URIS: &[&str] = &[
    "/api/v1/grants?limit=20&on=2026-11-25",
    "/api/v1/grants?area=boende&applicant=kommun&limit=20&on=2026-11-25",
    "/api/v1/grants?within_days=30&status=upcoming&limit=20&on=2026-11-25",
    "/api/v1/grants?q=l%C3%A4xhj%C3%A4lp&limit=20&on=2026-11-25",
    "/api/v1/grants/bidrag-050000?on=2026-11-25",
    "/api/v1/actors?limit=20",
    "/api/v1/search?q=segregation",
    "/",
    "/bidrag?area=arbete&on=2026-11-25",
    "/bidrag/bidrag-000001",
    "/aktorer/aktor-00001",
    "/kalender?area=utbildning",
    "/sok?q=f%C3%B6reningsliv",
    "/bidrag",
    "/bidrag?area=boende&applicant=kommun&status=upcoming",
    "/kalender",
    "/overlapp",
    "/aktorer",
    "/omraden/boende",
    "/api/v1/initiatives",
    "/api/v1/grants?provider=aktor-00001&limit=20",
];

fn memory_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn percentiles(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize].as_secs_f64() * 1000.0;
    (at(0.50), at(0.99))
}

fn main() {
    let n: usize = std::env::var("SAMVERKAN_BENCH_GRANTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let data = synthetic::generate(n, (n / 50).max(1), 42);
        let entries = data.len();
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("bench.db").display());
        let store = Store::connect(&url).await.unwrap();
        let start = Instant::now();
        store
            .import(
                &data,
                &Origins::new(),
                &Change {
                    author: "bench",
                    comment: "",
                },
            )
            .await
            .unwrap();
        let import = start.elapsed();
        drop(data);
        // Start-up's parts, each on its own.
        let start = Instant::now();
        let dataset = store.load().await.unwrap();
        let read = start.elapsed();
        let start = Instant::now();
        let copy = dataset.clone();
        let cloned = start.elapsed();
        drop(copy);
        let start = Instant::now();
        let catalog = samverkan_domain::Catalog::new(dataset);
        let indexed = start.elapsed();
        let start = Instant::now();
        catalog.prepare_day(samverkan_domain::time::today_in_sweden());
        let day = start.elapsed();
        let start = Instant::now();
        let search = samverkan_search::SearchIndex::build(&catalog).unwrap();
        let built = start.elapsed();
        drop((catalog, search));
        println!(
            "start-up's parts: read and decode {:.0} ms, (a copy of the dataset {:.0} ms), catalogue indexes {:.0} ms, today's deadlines {:.0} ms, search index {:.0} ms",
            read.as_secs_f64() * 1e3,
            cloned.as_secs_f64() * 1e3,
            indexed.as_secs_f64() * 1e3,
            day.as_secs_f64() * 1e3,
            built.as_secs_f64() * 1e3
        );
        // Every request rendered: the cache of whole answers would otherwise
        // answer all but the first round. The search index kept on disk, as
        // `serve` keeps it beside an SQLite database.
        let config = Config {
            response_cache_bytes: 0,
            search_dir: Some(dir.path().join("bench.db-search")),
            ..Config::default()
        };
        let start = Instant::now();
        let first = AppState::new(store.clone(), config.clone()).await.unwrap();
        let building = start.elapsed();
        drop(first);
        let before = memory_mib();
        let start = Instant::now();
        let state = AppState::new(store, config).await.unwrap();
        let startup = start.elapsed();
        let after = memory_mib();
        println!(
            "first start-up (load the catalogue, build and keep the search index): {:.2} s",
            building.as_secs_f64()
        );
        println!("grants: {n} ({entries} entries)");
        println!(
            "import into a fresh SQLite database: {:.1} s",
            import.as_secs_f64()
        );
        println!(
            "start-up (load the catalogue, open the kept search index): {:.2} s",
            startup.as_secs_f64()
        );
        println!(
            "memory: {after:.0} MiB RSS after start-up (+{:.0} MiB for the catalogue and index)",
            after - before
        );
        println!("\n| request | bytes (gzip) | p50 (ms) | p99 (ms) |");
        println!("|---|---:|---:|---:|");
        let app = router(state.clone());
        for uri in URIS {
            let mut samples = Vec::with_capacity(ROUNDS);
            let mut bytes = 0;
            for round in 0..=ROUNDS {
                let start = Instant::now();
                // As a browser asks: compressed, so the time includes gzip.
                let request = Request::get(*uri)
                    .header("accept-encoding", "gzip")
                    .body(Body::empty())
                    .unwrap();
                let response = app.clone().oneshot(request).await.unwrap();
                assert_eq!(response.status(), StatusCode::OK, "{uri}");
                bytes = response.into_body().collect().await.unwrap().to_bytes().len();
                if round > 0 {
                    samples.push(start.elapsed());
                }
            }
            let (p50, p99) = percentiles(samples);
            println!("| `{uri}` | {bytes} | {p50:.2} | {p99:.2} |");
        }

        // A saved edit, as the editing service makes it: the write, then the
        // catalogue reloaded, then the next read shows it.
        let mut grant = state.catalog().grant("bidrag-000001").unwrap().clone();
        let mut samples = Vec::new();
        for round in 1..=EDITS {
            grant.title = format!("Ändrad titel {round}");
            let start = Instant::now();
            state
                .store
                .put(
                    samverkan_domain::Entry::Grant(grant.clone()),
                    samverkan_store::Expect::Any,
                    &Change {
                        author: "bench",
                        comment: "",
                    },
                )
                .await
                .unwrap();
            state.reload_after_write().await;
            let page = app
                .clone()
                .oneshot(Request::get("/bidrag/bidrag-000001").body(Body::empty()).unwrap())
                .await
                .unwrap();
            let body = page.into_body().collect().await.unwrap().to_bytes();
            assert!(String::from_utf8_lossy(&body).contains(&grant.title));
            samples.push(start.elapsed());
        }
        let (p50, p99) = percentiles(samples);
        println!(
            "\nA saved edit visible on the next read (write, apply in place, read; {EDITS} rounds): p50 {p50:.1} ms, p99 {p99:.1} ms"
        );
        if let Ok(url) = std::env::var("SAMVERKAN_BENCH_POSTGRES_URL") {
            across_instances(&url, n).await;
        }
    });
}

/// Two instances on one PostgreSQL database holding `n` synthetic grants:
/// the time from a saved edit on one (the write returned) until the other
/// serves it, over EDITS edits.
async fn across_instances(url: &str, n: usize) {
    use std::str::FromStr;
    let schema = format!("bench_{}", std::process::id());
    let admin = sqlx::PgPool::connect(url).await.unwrap();
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&admin)
        .await
        .unwrap();
    let options = sqlx::postgres::PgConnectOptions::from_str(url)
        .unwrap()
        .options([("search_path", schema.as_str())]);
    let store = Store::open_postgres(options.clone()).await.unwrap();
    store.migrate().await.unwrap();
    let data = synthetic::generate(n, (n / 50).max(1), 42);
    let change = Change {
        author: "bench",
        comment: "",
    };
    let start = Instant::now();
    store.import(&data, &Origins::new(), &change).await.unwrap();
    println!("\nimport into PostgreSQL: {:.1} s", start.elapsed().as_secs_f64());
    drop(data);
    let config = || Config {
        response_cache_bytes: 0,
        ..Config::default()
    };
    let one = AppState::new(store, config()).await.unwrap();
    let two = AppState::new(Store::open_postgres(options).await.unwrap(), config())
        .await
        .unwrap();
    let watcher = two.spawn_watcher(Duration::from_secs(1));
    while two.listener_pid().is_none() {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let mut grant = one.catalog().grant("bidrag-000002").unwrap().clone();
    let (mut saved, mut seen) = (Vec::new(), Vec::new());
    for round in 1..=EDITS {
        grant.title = format!("Ändrad på den andra instansen {round}");
        let start = Instant::now();
        one.store
            .put(
                samverkan_domain::Entry::Grant(grant.clone()),
                samverkan_store::Expect::Any,
                &change,
            )
            .await
            .unwrap();
        one.reload_after_write().await;
        saved.push(start.elapsed());
        while two.catalog().grant("bidrag-000002").unwrap().title != grant.title {
            tokio::time::sleep(Duration::from_micros(200)).await;
        }
        seen.push(start.elapsed());
    }
    watcher.abort();
    let (p50, p99) = percentiles(saved);
    println!(
        "A saved edit on PostgreSQL (write, apply in place; {EDITS} rounds): p50 {p50:.1} ms, p99 {p99:.1} ms"
    );
    let (p50, p99) = percentiles(seen);
    println!("The same edit served by the other instance (from the save): p50 {p50:.1} ms, p99 {p99:.1} ms");
    sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
        .execute(&admin)
        .await
        .unwrap();
}
