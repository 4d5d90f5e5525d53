//! An area's page: who works in it, with what role, and its grants and initiatives.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use samverkan_domain::GrantQuery;
use samverkan_domain::model::AreaRole;

use super::{HtmlError, Layout, Route, page_on, render};
use crate::site::Lang;
use crate::state::AppState;

use super::common::*;

#[derive(Template)]
#[template(path = "area.html")]
pub struct AreaPage {
    pub layout: Layout,
    pub name: String,
    pub responsible: Vec<Link>,
    pub contributing: Vec<Link>,
    pub grants: Vec<GrantCard>,
    pub grants_total: String,
    pub initiatives: Vec<InitiativeRow>,
    pub finder_href: String,
}

pub async fn area(
    lang: Lang,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Page {
    let on = page_on(query.as_deref())?;
    let catalog = state.catalog();
    let area = catalog.area(&id).ok_or(HtmlError::not_found())?;
    let actors = catalog.actors_in_area(&id);
    let links = |role: AreaRole| {
        actors
            .iter()
            .filter(|(_, r)| *r == role)
            .map(|(a, _)| actor_link(lang, a))
            .collect()
    };
    let q = GrantQuery {
        areas: vec![area.id.clone()],
        ..Default::default()
    };
    let name = area_label(lang, area);
    let (area_grants, area_total) = catalog.find_grants_page(&q, on, 0, LIST_GRANTS);
    render(
        lang,
        &AreaPage {
            layout: Layout {
                area_feed: Some(Route::AreaChanges(id.clone()).href(lang)),
                ..Layout::new(
                    lang,
                    name.clone(),
                    Route::Area(id.clone()),
                    query.as_deref(),
                    None,
                )
            },
            responsible: links(AreaRole::Responsible),
            contributing: links(AreaRole::Contributes),
            grants: area_grants
                .iter()
                .map(|h| grant_card(lang, &catalog, h, on, state.config.stale_days))
                .collect(),
            grants_total: lang.t1("show-all-grants", "count", area_total),
            initiatives: catalog
                .initiatives()
                .iter()
                .filter(|i| i.areas.contains(&area.id))
                .map(|i| initiative_row(lang, &catalog, i, on, state.config.stale_days))
                .collect(),
            finder_href: format!("{}?area={id}", Route::Grants.href(lang)),
            name,
        },
    )
}
