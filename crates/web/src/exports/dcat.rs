//! The DCAT-AP-SE description of the datasets (RDF/XML), with absolute
//! IRIs, so that the Swedish data portal can harvest it. Written by an askama
//! template, which escapes every value for XML.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};

use super::LICENCE;
use crate::html::HtmlError;
use crate::http::cache::revalidated;
use crate::state::AppState;

/// One file of the dataset.
pub struct Distribution {
    pub id: &'static str,
    pub path: &'static str,
    pub format: &'static str,
    pub media: &'static str,
    pub sv: &'static str,
    pub en: &'static str,
}

/// The files, in the order the description lists them.
const DISTRIBUTIONS: [Distribution; 3] = [
    Distribution {
        id: "json",
        path: "/data/samverkan.json",
        format: "JSON",
        media: "application/json",
        sv: "Hela datamängden (JSON)",
        en: "The whole dataset (JSON)",
    },
    Distribution {
        id: "grants-csv",
        path: "/data/bidrag.csv",
        format: "CSV",
        media: "text/csv",
        sv: "Bidrag (CSV)",
        en: "Grants (CSV)",
    },
    Distribution {
        id: "actors-csv",
        path: "/data/aktorer.csv",
        format: "CSV",
        media: "text/csv",
        sv: "Aktörer (CSV)",
        en: "Actors (CSV)",
    },
];

#[derive(Template)]
#[template(path = "files/dcat.rdf", escape = "html")]
struct Dcat<'a> {
    base: &'a str,
    licence: &'a str,
    publisher: &'a str,
    contact: Option<&'a str>,
    /// The newest verification date of any entry.
    modified: String,
    distributions: &'a [Distribution],
}

/// `GET /data/dcat.rdf`
pub async fn dcat(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let catalog = state.catalog();
    let modified = catalog
        .entries()
        .map(|e| e.to_json()["verified"].as_str().unwrap_or("").to_string())
        .max()
        .unwrap_or_default();
    let page = Dcat {
        base: state.config.base_url(),
        licence: LICENCE,
        publisher: &state.config.publisher,
        contact: state.config.contact_email.as_deref(),
        modified,
        distributions: &DISTRIBUTIONS,
    };
    match page.render() {
        Ok(body) => revalidated(&headers, "application/rdf+xml; charset=utf-8", None, body),
        Err(e) => HtmlError::internal(&e).into_response(),
    }
}
