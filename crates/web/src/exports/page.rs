//! The open-data page: every download, field by field, the feeds and the
//! API — the researcher's way in.

use askama::Template;
use axum::extract::State;
use axum::response::Html;

use super::csv::{ACTOR_COLUMNS, Column, GRANT_COLUMNS};
use crate::html::{HtmlError, Layout, Nav};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::urls::Route;

/// A download and what its columns hold.
pub struct Download {
    pub href: String,
    pub name: &'static str,
    pub what: String,
    pub columns: Vec<(&'static str, &'static str)>,
}

#[derive(Template)]
#[template(path = "open_data.html")]
pub struct OpenDataPage {
    pub layout: Layout,
    pub downloads: Vec<Download>,
    pub api_href: String,
    pub feed_href: String,
    pub calendar_href: String,
}

fn columns(lang: Lang, list: &[Column]) -> Vec<(&'static str, &'static str)> {
    list.iter()
        .map(|c| (c.name, if lang == Lang::Sv { c.sv } else { c.en }))
        .collect()
}

pub async fn open_data(lang: Lang, State(_state): State<AppState>) -> Result<Html<String>, HtmlError> {
    let download = |href: &'static str, key: &str, cols: Vec<(&'static str, &'static str)>| Download {
        href: href.to_string(),
        name: href.rsplit('/').next().unwrap_or(href),
        what: lang.t(key),
        columns: cols,
    };
    let page = OpenDataPage {
        layout: Layout::new(
            lang,
            lang.t("open-data-title"),
            Route::OpenData,
            None,
            Some(Nav::OpenData),
        ),
        downloads: vec![
            download(
                "/data/bidrag.csv",
                "open-data-grants-csv",
                columns(lang, GRANT_COLUMNS),
            ),
            download("/data/bidrag-excel.csv", "open-data-excel", Vec::new()),
            download(
                "/data/aktorer.csv",
                "open-data-actors-csv",
                columns(lang, ACTOR_COLUMNS),
            ),
            download("/data/aktorer-excel.csv", "open-data-excel", Vec::new()),
            download("/data/samverkan.json", "open-data-json", Vec::new()),
            download("/data/dcat.rdf", "open-data-dcat", Vec::new()),
        ],
        api_href: Route::ApiDocs.href(lang),
        feed_href: crate::urls::Route::Changes.href(lang),
        calendar_href: Route::GrantsIcs.href(lang),
    };
    page.render().map(Html).map_err(|e| HtmlError::internal(&e))
}
