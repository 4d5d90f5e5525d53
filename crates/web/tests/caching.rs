//! The cache of public answers (issue 14): a page asked again comes from
//! memory, yet never outlives a change, never mixes a compressed answer with
//! a plain one, never keeps what is private, and stays within its bound.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use samverkan_store::Role;
use samverkan_web::{AppState, Config, router};

use common::http::{Answer, add_user, api, get, login, put_grant, send, token_for};

const GRANT: &str = "boverket-svag-bostadsmarknad";

fn with_header(path: &str, name: header::HeaderName, value: &str) -> Request<Body> {
    Request::get(path)
        .header(header::HOST, "localhost")
        .header(name, value)
        .body(Body::empty())
        .unwrap()
}

fn etag(answer: &Answer) -> String {
    answer.headers[header::ETAG].to_str().unwrap().to_string()
}

#[tokio::test]
async fn a_page_asked_again_is_the_same_and_revalidates_with_a_304() {
    let (state, _dir) = common::seeded_state().await;
    let app = router(state.clone());
    let first = send(&app, get("/bidrag", None)).await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(
        state.response_cache.as_ref().unwrap().weight() > 0,
        "the page was kept"
    );
    let again = send(&app, get("/bidrag", None)).await;
    assert_eq!(again.body, first.body);
    assert_eq!(etag(&again), etag(&first));
    let cache_control = first.headers[header::CACHE_CONTROL].to_str().unwrap();
    assert!(cache_control.contains("s-maxage"), "{cache_control}");
    assert!(
        cache_control.contains("stale-while-revalidate"),
        "{cache_control}"
    );
    // Every answer still carries the security headers and its own request id.
    assert!(again.headers.contains_key(header::CONTENT_SECURITY_POLICY));
    assert_ne!(again.headers["x-request-id"], first.headers["x-request-id"]);

    let revalidated = send(&app, with_header("/bidrag", header::IF_NONE_MATCH, &etag(&first))).await;
    assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED);
    assert!(revalidated.body.is_empty());
    assert_eq!(etag(&revalidated), etag(&first));
    let other = send(&app, with_header("/bidrag", header::IF_NONE_MATCH, "\"annan\"")).await;
    assert_eq!(other.status, StatusCode::OK);
}

#[tokio::test]
async fn a_saved_change_is_on_the_next_read_of_every_page_that_shows_it() {
    let (state, _dir) = common::seeded_state().await;
    add_user(&state.store, "redaktor", Role::Editor).await;
    let app = router(state.clone());
    let page = format!("/bidrag/{GRANT}");
    let before = send(&app, get(&page, None)).await;
    let list = send(&app, get("/bidrag", None)).await;
    let api_item = send(&app, get(&format!("/api/v1/grants/{GRANT}"), None)).await;
    assert!(!before.body.contains("Nytt namn på bidraget"));

    let (token, _) = token_for(&state.store, "redaktor").await;
    let mut grant = state.catalog().grant(GRANT).unwrap().clone();
    grant.title = "Nytt namn på bidraget".into();
    let saved = put_grant(&app, &token, &grant, 1).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);

    for (path, old) in [(page.as_str(), &before), ("/bidrag", &list)] {
        let now = send(&app, get(path, None)).await;
        assert!(
            now.body.contains("Nytt namn på bidraget"),
            "{path} still shows the old title"
        );
        let stale = send(&app, with_header(path, header::IF_NONE_MATCH, &etag(old))).await;
        assert_eq!(stale.status, StatusCode::OK, "{path}: an old copy is not current");
    }
    let now = send(&app, get(&format!("/api/v1/grants/{GRANT}"), None)).await;
    assert!(now.body.contains("Nytt namn på bidraget"));
    assert_ne!(etag(&now), etag(&api_item));
}

