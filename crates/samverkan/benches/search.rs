//! Search benchmark: the in-process tantivy index against the full-text search
//! a team would otherwise reach for — SQLite FTS5 and PostgreSQL with the
//! `swedish` configuration — on the same documents and the same queries, at
//! the bundled dataset's size and at 100 000 synthetic grants.
//!
//!     SAMVERKAN_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test \
//!         cargo bench -p samverkan --bench search
//!
//! Reports index build time, memory, and query latency p50/p99 over a fixed
//! mix of queries (each query ROUNDS times, after a warm-up round). Set
//! SAMVERKAN_BENCH_SIZES (for example "bundled,20000") to choose the sizes.

use std::str::FromStr;
use std::time::{Duration, Instant};

use samverkan_domain::{Catalog, bundled, synthetic};
use samverkan_search::{Kind, SearchIndex, body_text, title_text};
use sqlx::Row;

const ROUNDS: usize = 20;

/// A fixed mix: single words, inflected forms, compounds, place names, a
/// typo, phrases of two to five words.
const QUERIES: &[&str] = &[
    "segregation",
    "idrottsföreningar",
    "läxhjälp barn",
    "brottsförebyggande arbete",
    "etablering av nyanlända",
    "feriejobb för ungdomar",
    "jämställdhetsprojekt",
    "hedersrelaterat våld",
    "forskning om boendesegregation",
    "Malmö",
    "samlingslokaler",
    "trygghet i bostadsområdet",
    "föreningsliv",
    "rasism diskriminering",
    "folkhälsan",
    "skolsegregation och likvärdighet",
    "fritidsgårdar",
    "kvinnors organisering",
    "medborgardialog",
    "utvärdering av sociala insatser",
    "segregaton",
    "brottsoffer",
    "demokratisk delaktighet",
    "stöd till unga i Göteborg",
];

struct Doc {
    id: i64,
    title: String,
    body: String,
}

fn docs(catalog: &Catalog) -> Vec<Doc> {
    let mut out = Vec::new();
    let mut push = |kind: Kind, id: &str| {
        out.push(Doc {
            id: out.len() as i64,
            title: title_text(catalog, kind, id),
            body: body_text(catalog, kind, id),
        })
    };
    catalog
        .actors()
        .iter()
        .for_each(|a| push(Kind::Actor, a.id.as_str()));
    catalog.grants().for_each(|g| push(Kind::Grant, g.id.as_str()));
    catalog
        .initiatives()
        .iter()
        .for_each(|i| push(Kind::Initiative, i.id.as_str()));
    out
}

/// Resident and peak resident memory of this process, in MiB.
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// p50 and p99 in milliseconds.
fn percentiles(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize].as_secs_f64() * 1000.0;
    (at(0.50), at(0.99))
}

fn time<T>(mut f: impl FnMut(&str) -> T) -> (f64, f64) {
    for q in QUERIES {
        f(q);
    }
    let mut samples = Vec::with_capacity(ROUNDS * QUERIES.len());
    for _ in 0..ROUNDS {
        for q in QUERIES {
            let start = Instant::now();
            std::hint::black_box(f(q));
            samples.push(start.elapsed());
        }
    }
    percentiles(samples)
}

