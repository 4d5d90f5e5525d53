//! Search across actors, grants and initiatives.

use askama::Template;
use axum::extract::{RawQuery, State};

use super::{HtmlError, Layout, Nav, Route, page_params, render};
use crate::site::Lang;
use crate::state::AppState;
use serde::Deserialize;
use utoipa::IntoParams;

use super::common::*;

/// Results per page of the search page.
pub(super) const PER_PAGE: usize = 20;

pub struct SearchRow {
    pub kind: String,
    pub link: Link,
    /// For a grant: its provider and next deadline or status.
    pub detail: Option<String>,
    /// Safe HTML from the search index: escaped text, matches in `<mark>`.
    pub snippet: String,
}

#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage {
    pub layout: Layout,
    pub q: String,
    pub kinds: Vec<Choice>,
    pub rows: Vec<SearchRow>,
    pub count: Option<String>,
    pub pager: Pager,
}

/// The search page's parameters.
#[derive(Deserialize, IntoParams)]
pub(super) struct SearchPageParams {
    q: Option<String>,
    #[param(rename = "type")]
    #[serde(rename = "type")]
    kind: Option<Vec<String>>,
    #[param(minimum = 1, maximum = 10_000)]
    page: Option<u32>,
}

pub async fn search(lang: Lang, State(state): State<AppState>, RawQuery(query): RawQuery) -> Page {
    let p: SearchPageParams = page_params(query.as_deref())?;
    let kinds = crate::filters::search_kinds(p.kind.as_deref())?;
    let page = p.page.map_or(1, |n| n as usize);
    let text: String =
        p.q.as_deref()
            .unwrap_or("")
            .chars()
            .take(samverkan_search::MAX_QUERY_CHARS)
            .collect();
    let (catalog, index) = state.catalog_and_search();
    let today = samverkan_domain::time::today_in_sweden();
    let results = crate::search::run(&index, &text, &kinds, PER_PAGE, (page - 1) * PER_PAGE)
        .map_err(|e| HtmlError::internal(&e))?;
    let rows = results
        .hits
        .iter()
        .map(|h| SearchRow {
            kind: lang.t(&format!("search-kind-{}", h.kind.as_str())),
            link: Link {
                href: crate::search::href(lang, h),
                text: samverkan_search::title_text(&catalog, h.kind, h.id.as_str()),
            },
            snippet: crate::search::snippet(&catalog, &index, &text, h),
            detail: (h.kind == samverkan_search::Kind::Grant)
                .then(|| catalog.grant(h.id.as_str()))
                .flatten()
                .map(|g| {
                    let card = grant_card(
                        lang,
                        &catalog,
                        &catalog.hit(g, today),
                        today,
                        state.config.stale_days,
                    );
                    let when = match &card.next {
                        Some(next) if card.expected => {
                            format!(
                                "{}: {}, {}",
                                lang.t("next-deadline"),
                                next.text,
                                lang.t("deadline-expected")
                            )
                        }
                        Some(next) => format!("{}: {}", lang.t("next-deadline"), next.text),
                        None => card.status,
                    };
                    format!("{} · {when}", card.provider.text)
                }),
        })
        .collect();
    let link_to = |page: usize| {
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("q", &text);
        for k in &kinds {
            q.append_pair("type", k.as_str());
        }
        q.append_pair("page", &page.to_string());
        format!("{}?{}", Route::Search.href(lang), q.finish())
    };
    let pages = results.total.div_ceil(PER_PAGE);
    let searched = !text.trim().is_empty();
    render(
        lang,
        &SearchPage {
            layout: Layout::new(
                lang,
                lang.t("search-title"),
                Route::Search,
                query.as_deref(),
                Some(Nav::Search),
            ),
            kinds: samverkan_search::Kind::ALL
                .into_iter()
                .map(|k| Choice {
                    value: k.as_str().to_string(),
                    label: lang.t(&format!("search-kinds-{}", k.as_str())),
                    checked: kinds.contains(&k),
                })
                .collect(),
            rows,
            count: searched.then(|| lang.t1("search-count", "count", results.total)),
            pager: Pager::new(lang, page, pages, link_to),
            q: text,
        },
    )
}
