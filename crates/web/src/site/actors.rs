//! The actors: a filterable list, and each actor's page with its grants, initiatives and who else works in its areas.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use samverkan_domain::model::ActorKind;
use samverkan_domain::{Actor, ActorQuery, GrantQuery};

use super::{HtmlError, Layout, Nav, Route, page_on, page_params, render};
use crate::filters;
use crate::site::Lang;
use crate::state::AppState;
use serde::Deserialize;
use utoipa::IntoParams;

use super::common::*;

pub struct ActorRow {
    pub link: Link,
    pub kind: String,
    pub areas: Vec<(Link, String)>,
    pub grants: usize,
}

#[derive(Template)]
#[template(path = "actors.html")]
pub struct ActorsPage {
    pub layout: Layout,
    pub q: String,
    pub areas: Vec<Choice>,
    pub roles: Vec<Choice>,
    pub kinds: Vec<Choice>,
    /// The actors found, under the source page's headings, in its order.
    pub groups: Vec<(String, Vec<ActorRow>)>,
    pub count: String,
    pub pager: Pager,
}

/// Actors per page of the list: all of the bundled data's on one page, and
/// a page that stays small at any number of actors.
pub(super) const ACTORS_PER_PAGE: usize = 100;

/// The actor list's filters.
#[derive(Deserialize, IntoParams)]
pub(super) struct ActorPageParams {
    #[param(minimum = 1, maximum = 100_000)]
    page: Option<u32>,
    #[param(max_length = 500)]
    q: Option<String>,
    area: Option<Vec<String>>,
    role: Option<String>,
    kind: Option<Vec<String>>,
}

pub async fn actors(lang: Lang, State(state): State<AppState>, RawQuery(query): RawQuery) -> Page {
    let p: ActorPageParams = page_params(query.as_deref())?;
    let catalog = state.catalog();
    let areas = filters::areas(p.area.as_deref(), &catalog)?;
    let role = filters::role(p.role.as_deref())?;
    let kinds = filters::kinds(p.kind.as_deref())?;
    let text = p.q;
    let (area_role, without_role) = filters::RoleFilter::split(role);
    let found = catalog.find_actors(&ActorQuery {
        text: text.clone(),
        areas: areas.clone(),
        role: area_role,
        without_role,
        kinds: kinds.clone(),
    });
    let row = |a: &Actor| ActorRow {
        link: actor_link(lang, a),
        kind: kind_label(lang, a.kind),
        areas: area_roles(lang, &catalog, a),
        grants: catalog.grants_by(a.id.as_str()).len(),
    };
    let count = found.len();
    // Under the source's headings in its order, then by name; a page is a
    // slice of that order.
    let order = |a: &Actor| {
        samverkan_domain::SourceGroup::ALL
            .iter()
            .position(|g| a.group == Some(*g))
            .unwrap_or(usize::MAX)
    };
    let mut found = found;
    found.sort_by_key(|a| order(a));
    let page = p.page.map_or(1, |n| n as usize);
    let pages = count.div_ceil(ACTORS_PER_PAGE);
    let found: Vec<&Actor> = found
        .into_iter()
        .skip((page - 1).saturating_mul(ACTORS_PER_PAGE))
        .take(ACTORS_PER_PAGE)
        .collect();
    let groups: Vec<(String, Vec<ActorRow>)> = samverkan_domain::SourceGroup::ALL
        .into_iter()
        .map(Some)
        .chain([None])
        .map(|group| {
            let key = group.map_or("actors-group-none", |g| match g {
                samverkan_domain::SourceGroup::MyndighetMedKoppling => "actors-group-myndighet-med-koppling",
                samverkan_domain::SourceGroup::OvrigNationellAktor => "actors-group-ovrig-nationell-aktor",
                samverkan_domain::SourceGroup::Bidragsgivare => "actors-group-bidragsgivare",
            });
            let rows: Vec<ActorRow> = found
                .iter()
                .filter(|a| a.group == group)
                .map(|a| row(a))
                .collect();
            (lang.t(key), rows)
        })
        .filter(|(_, rows)| !rows.is_empty())
        .collect();
    render(
        lang,
        &ActorsPage {
            layout: Layout::new(
                lang,
                lang.t("actors-title"),
                Route::Actors,
                query.as_deref(),
                Some(Nav::Actors),
            ),
            q: text.unwrap_or_default(),
            areas: area_choices(lang, &catalog, &areas),
            roles: std::iter::once("")
                .chain(filters::RoleFilter::NAMES)
                .map(|r| Choice {
                    value: r.to_string(),
                    label: match r {
                        "" => lang.t("filter-any-role"),
                        "none" => lang.t("filter-role-none"),
                        r => lang.t(&format!("role-{r}")),
                    },
                    checked: role.map(filters::RoleFilter::as_str).unwrap_or("") == r,
                })
                .collect(),
            kinds: ActorKind::ALL
                .into_iter()
                .filter(|k| catalog.actors().iter().any(|a| a.kind == *k))
                .map(|k| Choice {
                    value: k.as_str().to_string(),
                    label: kind_label(lang, k),
                    checked: kinds.contains(&k),
                })
                .collect(),
            count: lang.t1("count-actors", "count", count),
            groups,
            pager: Pager::new(lang, page, pages, |n| {
                page_href(lang, Route::Actors, query.as_deref(), n)
            }),
        },
    )
}

