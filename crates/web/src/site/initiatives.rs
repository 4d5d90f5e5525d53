//! An initiative's page.

use askama::Template;
use axum::extract::{Path, RawQuery, State};

use super::{HtmlError, Layout, Nav, Route, page_on, render};
use crate::site::Lang;
use crate::state::AppState;

use super::common::*;

#[derive(Template)]
#[template(path = "initiative_page.html")]
pub struct InitiativePage {
    pub layout: Layout,
    pub i: InitiativeRow,
    pub check: CheckView,
}

pub async fn initiative(
    lang: Lang,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Page {
    let on = page_on(query.as_deref())?;
    let catalog = state.catalog();
    let i = catalog.initiative(&id).ok_or(HtmlError::not_found())?;
    render(
        lang,
        &InitiativePage {
            layout: Layout {
                report: report_href(&state, lang, samverkan_domain::EntryKind::Initiative, &id),
                ..Layout::new(
                    lang,
                    i.name.clone(),
                    Route::Initiative(id.clone()),
                    query.as_deref(),
                    Some(Nav::Overlaps),
                )
            },
            i: initiative_row(lang, &catalog, i, on, state.config.stale_days),
            check: CheckView::new(
                lang,
                &catalog,
                (i.verified, i.verified_by.as_ref()),
                i.verify_by(state.config.stale_days),
                on,
            ),
        },
    )
}
