//! Samverkan's HTTP service: the public website (Swedish at `/`, English under
//! `/en/`), the JSON API under `/api/v1/`, its OpenAPI document, and health and
//! readiness endpoints.
//!
//! [`router`] builds the whole application from an [`AppState`], so tests run
//! the real service without a socket and `samverkan serve` runs it on one.

// The bottom tier: what every surface shares. None of these imports a
// feature module.
pub mod auth;
pub mod html;
pub mod http;
pub mod i18n;
pub mod state;
pub mod urls;

// Shared services between the bottom tier and the features.
pub mod editing;
pub mod filters;
pub mod search;

// Serving connections, with the limits a public service needs; metrics.
pub mod metrics;
pub mod server;

// The features, each with its own `routes()`.
pub mod alerts;
pub mod api;
pub mod editor;
pub mod exports;
pub mod feeds;
pub mod harvest;
pub mod reports;
pub mod site;

use axum::Router;

use crate::html::{HtmlError, Operator, REQUEST, RequestContext};
use crate::http::ApiError;
use std::time::Duration;

use axum::extract::State;
use axum::http::Request;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower::util::MapRequestLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// The header that carries a request's id, to the service and back.
const X_REQUEST_ID: header::HeaderName = header::HeaderName::from_static("x-request-id");

/// Drops an incoming request id that is not a short plain token, so that
/// what lands in the log is only letters, digits, `-`, `_` and `.`.
fn plain_request_id<B>(mut request: Request<B>) -> Request<B> {
    let plain = request.headers().get(&X_REQUEST_ID).is_some_and(|v| {
        let v = v.as_bytes();
        !v.is_empty() && v.len() <= 64 && v.iter().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(b))
    });
    if !plain {
        request.headers_mut().remove(&X_REQUEST_ID);
    }
    request
}

/// The log span of a request: method, path and id.
fn request_span<B>(request: &Request<B>) -> tracing::Span {
    let id = request
        .headers()
        .get(&X_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), id)
}

pub use state::{AppState, Config, StateError};

