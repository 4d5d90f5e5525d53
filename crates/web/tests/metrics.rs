//! Prometheus metrics: requests by route pattern, the catalogue, writes.

mod common;

use axum::http::StatusCode;
use common::app::TestApp;
use http_body_util::BodyExt;
use tower::ServiceExt;

async fn scrape() -> String {
    let response = samverkan_web::metrics::router()
        .oneshot(
            axum::http::Request::get("/metrics")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[tokio::test]
async fn requests_are_counted_by_route_pattern_with_their_latency_and_the_catalogue_is_measured() {
    samverkan_web::metrics::handle().expect("the recorder is installed");
    let app = TestApp::with(&common::fixture::small()).await;
    for id in ["bostadsverket", "arbetsverket", "finns-inte"] {
        app.fetch(&format!("/api/v1/actors/{id}")).await;
    }
    let text = scrape().await;
    assert!(
        text.lines().any(|l| l.starts_with("http_requests_total")
            && l.contains(r#"route="/api/v1/actors/{id}""#)
            && l.contains(r#"status="200""#)),
        "{text}"
    );
    assert!(
        !text.contains("bostadsverket"),
        "ids do not make series of their own"
    );
    assert!(text.contains("http_request_duration_seconds_bucket"), "{text}");
    assert!(
        text.contains(r#"samverkan_catalog_entries{kind="grant"}"#),
        "{text}"
    );
    assert!(text.contains("samverkan_data_version"), "{text}");
}

#[tokio::test]
async fn the_public_site_does_not_serve_the_metrics() {
    let app = TestApp::with(&common::fixture::small()).await;
    assert_eq!(app.fetch("/metrics").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn answers_from_the_cache_count_under_their_route() {
    samverkan_web::metrics::handle().expect("the recorder is installed");
    let app = TestApp::with(&common::fixture::small()).await;
    for _ in 0..3 {
        assert_eq!(app.fetch("/api/v1/perspectives").await.status, StatusCode::OK);
    }
    let text = scrape().await;
    let value = |prefix: &str, must: &[&str]| -> f64 {
        text.lines()
            .find(|l| l.starts_with(prefix) && must.iter().all(|m| l.contains(m)))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {prefix} {must:?} in {text}"))
    };
    let counted = value(
        "http_requests_total",
        &[r#"route="/api/v1/perspectives""#, r#"status="200""#],
    );
    assert_eq!(counted, 3.0, "once rendered, twice from the cache");
    assert!(value("samverkan_response_cache_hits_total", &[]) >= 2.0);
}
