//! Several instances serving one PostgreSQL database: a change saved on one
//! is served by the others as soon as they hear of it, and an instance whose
//! listening connection is cut listens again and catches up. The instances'
//! poll is set to a minute, so only listening can pass these tests in time.
//! And an instance that applied a change in place serves what one started
//! afterwards serves.

mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::http::{add_user, get, put_grant, send, token_for};
use samverkan_store::{Role, Store};
use samverkan_web::{AppState, Config, router};

const GRANT: &str = "bra-utvardering";
const POLL: Duration = Duration::from_secs(60);

/// Two instances on a fresh schema of the test server, the bundled data
/// loaded, an editor "redaktor" made, the second instance watching.
async fn two_instances() -> (AppState, AppState, tokio::task::JoinHandle<()>, common::PgSchema) {
    let schema = common::PgSchema::new("instances").await;
    let one = schema.seeded_store().await;
    add_user(&one, "redaktor", Role::Editor).await;
    let two = Store::open_postgres(schema.options.clone()).await.unwrap();
    let one = AppState::new(one, Config::default()).await.unwrap();
    let two = AppState::new(two, Config::default()).await.unwrap();
    let watcher = two.spawn_watcher(POLL);
    (one, two, watcher, schema)
}

/// Saves a new title for the grant through instance `one`'s write API.
async fn save_title(one: &AppState, version: i64, title: &str) {
    let (token, _) = token_for(&one.store, "redaktor").await;
    let mut grant = one.catalog().grant(GRANT).unwrap().clone();
    grant.title = title.into();
    let saved = put_grant(&router(one.clone()), &token, &grant, version).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
}

/// Waits (up to ten seconds) until `two` serves the grant's page with `title`.
async fn served_by(two: &AppState, title: &str) -> Duration {
    let start = Instant::now();
    let app = router(two.clone());
    loop {
        let page = send(&app, get(&format!("/bidrag/{GRANT}"), None)).await;
        if page.body.contains(title) {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the other instance still does not show {title:?}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

async fn listening(state: &AppState) -> i32 {
    let start = Instant::now();
    loop {
        if let Some(pid) = state.listener_pid() {
            return pid;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "not listening");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn postgres_a_change_saved_on_one_instance_is_served_by_the_other() {
    let (one, two, watcher, schema) = two_instances().await;
    listening(&two).await;
    save_title(&one, 1, "Sparad på den första instansen").await;
    // The instance that saved it shows it at once.
    let page = send(&router(one.clone()), get(&format!("/bidrag/{GRANT}"), None)).await;
    assert!(page.body.contains("Sparad på den första instansen"));
    served_by(&two, "Sparad på den första instansen").await;
    // Applied in place: the other instance's search finds the new title too.
    let hits = send(&router(two.clone()), get("/api/v1/search?q=instansen", None)).await;
    assert!(hits.body.contains(GRANT), "{}", hits.body);
    watcher.abort();
    schema.drop().await;
}

#[tokio::test]
async fn postgres_an_instance_whose_listening_connection_is_cut_catches_up() {
    let (one, two, watcher, schema) = two_instances().await;
    let pid = listening(&two).await;
    // Cut the connection, and save while it is down.
    let cut: bool = sqlx::query_scalar("SELECT pg_terminate_backend($1)")
        .bind(pid)
        .fetch_one(&schema.pool)
        .await
        .unwrap();
    assert!(cut);
    save_title(&one, 1, "Sparad medan ingen lyssnade").await;
    served_by(&two, "Sparad medan ingen lyssnade").await;
    // Listening again, on a new connection: later changes arrive too.
    let again = listening(&two).await;
    assert_ne!(again, pid);
    save_title(&one, 2, "Sparad efter återanslutningen").await;
    served_by(&two, "Sparad efter återanslutningen").await;
    watcher.abort();
    schema.drop().await;
}

/// An entry added in place stands where a reload puts it: an instance that
/// saved it and one started afterwards list the catalogue alike.
#[tokio::test]
async fn an_entry_added_in_place_is_where_a_reload_puts_it() {
    let (one, _dir) = common::seeded_state().await;
    let change = samverkan_store::Change {
        author: "test",
        comment: "",
    };
    let mut grant = one.catalog().grant(GRANT).unwrap().clone();
    grant.id = samverkan_domain::Slug::parse("b-nytt-bidrag").unwrap();
    let mut actor = one.catalog().actor("bra").unwrap().clone();
    actor.id = samverkan_domain::Slug::parse("c-ny-aktor").unwrap();
    for entry in [
        samverkan_domain::Entry::Grant(grant),
        samverkan_domain::Entry::Actor(actor),
    ] {
        one.store
            .put(entry, samverkan_store::Expect::New, &change)
            .await
            .unwrap();
        one.reload_after_write().await;
    }
    let two = AppState::new(one.store.clone(), Config::default()).await.unwrap();
    let ids = |state: &AppState| -> (Vec<String>, Vec<String>) {
        let c = state.catalog();
        (
            c.grants().map(|g| g.id.to_string()).collect(),
            c.actors().iter().map(|a| a.id.to_string()).collect(),
        )
    };
    let (grants, actors) = ids(&one);
    assert!(grants.contains(&"b-nytt-bidrag".to_string()));
    assert_ne!(grants.last().unwrap(), "b-nytt-bidrag", "not simply at the end");
    assert_eq!((grants, actors), ids(&two));
    for path in [
        "/api/v1/areas/brottslighet",
        "/sitemap.xml",
        "/api/v1/actors?limit=200",
    ] {
        let a = send(&router(one.clone()), get(path, None)).await;
        let b = send(&router(two.clone()), get(path, None)).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        assert_eq!(a.body, b.body, "{path}");
    }
}
