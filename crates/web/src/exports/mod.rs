//! Open data and files for machines: the whole dataset as JSON in exactly the
//! format `samverkan import` reads, grants and actors as CSV ([`csv`]), a
//! DCAT-AP-SE description of the datasets for the Swedish data portal
//! ([`dcat`]), `sitemap.xml` ([`sitemap`]), `robots.txt` and `security.txt`.
//!
//! Every response here and in the feeds carries an ETag derived from its
//! body, and answers a matching `If-None-Match` with 304 Not Modified.

mod csv;
mod dcat;
mod page;
mod sitemap;

pub use csv::{
    ACTOR_COLUMNS, CSV_LIST_SEPARATOR, Column, Dialect, GRANT_COLUMNS, actors_csv, grants_csv,
    spreadsheet_restored, spreadsheet_safe,
};

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};

use axum::Router;
use axum::routing::get;

use crate::http::cache::revalidated;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::urls::Route;

/// The licence of Samverkan's compilation of the data.
pub const LICENCE: &str = "http://creativecommons.org/publicdomain/zero/1.0/";

/// The open-data files' routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/data/samverkan.json", get(dataset_json))
        .route("/data/bidrag.csv", get(csv::grants_csv_download))
        .route("/data/aktorer.csv", get(csv::actors_csv_download))
        .route("/data/bidrag-excel.csv", get(csv::grants_excel_download))
        .route("/data/aktorer-excel.csv", get(csv::actors_excel_download))
        .route("/data/dcat.rdf", get(dcat::dcat))
        .route("/sitemap.xml", get(sitemap::sitemap))
        .route("/robots.txt", get(robots))
        .route("/.well-known/security.txt", get(security_txt))
        .route(
            &Route::OpenData.href(Lang::Sv),
            get(|s: State<AppState>| page::open_data(Lang::Sv, s)),
        )
        .route(
            &Route::OpenData.href(Lang::En),
            get(|s: State<AppState>| page::open_data(Lang::En, s)),
        )
}

/// Makes a file of the whole catalogue on a blocking thread: at 100 000
/// grants that takes a good part of a second, which would otherwise hold up
/// the other connections of the request's thread (see [`crate::server`]).
async fn made_apart<T: Send + 'static>(make: impl FnOnce() -> T + Send + 'static) -> Result<T, Response> {
    tokio::task::spawn_blocking(make).await.map_err(|e| {
        tracing::error!(error = %e, "a download could not be made");
        axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
    })
}

/// `GET /data/samverkan.json`: the dataset, as `samverkan export` writes it.
pub async fn dataset_json(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let catalog = state.catalog();
    match made_apart(move || catalog.to_dataset().sorted().to_json()).await {
        Ok(body) => revalidated(&headers, "application/json", Some("samverkan.json"), body),
        Err(refusal) => refusal,
    }
}

/// `GET /robots.txt`
pub async fn robots(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = state.config.base_url().to_string();
    let body = format!(
        "User-agent: *\nAllow: /\n# Search results are endless combinations of the same pages.\nDisallow: /sok\nDisallow: /en/search\n\nSitemap: {base}/sitemap.xml\n"
    );
    revalidated(&headers, "text/plain; charset=utf-8", None, body)
}

/// `GET /.well-known/security.txt` (RFC 9116): where to report a
/// vulnerability, from the configuration (`--security-contact`, else the
/// contact e-mail address). Without either there is nothing to publish, and
/// the answer is 404. `Expires` is a year from today, as the RFC recommends
/// at most; the file is made for each request, so it never goes stale.
pub async fn security_txt(State(state): State<AppState>) -> Response {
    let contact = state
        .config
        .security_contact
        .as_deref()
        .filter(|c| c.chars().all(|ch| ch.is_ascii_graphic()));
    let Some(contact) = contact else {
        return crate::html::HtmlError::not_found().into_response();
    };
    let base = state.config.base_url();
    let expires = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_hours(24 * 365))
        .unwrap_or(jiff::Timestamp::MAX)
        .strftime("%Y-%m-%dT00:00:00Z");
    let body = format!(
        "# Report a security problem in this service here. Please do not test\n# against it in ways that harm its users or its data.\nContact: {contact}\nExpires: {expires}\nPreferred-Languages: sv, en\nCanonical: {base}/.well-known/security.txt\n"
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}