pub struct RelatedRow {
    pub link: Link,
    pub shared: String,
}

#[derive(Template)]
#[template(path = "actor.html")]
pub struct ActorPage {
    pub layout: Layout,
    pub name: String,
    pub short_name: Option<String>,
    pub aliases: String,
    pub kind: String,
    pub stale: Option<String>,
    pub check: CheckView,
    pub mission: Vec<Block>,
    pub connection: Vec<Block>,
    pub areas: Vec<(Link, String)>,
    pub perspectives: Vec<String>,
    pub website: Option<String>,
    pub website_added: Option<AddedNote>,
    /// The official English name, on English pages.
    pub name_en: Option<String>,
    pub name_en_added: Option<AddedNote>,
    pub grants: Vec<GrantCard>,
    pub grants_more: Option<(String, String)>,
    pub initiatives: Vec<InitiativeRow>,
    pub related: Vec<RelatedRow>,
    pub related_more: Option<String>,
}

pub async fn actor(
    lang: Lang,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Page {
    let on = page_on(query.as_deref())?;
    let catalog = state.catalog();
    let a = catalog.actor(&id).ok_or(HtmlError::not_found())?;
    let stale_days = state.config.stale_days;
    let base = state.config.base_url();
    let q = GrantQuery {
        providers: vec![a.id.clone()],
        ..Default::default()
    };
    let (actor_grants, actor_total) = catalog.find_grants_page(&q, on, 0, LIST_GRANTS);
    let all_related = catalog.related_actors(a);
    let related_total = all_related.len();
    let related = all_related
        .iter()
        .take(LIST_RELATED)
        .map(|r| {
            let mut shared: Vec<String> = r.areas.iter().map(|ar| area_label(lang, ar)).collect();
            shared.extend(
                r.initiatives
                    .iter()
                    .map(|i| i.short_name.clone().unwrap_or_else(|| i.name.clone())),
            );
            RelatedRow {
                link: actor_link(lang, r.actor),
                shared: shared.join(", "),
            }
        })
        .collect();
    render(
        lang,
        &ActorPage {
            layout: Layout {
                json_ld: Some(super::structured::actor(base, lang, a)),
                report: report_href(&state, lang, samverkan_domain::EntryKind::Actor, &id),
                ..Layout::new(
                    lang,
                    a.name.clone(),
                    Route::Actor(id.clone()),
                    query.as_deref(),
                    Some(Nav::Actors),
                )
            },
            name: a.name.clone(),
            short_name: a.short_name.clone(),
            aliases: a.aliases.join(", "),
            kind: kind_label(lang, a.kind),
            stale: stale_notice(lang, a.verified, a.verify_by(stale_days), on),
            check: CheckView::new(
                lang,
                &catalog,
                (a.verified, a.verified_by.as_ref()),
                a.verify_by(stale_days),
                on,
            ),
            mission: blocks(a.mission.as_deref()),
            connection: blocks(a.connection.as_deref()),
            areas: area_roles(lang, &catalog, a),
            perspectives: a
                .perspectives
                .iter()
                .map(|p| perspective_label(lang, &catalog, p.as_str()))
                .collect(),
            website: a.website.clone(),
            website_added: added_note(lang, &a.added, "website"),
            name_en: a.name_en.clone().filter(|_| lang == Lang::En),
            name_en_added: added_note(lang, &a.added, "name_en"),
            grants: actor_grants
                .iter()
                .map(|h| grant_card(lang, &catalog, h, on, stale_days))
                .collect(),
            grants_more: (actor_total > LIST_GRANTS).then(|| {
                (
                    format!("{}?provider={}", Route::Grants.href(lang), a.id),
                    lang.t1("show-all-grants", "count", actor_total),
                )
            }),
            related_more: (related_total > LIST_RELATED)
                .then(|| lang.t1("more-related", "count", related_total - LIST_RELATED)),
            initiatives: catalog
                .initiatives_of(a.id.as_str())
                .into_iter()
                .map(|i| initiative_row(lang, &catalog, i, on, state.config.stale_days))
                .collect(),
            related,
        },
    )
}
