//! Snapshots (insta) of what machines read: the OpenAPI document, JSON
//! bodies and the open-data files, from the small fixture catalogue on a
//! fixed reference date. A change to any of them shows up as a diff to
//! review (`cargo insta review`, or `INSTA_UPDATE=always cargo test` and
//! `git diff`), never silently.

mod common;

use axum::http::StatusCode;
use common::app::TestApp;

async fn app() -> TestApp {
    TestApp::with(&common::fixture::small()).await
}

#[tokio::test]
async fn the_openapi_document() {
    let app = app().await;
    insta::assert_json_snapshot!(app.ok("/api/openapi.json").await);
}

#[tokio::test]
async fn the_grant_list_on_a_reference_date() {
    let app = app().await;
    insta::assert_json_snapshot!(app.ok("/api/v1/grants?on=2026-11-29").await);
}

#[tokio::test]
async fn one_actor_with_its_grants_and_related_actors() {
    let app = app().await;
    insta::assert_json_snapshot!(app.ok("/api/v1/actors/bostadsverket?on=2026-11-29").await);
}

#[tokio::test]
async fn an_error_body() {
    let app = app().await;
    let (status, body) = app.get("/api/v1/grants?area=kultur").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    insta::assert_json_snapshot!(body);
}

#[tokio::test]
async fn the_grants_csv() {
    let app = app().await;
    let reply = app.fetch("/data/bidrag.csv").await;
    assert_eq!(reply.status, StatusCode::OK);
    // The file says which deadlines come next, so it depends on today's
    // date: only its header and the rows of grants without dates are
    // snapshotted, with the dated row's date columns checked apart.
    let mut lines = reply.body.lines();
    let header = lines.next().unwrap().to_string();
    let rows: Vec<&str> = lines.filter(|l| !l.contains("stod-till-bostader")).collect();
    insta::assert_snapshot!(format!("{header}\n{}", rows.join("\n")));
    assert!(reply.body.contains("\"stod-till-bostader\""), "{}", reply.body);
}

#[tokio::test]
async fn the_dataset_file() {
    let app = app().await;
    insta::assert_json_snapshot!(app.ok("/data/samverkan.json").await);
}

#[tokio::test]
async fn the_dcat_description() {
    let app = app().await;
    let reply = app.fetch("/data/dcat.rdf").await;
    assert_eq!(reply.status, StatusCode::OK);
    insta::assert_snapshot!(reply.body);
}

#[tokio::test]
async fn the_sitemap() {
    let app = app().await;
    let reply = app.fetch("/sitemap.xml").await;
    assert_eq!(reply.status, StatusCode::OK);
    insta::assert_snapshot!(reply.body);
}
