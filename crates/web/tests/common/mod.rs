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