/// The whole application.
pub fn router(state: AppState) -> Router {
    // Read from the configuration once, not for every request.
    let policy = Policy {
        hsts: state.config.hsts(),
        operator: std::sync::Arc::new(Operator {
            name: state.config.operator.clone(),
            email: state.config.contact_email.clone(),
        }),
    };
    let routes = Router::new()
        .route("/favicon.svg", get(favicon))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .merge(api::routes())
        .merge(exports::routes())
        .merge(feeds::routes())
        .merge(site::routes())
        .merge(editor::routes())
        .merge(alerts::pages::routes())
        .merge(reports::routes())
        .route_layer(middleware::from_fn(metrics::track));
    // The guard is there only where it has something to refuse.
    let routes = if state.config.read_only {
        routes.layer(middleware::from_fn(read_only_guard))
    } else {
        routes
    };
    let app = routes
        .fallback(not_found)
        .layer(CompressionLayer::new())
        .layer(RequestBodyLimitLayer::new(MAX_BODY))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        // Outside the limit and the timeout, so that their 413 and 408 carry
        // the same headers as every other answer.
        .layer(middleware::from_fn_with_state(policy, response_policy))
        .layer(secure(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .layer(secure(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(secure(header::REFERRER_POLICY, "strict-origin-when-cross-origin"))
        .layer(secure(header::X_FRAME_OPTIONS, "DENY"))
        // Inside the cache, so that only requests that reach a handler open a span.
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .with_state(state.clone());
    // The layers every request passes before routing: a `Router::layer`
    // runs after a route matched, so these wrap the whole application as
    // the fallback of a router of its own.
    let app = Router::new().fallback_service(app);
    // Public answers come from memory when they can, with every header the
    // application set; nothing inside runs for them.
    let app = match state.response_cache.clone() {
        Some(cache) => app.layer(middleware::from_fn_with_state(cache, http::response_cache::serve)),
        None => app,
    };
    // Every request gets an id, in its log lines and its answer's
    // `X-Request-Id`: the one a proxy in front gave it if that is a plain
    // token, else a new one.
    app.layer(PropagateRequestIdLayer::new(X_REQUEST_ID))
        .layer(SetRequestIdLayer::new(X_REQUEST_ID, RequestIds::new()))
        .layer(MapRequestLayer::new(plain_request_id))
}

/// Request ids: a random prefix drawn once per process and a counter, so
/// that ids are unique across restarts and instances without asking the
/// kernel for randomness on every request.
#[derive(Clone)]
struct RequestIds {
    prefix: std::sync::Arc<str>,
    next: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl RequestIds {
    fn new() -> RequestIds {
        let mut seed = [0u8; 8];
        // Without randomness (never seen), the start time keeps ids apart.
        if getrandom::fill(&mut seed).is_err() {
            seed = samverkan_store::now().as_nanosecond().to_le_bytes()[..8]
                .try_into()
                .expect("eight bytes");
        }
        RequestIds {
            prefix: format!("{:016x}", u64::from_le_bytes(seed)).into(),
            next: Default::default(),
        }
    }
}

impl tower_http::request_id::MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<tower_http::request_id::RequestId> {
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let id = format!("{}-{n:x}", self.prefix);
        HeaderValue::from_str(&id)
            .ok()
            .map(tower_http::request_id::RequestId::new)
    }
}

/// What every answer gets from the configuration.
#[derive(Clone)]
struct Policy {
    hsts: bool,
    operator: std::sync::Arc<Operator>,
}

/// On a read-only installation, refuses what would change something: the
/// whole editors' area (signing in writes a session), and every API method
/// but GET and HEAD.
async fn read_only_guard(request: axum::extract::Request, next: Next) -> Response {
    let path = request.uri().path();
    let method = request.method();
    // The alert pages write subscriptions (and the signing key on first use).
    if urls::in_editor_area(path) || urls::in_alerts_area(path) || reports::in_area(path) {
        return HtmlError::editor(StatusCode::SERVICE_UNAVAILABLE, html::Refusal::ReadOnly).into_response();
    }
    if path.starts_with("/api/") && !(method == Method::GET || method == Method::HEAD) {
        return ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            code: "read_only",
            message: "this installation is read-only; changes are made where its data comes from".into(),
        }
        .into_response();
    }
    next.run(request).await
}

/// Whether an answer to this request is private to whoever asked: the
/// editors' area, the alert pages (addresses and tokens), revisions (which
/// name authors) and every write.
fn private(method: &Method, path: &str) -> bool {
    // The report form carries a stamp of when it was handed out.
    let editor = urls::in_editor_area(path) || urls::in_alerts_area(path) || reports::in_area(path);
    let revisions =
        path.starts_with("/api/v1/") && (path.ends_with("/revisions") || path.contains("/revisions/"));
    editor || revisions || !(method == Method::GET || method == Method::HEAD)
}

/// Headers that depend on the request or the configuration: `no-store` on
/// private answers (whatever answered them: a handler, a 405, a 413 or a
/// 408), and `Strict-Transport-Security` when the site is published over HTTPS.
async fn response_policy(
    State(policy): State<Policy>,
    request: axum::extract::Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let private = private(request.method(), path);
    let context = RequestContext::of_path(path, policy.operator);
    let mut response = REQUEST.scope(context, next.run(request)).await;
    let headers = response.headers_mut();
    if private {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if policy.hsts {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    }
    response
}

/// Two years, the value browsers' preload lists ask for; subdomains are not
/// included, because the service does not know what else runs on its domain.
pub const HSTS: &str = "max-age=63072000";

fn secure(name: header::HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
}

/// The largest request body accepted.
pub const MAX_BODY: usize = 64 * 1024;
/// How long a request may take before it is answered with 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The Content-Security-Policy of every response: no script at all (the site
/// needs none; JSON-LD blocks are data and are not run), styles and images
/// from the site itself, forms only to the site, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'none'; style-src 'self'; \
    img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The site's icon: an S on the header's blue, drawn here (no file to find).
async fn favicon() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        FAVICON,
    )
        .into_response()
}

const FAVICON: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#00466e"/><text x="16" y="23" font-family="sans-serif" font-size="20" font-weight="700" fill="#fff" text-anchor="middle">S</text></svg>"##;

/// Liveness: the process answers.
/// Probes are answered afresh every time: never from the answer cache, nor
/// from any cache in front.
const FRESH: [(header::HeaderName, &str); 1] = [(header::CACHE_CONTROL, "no-store")];

async fn healthz() -> impl IntoResponse {
    (FRESH, "ok\n")
}

/// Readiness: the database answers and a catalogue is loaded; says which
/// data version is served, and whether editing is off.
async fn readyz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => (
            FRESH,
            format!(
                "ready\ndata version {}{}\n",
                state.data_version(),
                if state.config.read_only { "\nread-only" } else { "" }
            ),
        )
            .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "not ready: the database does not answer");
            ApiError::unavailable("the database does not answer").into_response()
        }
    }
}

async fn not_found(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        let path: String = uri.path().chars().take(200).collect();
        ApiError::not_found(format!("there is no endpoint {path}; see /api/openapi.json")).into_response()
    } else {
        HtmlError::not_found().into_response()
    }
}

/// Serves the application on `listener` until `shutdown` completes, with the
/// default [`server::Limits`].
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    server::serve(listener, router(state), server::Limits::default(), shutdown).await
}