#[tokio::test]
async fn compressed_and_plain_answers_are_kept_apart() {
    let (state, _dir) = common::seeded_state().await;
    let app = router(state);
    let gzip = send(
        &app,
        with_header("/kalender", header::ACCEPT_ENCODING, "gzip, br"),
    )
    .await;
    assert_eq!(gzip.headers[header::CONTENT_ENCODING], "gzip");
    for request in [
        get("/kalender", None),
        with_header("/kalender", header::ACCEPT_ENCODING, "gzip;q=0, identity"),
    ] {
        let plain = send(&app, request).await;
        assert!(!plain.headers.contains_key(header::CONTENT_ENCODING));
        assert!(plain.body.contains("</html>"));
    }
    let again = send(
        &app,
        with_header("/kalender", header::ACCEPT_ENCODING, "deflate, gzip;q=0.5"),
    )
    .await;
    assert_eq!(again.headers[header::CONTENT_ENCODING], "gzip");
    assert_ne!(etag(&again), etag(&send(&app, get("/kalender", None)).await));
}

#[tokio::test]
async fn what_is_private_to_one_caller_is_never_given_to_another() {
    let (state, _dir) = common::seeded_state().await;
    add_user(&state.store, "redaktor", Role::Editor).await;
    let app = router(state.clone());
    let cookie = login(&app, "redaktor").await;
    let dashboard = send(&app, get("/redaktion", Some(&cookie))).await;
    assert_eq!(dashboard.status, StatusCode::OK);
    let stranger = send(&app, get("/redaktion", None)).await;
    assert_eq!(stranger.status, StatusCode::SEE_OTHER);

    let (token, _) = token_for(&state.store, "redaktor").await;
    let revisions = format!("/api/v1/grants/{GRANT}/revisions");
    assert_eq!(
        api(&app, Method::GET, &revisions, Some(&token), None)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        api(&app, Method::GET, &revisions, None, None).await.status,
        StatusCode::UNAUTHORIZED
    );

    // The sign-in form sets a cookie of its own for each visitor.
    let one = send(&app, get("/redaktion/logga-in", None)).await;
    let two = send(&app, get("/redaktion/logga-in", None)).await;
    assert_ne!(one.set_cookies(), two.set_cookies());
    assert!(!two.set_cookies().is_empty());
}

#[tokio::test]
async fn the_cache_never_holds_more_than_its_bound() {
    let (state, _dir) = common::seeded_state().await;
    let bound = 120_000;
    let state = AppState::new(
        state.store.clone(),
        Config {
            response_cache_bytes: bound,
            ..Config::default()
        },
    )
    .await
    .unwrap();
    let app = router(state.clone());
    let cache = state.response_cache.clone().unwrap();
    let grants: Vec<_> = state.catalog().grants().cloned().collect();
    for g in &grants {
        let page = send(&app, get(&format!("/bidrag/{}", g.id), None)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(cache.weight() <= bound, "{} > {bound}", cache.weight());
    }
    assert!(
        cache.weight() > bound / 2,
        "the cache was used: {}",
        cache.weight()
    );

    let off = AppState::new(
        state.store.clone(),
        Config {
            response_cache_bytes: 0,
            ..Config::default()
        },
    )
    .await
    .unwrap();
    assert!(off.response_cache.is_none());
    assert_eq!(
        send(&router(off), get("/bidrag", None)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn headers_one_visitor_sends_cannot_change_what_the_next_one_gets() {
    let (state, _dir) = common::seeded_state().await;
    let app = router(state);
    let poisoned = Request::get("/om")
        .header(header::HOST, "angripare.example")
        .header("x-forwarded-host", "angripare.example")
        .header("x-forwarded-proto", "http")
        .header(header::ACCEPT_LANGUAGE, "en")
        .header(header::COOKIE, "samverkan-session=falsk")
        .body(Body::empty())
        .unwrap();
    let first = send(&app, poisoned).await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(!first.body.contains("angripare"));
    let next = send(&app, get("/om", None)).await;
    assert_eq!(next.body, first.body);
    assert!(!next.body.contains("angripare"));
}

#[tokio::test]
async fn health_probes_are_answered_afresh_every_time() {
    let (state, _dir) = common::seeded_state().await;
    let app = router(state.clone());
    for path in ["/readyz", "/healthz", "/readyz"] {
        let probe = send(&app, get(path, None)).await;
        assert_eq!(probe.status, StatusCode::OK);
        assert_eq!(probe.headers[header::CACHE_CONTROL], "no-store", "{path}");
    }
    assert_eq!(
        state.response_cache.as_ref().unwrap().weight(),
        0,
        "no probe was kept"
    );
}
