//! Where missions overlap: actors by area, as a table and a chart.

use askama::Template;
use axum::extract::{RawQuery, State};
use samverkan_domain::Actor;
use samverkan_domain::catalog::swedish_key;
use samverkan_domain::model::AreaRole;

use super::{Layout, Nav, Route, page_on, render};
use crate::site::Lang;
use crate::state::AppState;

use super::common::*;

pub struct MatrixCell {
    pub text: String,
    pub class: &'static str,
}

pub struct MatrixRow {
    pub actor: Link,
    pub cells: Vec<MatrixCell>,
}

#[derive(Template)]
#[template(path = "overlaps.html")]
pub struct OverlapsPage {
    pub layout: Layout,
    pub areas: Vec<Link>,
    pub rows: Vec<MatrixRow>,
    /// Area by area: the area, who has the national responsibility, who takes part.
    pub by_area: Vec<(Link, Vec<Link>, Vec<Link>)>,
    /// Actors of the source that have no role in any area.
    pub without_role: Vec<Link>,
    pub svg: String,
    pub initiatives: Vec<InitiativeRow>,
    pub shared: Vec<(Link, String)>,
}

pub async fn overlaps(lang: Lang, State(state): State<AppState>, RawQuery(query): RawQuery) -> Page {
    let on = page_on(query.as_deref())?;
    let catalog = state.catalog();
    let mut actors: Vec<&Actor> = catalog
        .actors()
        .iter()
        .filter(|a| !a.areas.is_empty() || !catalog.initiatives_of(a.id.as_str()).is_empty())
        .collect();
    actors.sort_by_cached_key(|a| (a.areas.is_empty(), swedish_key(&a.name)));
    let rows = actors
        .iter()
        .map(|a| MatrixRow {
            actor: actor_link(lang, a),
            cells: catalog
                .areas()
                .iter()
                .map(|ar| match a.role_in(ar.id.as_str()) {
                    Some(AreaRole::Responsible) => MatrixCell {
                        text: lang.t("role-responsible"),
                        class: "responsible",
                    },
                    Some(AreaRole::Contributes) => MatrixCell {
                        text: lang.t("role-contributes"),
                        class: "contributes",
                    },
                    None => MatrixCell {
                        text: String::new(),
                        class: "none",
                    },
                })
                .collect(),
        })
        .collect();
    // How many actors share each area: where coordination matters most.
    let shared = catalog
        .areas()
        .iter()
        .map(|ar| {
            let n = catalog.actors_in_area(ar.id.as_str()).len();
            (area_link(lang, ar), lang.t1("count-actors", "count", n))
        })
        .collect();
    render(
        lang,
        &OverlapsPage {
            layout: Layout::new(
                lang,
                lang.t("overlaps-title"),
                Route::Overlaps,
                query.as_deref(),
                Some(Nav::Overlaps),
            ),
            areas: catalog.areas().iter().map(|a| area_link(lang, a)).collect(),
            rows,
            by_area: catalog
                .areas()
                .iter()
                .map(|ar| {
                    let mut people = catalog.actors_in_area(ar.id.as_str());
                    people.sort_by_cached_key(|(a, _)| swedish_key(&a.name));
                    let with = |role: AreaRole| {
                        people
                            .iter()
                            .filter(|(_, r)| *r == role)
                            .map(|(a, _)| actor_link(lang, a))
                            .collect()
                    };
                    (
                        area_link(lang, ar),
                        with(AreaRole::Responsible),
                        with(AreaRole::Contributes),
                    )
                })
                .collect(),
            without_role: {
                let mut rest: Vec<&Actor> = catalog
                    .actors()
                    .iter()
                    .filter(|a| a.areas.is_empty() && a.mission.is_some())
                    .collect();
                rest.sort_by_cached_key(|a| swedish_key(&a.name));
                rest.into_iter().map(|a| actor_link(lang, a)).collect()
            },
            svg: super::svg::overlap_diagram(lang, &catalog, &actors)?,
            initiatives: catalog
                .initiatives()
                .iter()
                .filter(|i| i.participants.len() > 1)
                .map(|i| initiative_row(lang, &catalog, i, on, state.config.stale_days))
                .collect(),
            shared,
        },
    )
}
