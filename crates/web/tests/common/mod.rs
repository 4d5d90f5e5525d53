//! Setup shared by the web crate's integration tests.

// Each test binary compiles this module and uses only some of it.
#![allow(dead_code)]

pub mod app;
pub mod fixture;
pub mod http;

use samverkan_domain::dataset::Origins;
use samverkan_domain::{Dataset, bundled};
use samverkan_store::{Change, Store};
use samverkan_web::{AppState, Config};

/// Loads `data` into `store`.
pub async fn import(store: &Store, data: &Dataset) {
    let change = Change {
        author: "test",
        comment: "",
    };
    store.import(data, &Origins::new(), &change).await.unwrap();
}

/// Loads the bundled dataset into `store`.
pub async fn seed(store: &Store) {
    import(store, &bundled::dataset().unwrap()).await;
}

/// The application on a fresh SQLite file holding `data`, and the directory
/// that holds the file (the database lives as long as it does).
pub async fn state_with(data: &Dataset) -> (AppState, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!("sqlite://{}", dir.path().join("test.db").display()))
        .await
        .unwrap();
    import(&store, data).await;
    (AppState::new(store, Config::default()).await.unwrap(), dir)
}

/// The application on a fresh SQLite file holding the bundled dataset.
pub async fn seeded_state() -> (AppState, tempfile::TempDir) {
    state_with(&bundled::dataset().unwrap()).await
}

/// A fresh schema of the test PostgreSQL server (at
/// `SAMVERKAN_TEST_POSTGRES_URL`), dropped by [`PgSchema::drop`].
pub struct PgSchema {
    pub options: sqlx::postgres::PgConnectOptions,
    pub pool: sqlx::PgPool,
    name: String,
}

impl PgSchema {
    pub async fn new(prefix: &str) -> PgSchema {
        use std::str::FromStr;
        let url = std::env::var("SAMVERKAN_TEST_POSTGRES_URL").expect(
            "SAMVERKAN_TEST_POSTGRES_URL is not set: point it at a PostgreSQL server to run \
             the PostgreSQL tests (scripts/test skips the tests named `postgres` when it is not set, and says so)",
        );
        let name = format!(
            "{prefix}_{}_{}",
            std::process::id(),
            jiff::Timestamp::now().as_nanosecond() % 1_000_000_000_000
        );
        let pool = sqlx::PgPool::connect(&url).await.unwrap();
        sqlx::query(&format!("CREATE SCHEMA {name}"))
            .execute(&pool)
            .await
            .unwrap();
        let options = sqlx::postgres::PgConnectOptions::from_str(&url)
            .unwrap()
            .options([("search_path", name.as_str())]);
        PgSchema { options, pool, name }
    }

    /// A store on the schema, its tables made and the bundled data loaded.
    pub async fn seeded_store(&self) -> Store {
        let store = Store::open_postgres(self.options.clone()).await.unwrap();
        store.migrate().await.unwrap();
        seed(&store).await;
        store
    }

    pub async fn drop(self) {
        sqlx::query(&format!("DROP SCHEMA {} CASCADE", self.name))
            .execute(&self.pool)
            .await
            .unwrap();
    }
}

/// The bundled catalogue with the organisations' editors of
/// [`http::add_organisation_editors`] ("bo" of Boverket, "sko" of
/// Skolverket, "redaktor" of the service), and the router on it.
pub struct OrgApp {
    pub state: AppState,
    pub app: axum::Router,
    pub _dir: tempfile::TempDir,
}

impl OrgApp {
    pub async fn new() -> OrgApp {
        let (state, dir) = seeded_state().await;
        http::add_organisation_editors(&state.store).await;
        let app = samverkan_web::router(state.clone());
        OrgApp {
            state,
            app,
            _dir: dir,
        }
    }
}