/// The words of a query, letters and digits only, for the SQL engines'
/// query languages.
fn words(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

struct Row_ {
    engine: &'static str,
    size: String,
    build: f64,
    memory: String,
    p50: f64,
    p99: f64,
}

async fn bench_sqlite(docs: &[Doc], size: &str) -> Row_ {
    let dir = tempfile::tempdir().unwrap();
    let options = sqlx::sqlite::SqliteConnectOptions::from_str(&format!(
        "sqlite://{}",
        dir.path().join("fts.db").display()
    ))
    .unwrap()
    .create_if_missing(true);
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap();
    sqlx::query("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'unicode61')")
        .execute(&pool)
        .await
        .unwrap();
    let start = Instant::now();
    let mut tx = pool.begin().await.unwrap();
    for d in docs {
        sqlx::query("INSERT INTO docs (rowid, title, body) VALUES ($1, $2, $3)")
            .bind(d.id)
            .bind(&d.title)
            .bind(&d.body)
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let build = start.elapsed().as_secs_f64();
    let file_size = std::fs::metadata(dir.path().join("fts.db"))
        .map(|m| m.len())
        .unwrap_or(0) as f64
        / 1048576.0;
    let mut samples = Vec::new();
    for round in 0..=ROUNDS {
        for q in QUERIES {
            // OR of the quoted words: the same question the tantivy index answers.
            let expr = words(q)
                .iter()
                .map(|w| format!("\"{w}\""))
                .collect::<Vec<_>>()
                .join(" OR ");
            let start = Instant::now();
            let rows = sqlx::query("SELECT rowid FROM docs WHERE docs MATCH $1 ORDER BY rank LIMIT 10")
                .bind(&expr)
                .fetch_all(&pool)
                .await
                .unwrap();
            std::hint::black_box(rows.len());
            if round > 0 {
                samples.push(start.elapsed());
            }
        }
    }
    let (p50, p99) = percentiles(samples);
    Row_ {
        engine: "SQLite FTS5 (unicode61)",
        size: size.to_string(),
        build,
        memory: format!("{file_size:.1} MiB on disk"),
        p50,
        p99,
    }
}

async fn bench_postgres(url: &str, docs: &[Doc], size: &str) -> Row_ {
    let schema = format!("bench_{}", std::process::id());
    let admin = sqlx::PgPool::connect(url).await.unwrap();
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&admin)
        .await
        .unwrap();
    let options = sqlx::postgres::PgConnectOptions::from_str(url)
        .unwrap()
        .options([("search_path", schema.as_str())]);
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap();
    sqlx::query(
        "CREATE TABLE docs (id BIGINT PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, \
         tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('swedish', title), 'A') || to_tsvector('swedish', body)) STORED)",
    )
    .execute(&pool)
    .await
    .unwrap();
    let start = Instant::now();
    for chunk in docs.chunks(2000) {
        let ids: Vec<i64> = chunk.iter().map(|d| d.id).collect();
        let titles: Vec<String> = chunk.iter().map(|d| d.title.clone()).collect();
        let bodies: Vec<String> = chunk.iter().map(|d| d.body.clone()).collect();
        sqlx::query(
            "INSERT INTO docs (id, title, body) SELECT * FROM UNNEST($1::bigint[], $2::text[], $3::text[])",
        )
        .bind(&ids)
        .bind(&titles)
        .bind(&bodies)
        .execute(&pool)
        .await
        .unwrap();
    }
    sqlx::query("CREATE INDEX docs_tsv ON docs USING GIN (tsv)")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("ANALYZE docs").execute(&pool).await.unwrap();
    let build = start.elapsed().as_secs_f64();
    let bytes: i64 = sqlx::query("SELECT pg_total_relation_size('docs')")
        .fetch_one(&pool)
        .await
        .unwrap()
        .get(0);
    let mut samples = Vec::new();
    for round in 0..=ROUNDS {
        for q in QUERIES {
            let expr = words(q).join(" | ");
            let start = Instant::now();
            let rows = sqlx::query(
                "SELECT id FROM docs, to_tsquery('swedish', $1) q WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC LIMIT 10",
            )
            .bind(&expr)
            .fetch_all(&pool)
            .await
            .unwrap();
            std::hint::black_box(rows.len());
            if round > 0 {
                samples.push(start.elapsed());
            }
        }
    }
    sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
        .execute(&admin)
        .await
        .unwrap();
    let (p50, p99) = percentiles(samples);
    Row_ {
        engine: "PostgreSQL FTS (swedish, GIN)",
        size: size.to_string(),
        build,
        memory: format!("{:.1} MiB table+index", bytes as f64 / 1048576.0),
        p50,
        p99,
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let postgres = std::env::var("SAMVERKAN_BENCH_POSTGRES_URL")
        .or_else(|_| std::env::var("SAMVERKAN_TEST_POSTGRES_URL"))
        .ok();
    let sizes = std::env::var("SAMVERKAN_BENCH_SIZES").unwrap_or_else(|_| "bundled,100000".into());
    println!(
        "machine: {} cores; queries: {} × {ROUNDS} rounds after a warm-up",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        QUERIES.len()
    );
    let mut rows = Vec::new();
    for size in sizes.split(',') {
        let catalog = if size == "bundled" {
            Catalog::new(bundled::dataset().unwrap())
        } else {
            let n: usize = size.parse().expect("a size is \"bundled\" or a number of grants");
            Catalog::new(synthetic::generate(n, (n / 50).max(1), 42))
        };
        let docs = docs(&catalog);
        let label = format!("{size} ({} entries)", docs.len());
        let (rss_before, _) = memory();
        let start = Instant::now();
        let index = SearchIndex::build(&catalog).unwrap();
        let build = start.elapsed().as_secs_f64();
        let (rss_after, peak) = memory();
        let (p50, p99) = time(|q| index.search(q, None, 10, 0).unwrap().total);
        rows.push(Row_ {
            engine: "tantivy, in process",
            size: label.clone(),
            build,
            memory: format!("+{:.0} MiB RSS (peak {:.0} MiB)", rss_after - rss_before, peak),
            p50,
            p99,
        });
        rows.push(runtime.block_on(bench_sqlite(&docs, &label)));
        match &postgres {
            Some(url) => rows.push(runtime.block_on(bench_postgres(url, &docs, &label))),
            None => println!("PostgreSQL skipped: set SAMVERKAN_BENCH_POSTGRES_URL"),
        }
    }
    println!("\n| engine | size | build (s) | memory | p50 (ms) | p99 (ms) |");
    println!("|---|---|---:|---|---:|---:|");
    for r in &rows {
        println!(
            "| {} | {} | {:.3} | {} | {:.3} | {:.3} |",
            r.engine, r.size, r.build, r.memory, r.p50, r.p99
        );
    }
}
