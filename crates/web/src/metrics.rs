//! Prometheus metrics, recorded with the `metrics` crate and rendered by
//! `metrics-exporter-prometheus`: requests by route, method and status with
//! their latency, the catalogue's size and data version, reloads, and writes.
//! `samverkan serve --metrics-addr` serves them at `/metrics` on an address
//! of their own, never on the public one.

use std::sync::OnceLock;
use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use samverkan_domain::Catalog;

/// Request latency buckets, in seconds: from 1 ms to 10 s.
const LATENCY_BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 10.0];

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// The process's recorder, installed on first use; `None` if another
/// recorder was installed first (then nothing here records).
pub fn handle() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let installed = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full("http_request_duration_seconds".into()),
                    &LATENCY_BUCKETS,
                )
                .and_then(|b| b.install_recorder());
            match installed {
                Ok(handle) => Some(handle),
                Err(e) => {
                    tracing::warn!(error = %e, "metrics are not recorded");
                    None
                }
            }
        })
        .as_ref()
}

/// Records one request: its route (the pattern, so that ids do not make a
/// series each), method, status and latency.
pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let method = request.method().to_string();
    let route_name = route.clone();
    let started = Instant::now();
    let mut response = next.run(request).await;
    if handle().is_some() {
        requested(route, method, response.status(), started);
    }
    response
        .extensions_mut()
        .insert(crate::http::response_cache::RouteName(route_name.into()));
    response
}

/// An answer served from the cache of public answers: counted under the
/// route that first made it, and in `samverkan_response_cache_hits_total`.
pub fn served_from_cache(route: Option<&str>, status: axum::http::StatusCode, started: Instant) {
    if handle().is_none() {
        return;
    }
    metrics::counter!("samverkan_response_cache_hits_total").increment(1);
    requested(
        route.unwrap_or("unmatched").to_string(),
        "GET".to_string(),
        status,
        started,
    );
}

/// One request answered: counted by route pattern, method and status, and
/// its latency recorded.
fn requested(route: String, method: String, status: axum::http::StatusCode, started: Instant) {
    let status = status.as_u16().to_string();
    metrics::counter!("http_requests_total", "route" => route.clone(), "method" => method.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "route" => route, "method" => method)
        .record(started.elapsed().as_secs_f64());
}

/// The catalogue just loaded: its size by kind, and the data version.
pub fn catalog_loaded(catalog: &Catalog, version: i64) {
    if handle().is_none() {
        return;
    }
    for (kind, n) in [
        ("actor", catalog.actors().len()),
        ("grant", catalog.grants().len()),
        ("initiative", catalog.initiatives().len()),
        ("area", catalog.areas().len()),
    ] {
        metrics::gauge!("samverkan_catalog_entries", "kind" => kind).set(n as f64);
    }
    metrics::gauge!("samverkan_data_version").set(version as f64);
    metrics::counter!("samverkan_catalog_loads_total").increment(1);
}

/// A write through the editing service, by what came of it.
pub fn write_done(outcome: &'static str) {
    if handle().is_some() {
        metrics::counter!("samverkan_writes_total", "outcome" => outcome).increment(1);
    }
}

/// The metrics' own router: `GET /metrics` in Prometheus's text format.
pub fn router() -> Router {
    Router::new().route("/metrics", get(render))
}

async fn render() -> Response {
    match handle() {
        Some(handle) => (
            [(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")],
            handle.render(),
        )
            .into_response(),
        None => (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "metrics are not recorded in this process\n",
        )
            .into_response(),
    }
}
