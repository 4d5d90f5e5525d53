//! About the service and its data, with the accessibility statement.

use askama::Template;
use axum::extract::{RawQuery, State};

use super::{Layout, Nav, Route, render};
use crate::site::Lang;
use crate::state::AppState;

use super::common::*;

/// The address of the source page (found on 29 November 2026 in a stored copy
/// whose title matches the seed; the page itself may be gone with its
/// publisher).
pub(super) const SOURCE_URL: &str =
    "https://delmos.se/samverkan/myndigheter-och-statsbidrag-med-koppling-till-arbete-mot-segregation/";
/// Delmos's own page on its winding up.
pub(super) const WOUND_DOWN_URL: &str = "https://delmos.se/om-oss/om-avvecklingen/";

#[derive(Template)]
#[template(path = "about.html")]
pub struct AboutPage {
    pub layout: Layout,
    pub source_url: &'static str,
    pub wound_down_url: &'static str,
    pub operator: Option<String>,
    pub actors: usize,
    pub grants: usize,
    pub initiatives: usize,
    pub stale_days: u32,
    pub sv: bool,
    pub contact: Option<String>,
}

pub async fn about(lang: Lang, State(state): State<AppState>, RawQuery(query): RawQuery) -> Page {
    let catalog = state.catalog();
    render(
        lang,
        &AboutPage {
            source_url: SOURCE_URL,
            wound_down_url: WOUND_DOWN_URL,
            operator: state.config.operator.clone(),
            layout: Layout::new(
                lang,
                lang.t("about-title"),
                Route::About,
                query.as_deref(),
                Some(Nav::About),
            ),
            actors: catalog.actors().len(),
            grants: catalog.grants().len(),
            initiatives: catalog.initiatives().len(),
            stale_days: state.config.stale_days,
            sv: lang == Lang::Sv,
            contact: state.config.contact_email.clone(),
        },
    )
}
