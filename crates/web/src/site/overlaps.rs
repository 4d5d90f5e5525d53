//! Where missions overlap: actors by area, as a table and a chart.

use askama::Template;
use axum::extract::{RawQuery, State};
use samverkan_domain::Actor;
use samverkan_domain::catalog::swedish_key;
use samverkan_domain::model::AreaRole;

use serde::Deserialize;
use utoipa::IntoParams;

use super::{Layout, Nav, Route, page_params, reference_date, render};
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

/// Actors per page of the table (and of the diagram, which shows the
/// same actors): a page stays readable, and small, at any number of actors.
pub(super) const ACTORS_PER_PAGE: usize = 50;

/// At most this many actors are named per role in each area, and without a
/// role; the rest are a link away, in the actor list.
pub(super) const NAMED: usize = 20;

/// Actors named in a list, with how many more there are and where they are.
pub struct Named {
    pub links: Vec<Link>,
    pub more: Option<Link>,
}

/// An area, how many actors work in it, and under each role (national
/// responsibility, takes part) who has it.
pub struct AreaActors {
    pub area: Link,
    pub count: String,
    pub roles: Vec<(String, Named)>,
}

#[derive(Template)]
#[template(path = "overlaps.html")]
pub struct OverlapsPage {
    pub layout: Layout,
    pub areas: Vec<Link>,
    pub rows: Vec<MatrixRow>,
    /// Which actors the table shows, when not all.
    pub rows_info: Option<String>,
    pub pager: Pager,
    pub by_area: Vec<AreaActors>,
    /// Actors of the source that have no role in any area.
    pub without_role: Named,
    pub svg: String,
    pub initiatives: Vec<InitiativeRow>,
}

/// The overlap page's parameters.
#[derive(Deserialize, IntoParams)]
pub(super) struct OverlapParams {
    #[param(minimum = 1, maximum = 100_000)]
    page: Option<u32>,
    on: Option<String>,
}

/// Up to [`NAMED`] of `actors` as links; beyond, the link `more` makes to
/// all of them (the actor list, filtered).
fn named(lang: Lang, actors: &[&Actor], more: impl FnOnce() -> Link) -> Named {
    Named {
        links: actors.iter().take(NAMED).map(|a| actor_link(lang, a)).collect(),
        more: (actors.len() > NAMED).then(more),
    }
}

pub async fn overlaps(lang: Lang, State(state): State<AppState>, RawQuery(query): RawQuery) -> Page {
    let p: OverlapParams = page_params(query.as_deref())?;
    let on = reference_date(p.on.as_deref())?;
    let catalog = state.catalog();
    let mut actors: Vec<&Actor> = catalog
        .actors()
        .iter()
        .filter(|a| !a.areas.is_empty() || !catalog.initiatives_of(a.id.as_str()).is_empty())
        .collect();
    actors.sort_by_cached_key(|a| (a.areas.is_empty(), swedish_key(&a.name)));
    let page = p.page.map_or(1, |n| n as usize);
    let pages = actors.len().div_ceil(ACTORS_PER_PAGE);
    let shown: Vec<&Actor> = actors
        .iter()
        .skip((page - 1).saturating_mul(ACTORS_PER_PAGE))
        .take(ACTORS_PER_PAGE)
        .copied()
        .collect();
    let first = (page - 1) * ACTORS_PER_PAGE + 1;
    let rows_info = (pages > 1 && !shown.is_empty()).then(|| {
        lang.tn(
            "overlaps-rows-shown",
            &[
                ("first", first.into()),
                ("last", (first + shown.len() - 1).into()),
                ("count", actors.len().into()),
            ],
        )
    });
    let rows = shown
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
    let actors_href = |area: &str, role: AreaRole| {
        format!("{}?area={area}&role={}", Route::Actors.href(lang), role.as_str())
    };
    let by_area = catalog
        .areas()
        .iter()
        .map(|ar| {
            // Those responsible first, then by name: by name within each role.
            let people = catalog.actors_in_area(ar.id.as_str());
            let roles = [AreaRole::Responsible, AreaRole::Contributes]
                .into_iter()
                .map(|role| {
                    let chosen: Vec<&Actor> = people
                        .iter()
                        .filter(|(_, r)| *r == role)
                        .map(|(a, _)| *a)
                        .collect();
                    (
                        lang.t(&format!("role-{}", role.as_str())),
                        named(lang, &chosen, || Link {
                            href: actors_href(ar.id.as_str(), role),
                            text: lang.t1("overlaps-all-actors", "count", chosen.len()),
                        }),
                    )
                })
                .collect();
            AreaActors {
                area: area_link(lang, ar),
                count: lang.t1("count-actors", "count", people.len()),
                roles,
            }
        })
        .collect();
    // The agencies the source describes (a mission) but ties to no area;
    // beyond the first, the actor list's every actor without a role (the
    // grant givers the source only names among them).
    let without_role = {
        let mut rest: Vec<&Actor> = catalog
            .actors()
            .iter()
            .filter(|a| a.areas.is_empty() && a.mission.is_some())
            .collect();
        rest.sort_by_cached_key(|a| swedish_key(&a.name));
        named(lang, &rest, || Link {
            href: format!("{}?role=none", Route::Actors.href(lang)),
            text: lang.t1(
                "overlaps-all-without-role",
                "count",
                catalog.actors().iter().filter(|a| a.areas.is_empty()).count(),
            ),
        })
    };
    // The initiatives that several actors take part in, among them one of
    // the actors shown.
    let initiatives = catalog
        .initiatives()
        .iter()
        .filter(|i| i.participants.len() > 1)
        .filter(|i| shown.iter().any(|a| i.participants.contains(&a.id)))
        .map(|i| initiative_row(lang, &catalog, i, on, state.config.stale_days))
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
            rows_info,
            pager: Pager::new(lang, page, pages, |n| {
                page_href(lang, Route::Overlaps, query.as_deref(), n)
            }),
            by_area,
            without_role,
            svg: super::svg::overlap_diagram(lang, &catalog, &shown)?,
            initiatives,
        },
    )
}
