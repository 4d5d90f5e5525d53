//! The pages: one handler and one template struct each. Handlers read the
//! query, ask the catalogue and fill a view model of ready-to-print strings.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::Html;
use jiff::ToSpan;
use jiff::civil::Date;
use samverkan_domain::EntryKind;
use samverkan_domain::catalog::{Catalog, swedish_key};
use samverkan_domain::deadline::DeadlineRule;
use samverkan_domain::model::{ActorKind, Area, AreaRole};
use samverkan_domain::time::is_stale;
use samverkan_domain::{Actor, ActorQuery, DeadlineStatus, GrantHit, GrantQuery, GrantSort, Initiative};

use super::{HtmlError, Layout, Nav, Route, page_params, reference_date, render};
use crate::http::query::Arity;
use crate::site::Lang;
use crate::state::AppState;

type Page = Result<Html<String>, HtmlError>;

/// A link.
pub struct Link {
    pub href: String,
    pub text: String,
}

/// A date, as text and as the ISO date for `<time datetime>`.
pub struct DateView {
    pub iso: String,
    pub text: String,
}

impl DateView {
    fn new(lang: Lang, date: &Date) -> Self {
        DateView {
            iso: date.to_string(),
            text: lang.date(date),
        }
    }
}

/// A checkbox or option of a filter form.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// A block of running text: a paragraph or a bulleted list.
pub enum Block {
    Para(String),
    List(Vec<String>),
}

fn blocks(text: Option<&str>) -> Vec<Block> {
    text.map(|t| {
        t.split("\n\n")
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .map(|b| {
                let lines: Vec<&str> = b.lines().collect();
                if lines.iter().all(|l| l.starts_with("- ")) {
                    Block::List(lines.iter().map(|l| l[2..].to_string()).collect())
                } else {
                    Block::Para(b.to_string())
                }
            })
            .collect()
    })
    .unwrap_or_default()
}

/// "boende" → "Boende": data names start in lower case, headings do not.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An area's name as a label, in the page's language.
pub(super) fn area_label(lang: Lang, area: &Area) -> String {
    capitalised(&lang.t_or(&format!("data-area-{}", area.id), &area.name))
}

fn area_link(lang: Lang, area: &Area) -> Link {
    Link {
        href: Route::Area(area.id.to_string()).href(lang),
        text: area_label(lang, area),
    }
}

fn kind_label(lang: Lang, kind: ActorKind) -> String {
    lang.t(&format!("kind-{}", kind.as_str()))
}

fn role_label(lang: Lang, role: AreaRole) -> String {
    lang.t(&format!("role-{}", role.as_str()))
}

fn actor_link(lang: Lang, actor: &Actor) -> Link {
    let text = match &actor.short_name {
        Some(short) if !actor.name.contains(short.as_str()) => format!("{} ({short})", actor.name),
        _ => actor.name.clone(),
    };
    Link {
        href: Route::Actor(actor.id.to_string()).href(lang),
        text,
    }
}

fn applicant_label(lang: Lang, catalog: &Catalog, id: &str) -> String {
    let fallback = catalog.applicant_type(id).map_or(id, |t| t.name.as_str());
    capitalised(&lang.t_or(&format!("data-applicant-{id}"), fallback))
}

fn perspective_label(lang: Lang, catalog: &Catalog, id: &str) -> String {
    let fallback = catalog.perspective(id).map_or(id, |p| p.name.as_str());
    capitalised(&lang.t_or(&format!("data-perspective-{id}"), fallback))
}

/// The notice an entry shows when it has not been verified within the window.
fn stale_notice(lang: Lang, verified: Date, on: Date, stale_days: u32) -> Option<String> {
    is_stale(verified, on, stale_days).then(|| lang.t1("stale-notice", "date", lang.date(&verified)))
}

fn provider_name(provider: Option<&samverkan_domain::Actor>, g: &samverkan_domain::Grant) -> String {
    provider.map_or_else(|| g.provider.to_string(), |a| a.name.clone())
}

/// The areas an actor works in, each with its role in words.
fn area_roles(lang: Lang, catalog: &Catalog, a: &Actor) -> Vec<(Link, String)> {
    a.areas
        .iter()
        .filter_map(|l| {
            catalog
                .area(l.area.as_str())
                .map(|ar| (area_link(lang, ar), role_label(lang, l.role)))
        })
        .collect()
}

/// A fact the service added, as a reader sees it beside the fact: who added
/// it, against which page and when, and what else that page said.
pub struct AddedNote {
    pub text: String,
    pub source: String,
    pub source_host: String,
    pub note: Option<String>,
}

pub fn added_note(lang: Lang, added: &[samverkan_domain::Addition], field: &str) -> Option<AddedNote> {
    let a = added.iter().find(|a| a.field == field)?;
    let host = a
        .source
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or(&a.source)
        .trim_start_matches("www.")
        .to_string();
    Some(AddedNote {
        text: lang.t1("added-by-service", "date", lang.date(&a.checked)),
        source: a.source.clone(),
        source_host: host,
        note: a.note.clone(),
    })
}

/// Said once above a list of grants when any of them may be out of date:
/// the oldest such verification date and how many.
pub fn stale_among(lang: &Lang, cards: &[GrantCard]) -> Option<String> {
    let lang = *lang;
    let stale: Vec<Date> = cards.iter().filter_map(|c| c.stale_since).collect();
    let oldest = stale.iter().min()?;
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("count", stale.len());
    args.set("total", cards.len());
    args.set("date", lang.date(oldest));
    Some(lang.format("stale-list", Some(&args)))
}

/// A grant as it appears in lists and on its own page.
pub struct GrantCard {
    pub href: String,
    pub title: String,
    pub provider: Link,
    /// The deadline phrase as the source writes it.
    pub deadline_text: Option<String>,
    pub next: Option<DateView>,
    pub days_left: Option<String>,
    /// The status in words.
    pub status: String,
    /// `rolling`, `upcoming`, `expected`, `passed` or `unknown`, for styling.
    pub status_class: &'static str,
    pub passed: bool,
    /// The next deadline is a yearly date carried forward, not confirmed.
    pub expected: bool,
    /// On the grant's own page: that it may be out of date. (Lists say it
    /// once, with [`stale_among`].)
    pub stale: Option<String>,
    /// When the grant was last verified, if that is longer ago than the
    /// service's window.
    pub stale_since: Option<Date>,
    pub areas: Vec<Link>,
}

fn grant_card(lang: Lang, catalog: &Catalog, hit: &GrantHit<'_>, on: Date, stale_days: u32) -> GrantCard {
    let g = hit.grant;
    let provider_name = hit
        .provider
        .map_or_else(|| g.provider.to_string(), |a| a.name.clone());
    let (status, status_class) = match (hit.status, &g.deadline) {
        _ if g.ended => (lang.t("status-ended"), "passed"),
        (DeadlineStatus::Unknown, None) => (lang.t("status-none"), "unknown"),
        (DeadlineStatus::Rolling, _) => (lang.t("status-rolling"), "rolling"),
        (DeadlineStatus::Upcoming, _) if hit.expected => {
            (lang.t1("status-expected", "provider", provider_name), "expected")
        }
        (DeadlineStatus::Upcoming, _) => (lang.t("status-upcoming"), "upcoming"),
        (DeadlineStatus::Passed, _) => (lang.t("status-passed"), "passed"),
        (DeadlineStatus::Unknown, Some(_)) => (lang.t("status-unknown"), "unknown"),
    };
    GrantCard {
        href: Route::Grant(g.id.to_string()).href(lang),
        title: g.title.clone(),
        provider: hit.provider.map_or_else(
            || Link {
                href: Route::Actor(g.provider.to_string()).href(lang),
                text: g.provider.to_string(),
            },
            |a| actor_link(lang, a),
        ),
        deadline_text: g.deadline.as_ref().map(|d| d.text().to_string()),
        next: hit.next_deadline.map(|d| DateView::new(lang, &d)),
        days_left: hit.days_left.map(|d| lang.days_left(d)),
        status,
        status_class,
        passed: hit.status == DeadlineStatus::Passed,
        expected: hit.expected,
        stale: stale_notice(lang, g.verified, on, stale_days),
        stale_since: is_stale(g.verified, on, stale_days).then_some(g.verified),
        areas: g
            .areas
            .iter()
            .filter_map(|a| catalog.area(a.as_str()))
            .map(|a| area_link(lang, a))
            .collect(),
    }
}

fn area_choices(lang: Lang, catalog: &Catalog, chosen: &[samverkan_domain::Slug]) -> Vec<Choice> {
    catalog
        .areas()
        .iter()
        .map(|a| Choice {
            value: a.id.to_string(),
            label: area_label(lang, a),
            checked: chosen.contains(&a.id),
        })
        .collect()
}

fn applicant_choices(lang: Lang, catalog: &Catalog, chosen: &[samverkan_domain::Slug]) -> Vec<Choice> {
    let mut out: Vec<Choice> = catalog
        .applicant_types()
        .iter()
        .map(|t| Choice {
            value: t.id.to_string(),
            label: applicant_label(lang, catalog, t.id.as_str()),
            checked: chosen.contains(&t.id),
        })
        .collect();
    out.sort_by_cached_key(|c| swedish_key(&c.label));
    out
}

fn known_areas(catalog: &Catalog) -> impl FnOnce() -> Vec<String> + '_ {
    || catalog.areas().iter().map(|a| a.id.to_string()).collect()
}

fn known_applicants(catalog: &Catalog) -> impl FnOnce() -> Vec<String> + '_ {
    || {
        catalog
            .applicant_types()
            .iter()
            .map(|a| a.id.to_string())
            .collect()
    }
}

fn bad(_lang: Lang) -> impl Fn(crate::http::error::ApiError) -> HtmlError {
    move |e| HtmlError::bad_request(e.message)
}

// ---------------------------------------------------------------- start page

/// How many coming deadlines the start page shows.
const HOME_DEADLINES: usize = 10;
/// How many grants an area's or an actor's page shows before linking to the finder.
const LIST_GRANTS: usize = 20;
/// How many related actors an actor's page names.
const LIST_RELATED: usize = 30;
/// How many deadlines the calendar shows in one month.
const CALENDAR_PER_MONTH: usize = 50;

pub struct AreaSummary {
    pub link: Link,
    pub actors: String,
    pub grants: String,
}

pub struct ChangeView {
    pub text: String,
    pub href: Option<String>,
    pub action: String,
    pub date: DateView,
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub layout: Layout,
    pub areas: Vec<AreaSummary>,
    pub soon: Vec<GrantCard>,
    pub later: Vec<GrantCard>,
    pub changes: Vec<ChangeView>,
    /// A link to the rest when there are more deadlines than the page shows.
    pub soon_more: Option<(String, String)>,
    pub finder_href: String,
    pub today: DateView,
}

pub async fn home(lang: Lang, State(state): State<AppState>, RawQuery(query): RawQuery) -> Page {
    let p = page_params(lang, query.as_deref(), &[("on", Arity::One)])?;
    let on = reference_date(lang, &p)?;
    let catalog = state.catalog();
    let stale_days = state.config.stale_days;
    let areas = catalog
        .areas()
        .iter()
        .map(|a| {
            let grants = catalog
                .grants()
                .iter()
                .filter(|g| g.areas.contains(&a.id))
                .count();
            AreaSummary {
                link: area_link(lang, a),
                actors: lang.t1(
                    "count-actors",
                    "count",
                    catalog.actors_in_area(a.id.as_str()).len(),
                ),
                grants: lang.t1("count-grants", "count", grants),
            }
        })
        .collect();
    let upcoming = GrantQuery {
        statuses: vec![DeadlineStatus::Upcoming],
        ..Default::default()
    };
    let within_60 = GrantQuery {
        within_days: Some(60),
        ..upcoming.clone()
    };
    let (soon, soon_total) = catalog.find_grants_page(&within_60, on, 0, HOME_DEADLINES);
    let later = if soon.is_empty() {
        catalog.find_grants_page(&upcoming, on, 0, 3).0
    } else {
        Vec::new()
    };
    let card = |h: &GrantHit<'_>| grant_card(lang, &catalog, h, on, stale_days);
    let changes = match state.store.recent_changes(5).await {
        Ok(revisions) => revisions
            .into_iter()
            .map(|r| {
                let text = r.title().to_string();
                let href = match r.kind {
                    _ if r.retired => None,
                    EntryKind::Grant => Some(Route::Grant(r.entry_id.clone()).href(lang)),
                    EntryKind::Actor => Some(Route::Actor(r.entry_id.clone()).href(lang)),
                    EntryKind::Area => Some(Route::Area(r.entry_id.clone()).href(lang)),
                    EntryKind::Initiative => Some(Route::Initiative(r.entry_id.clone()).href(lang)),
                    EntryKind::Perspective | EntryKind::ApplicantType => None,
                };
                let date = r.at.get(..10).and_then(|d| d.parse::<Date>().ok()).unwrap_or(on);
                ChangeView {
                    text,
                    href,
                    action: lang.t(&format!("change-{}", r.action.as_str())),
                    date: DateView::new(lang, &date),
                }
            })
            .collect(),
        Err(e) => {
            tracing::warn!(error = %e, "could not read the latest changes");
            Vec::new()
        }
    };
    render(
        lang,
        &HomePage {
            layout: Layout::new(lang, lang.t("home-title"), Route::Home, query.as_deref(), None),
            areas,
            soon: soon.iter().map(card).collect(),
            later: later.iter().map(card).collect(),
            soon_more: (soon_total > HOME_DEADLINES).then(|| {
                (
                    format!("{}?within_days=60&status=upcoming", Route::Grants.href(lang)),
                    lang.t1("show-all-grants", "count", soon_total),
                )
            }),
            changes,
            finder_href: Route::Search.href(lang),
            today: DateView::new(lang, &on),
        },
    )
}

// ---------------------------------------------------------------- area page

pub struct InitiativeRow {
    pub stale: Option<String>,
    pub name: String,
    pub description: Option<String>,
    pub participants: Vec<Link>,
    pub areas: Vec<Link>,
}

fn initiative_row(lang: Lang, catalog: &Catalog, i: &Initiative, on: Date, stale_days: u32) -> InitiativeRow {
    InitiativeRow {
        stale: stale_notice(lang, i.verified, on, stale_days),
        name: match &i.short_name {
            Some(s) => format!("{} ({s})", i.name),
            None => i.name.clone(),
        },
        description: i.description.clone(),
        participants: i
            .participants
            .iter()
            .filter_map(|p| catalog.actor(p.as_str()))
            .map(|a| actor_link(lang, a))
            .collect(),
        areas: i
            .areas
            .iter()
            .filter_map(|a| catalog.area(a.as_str()))
            .map(|a| area_link(lang, a))
            .collect(),
    }
}

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
    let p = page_params(lang, query.as_deref(), &[("on", Arity::One)])?;
    let on = reference_date(lang, &p)?;
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

// ---------------------------------------------------------------- actors

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
}

const ACTOR_PAGE_PARAMS: &[(&str, Arity)] = &[
    ("q", Arity::One),
    ("area", Arity::Many),
    ("role", Arity::One),
    ("kind", Arity::Many),
];

pub async fn actors(lang: Lang, State(state): State<AppState>, RawQuery(query): RawQuery) -> Page {
    let p = page_params(lang, query.as_deref(), ACTOR_PAGE_PARAMS)?;
    let catalog = state.catalog();
    let areas = p
        .slugs(
            "area",
            "area",
            |id| catalog.area(id).is_some(),
            known_areas(&catalog),
        )
        .map_err(bad(lang))?;
    let role = p
        .choices("role", AreaRole::parse, &["responsible", "contributes"])
        .map_err(bad(lang))?
        .first()
        .copied();
    let kinds = p
        .choices("kind", ActorKind::parse, &ActorKind::ALL.map(ActorKind::as_str))
        .map_err(bad(lang))?;
    let text = p.text("q").map_err(bad(lang))?;
    let found = catalog.find_actors(&ActorQuery {
        text: text.clone(),
        areas: areas.clone(),
        role,
        kinds: kinds.clone(),
    });
    let row = |a: &Actor| ActorRow {
        link: actor_link(lang, a),
        kind: kind_label(lang, a.kind),
        areas: area_roles(lang, &catalog, a),
        grants: catalog.grants_by(a.id.as_str()).len(),
    };
    let count = found.len();
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
            roles: ["", "responsible", "contributes"]
                .into_iter()
                .map(|r| Choice {
                    value: r.to_string(),
                    label: if r.is_empty() {
                        lang.t("filter-any-role")
                    } else {
                        lang.t(&format!("role-{r}"))
                    },
                    checked: role.map(AreaRole::as_str).unwrap_or("") == r,
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
    pub verified: DateView,
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
    let p = page_params(lang, query.as_deref(), &[("on", Arity::One)])?;
    let on = reference_date(lang, &p)?;
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
            stale: stale_notice(lang, a.verified, on, stale_days),
            verified: DateView::new(lang, &a.verified),
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

// ---------------------------------------------------------------- grants

#[derive(Template)]
#[template(path = "grants.html")]
pub struct GrantsPage {
    pub layout: Layout,
    pub q: String,
    pub areas: Vec<Choice>,
    pub applicants: Vec<Choice>,
    pub providers: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub withins: Vec<Choice>,
    pub sorts: Vec<Choice>,
    pub on: Option<String>,
    pub items: Vec<GrantCard>,
    pub count: String,
    pub today: DateView,
    pub any_applicant: bool,
    pub any_provider: bool,
    /// The same filters as a calendar to subscribe to, when they find anything.
    pub ics_href: Option<String>,
    /// Grants an applicant filter leaves out because the source does not say
    /// who may apply: a heading with their count, and the first of them.
    pub unstated_applicants: Option<(String, Vec<GrantCard>)>,
    /// The same for an area filter.
    pub unstated_areas: Option<(String, Vec<GrantCard>)>,
    /// When nothing matches: each filter to drop, with what it would give.
    pub ways_out: Vec<Link>,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub page_info: Option<String>,
}

/// How many of the grants a filter leaves out for want of data are shown.
const UNSTATED_SHOWN: usize = 20;

fn unstated_list(
    lang: Lang,
    key: &str,
    hits: &[GrantHit<'_>],
    card: &dyn Fn(&GrantHit<'_>) -> GrantCard,
) -> Option<(String, Vec<GrantCard>)> {
    (!hits.is_empty()).then(|| {
        (
            lang.t1(key, "count", hits.len()),
            hits.iter().take(UNSTATED_SHOWN).map(card).collect(),
        )
    })
}

/// A query string without the parameters named.
fn query_without(query: Option<&str>, names: &[&str]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(
            form_urlencoded::parse(query.unwrap_or("").as_bytes())
                .filter(|(k, _)| !names.contains(&k.as_ref())),
        )
        .finish()
}

/// Grants per page of the grant finder.
const GRANTS_PER_PAGE: usize = 50;

pub(super) const GRANT_PAGE_PARAMS: &[(&str, Arity)] = &[
    ("page", Arity::One),
    ("q", Arity::One),
    ("area", Arity::Many),
    ("applicant", Arity::Many),
    ("provider", Arity::Many),
    ("status", Arity::Many),
    ("within_days", Arity::One),
    ("sort", Arity::One),
    ("on", Arity::One),
];

/// The grant finder's query from its parameters; the subscribable calendar
/// reads the same ones.
pub(super) fn finder_query(
    lang: Lang,
    p: &crate::http::query::Params,
    catalog: &Catalog,
    search: &samverkan_search::SearchIndex,
) -> Result<GrantQuery, HtmlError> {
    let statuses = DeadlineStatus::ALL.map(DeadlineStatus::as_str);
    let text = p.text("q").map_err(bad(lang))?;
    let sort = match p.one("sort") {
        None => {
            if text.is_some() {
                GrantSort::Relevance
            } else {
                GrantSort::Deadline
            }
        }
        Some("deadline") => GrantSort::Deadline,
        Some("title") => GrantSort::Title,
        Some("relevance") => GrantSort::Relevance,
        Some(other) => {
            return Err(HtmlError::bad_request(format!(
                "`sort`: \"{}\" is not one of deadline, title, relevance",
                other.chars().take(40).collect::<String>()
            )));
        }
    };
    let ranked = match &text {
        Some(t) => search
            .scores(t, samverkan_search::Kind::Grant)
            .map_err(|e| HtmlError::internal(&e))?,
        None => None,
    };
    Ok(GrantQuery {
        text,
        ranked,
        areas: p
            .slugs(
                "area",
                "area",
                |id| catalog.area(id).is_some(),
                known_areas(catalog),
            )
            .map_err(bad(lang))?,
        applicants: p
            .slugs(
                "applicant",
                "applicant type",
                |id| catalog.applicant_type(id).is_some(),
                known_applicants(catalog),
            )
            .map_err(bad(lang))?,
        providers: p
            .slugs("provider", "actor", |id| catalog.actor(id).is_some(), Vec::new)
            .map_err(bad(lang))?,
        statuses: p
            .choices("status", DeadlineStatus::parse, &statuses)
            .map_err(bad(lang))?,
        within_days: p.within_days().map_err(bad(lang))?,
        sort,
    })
}

pub async fn grants(lang: Lang, State(state): State<AppState>, RawQuery(query): RawQuery) -> Page {
    let p = page_params(lang, query.as_deref(), GRANT_PAGE_PARAMS)?;
    let on = reference_date(lang, &p)?;
    let (catalog, search) = state.catalog_and_search();
    let q = finder_query(lang, &p, &catalog, &search)?;
    let text = q.text.clone();
    let sort = q.sort;
    let page = p.number("page", 1..=100_000).map_err(bad(lang))?.unwrap_or(1);
    let (hits, total) = catalog.find_grants_page(&q, on, (page - 1) * GRANTS_PER_PAGE, GRANTS_PER_PAGE);
    let pages = total.div_ceil(GRANTS_PER_PAGE);
    let page_href = |n: usize| {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (k, v) in form_urlencoded::parse(query.as_deref().unwrap_or("").as_bytes()) {
            if k != "page" {
                out.append_pair(&k, &v);
            }
        }
        out.append_pair("page", &n.to_string());
        format!("{}?{}", Route::Grants.href(lang), out.finish())
    };
    // Facet counts: how many grants each choice would give, with the other
    // filters as they are.
    let without_areas = catalog.matching_grants(
        &GrantQuery {
            areas: Vec::new(),
            ..q.clone()
        },
        on,
    );
    let without_statuses = catalog.matching_grants(
        &GrantQuery {
            statuses: Vec::new(),
            ..q.clone()
        },
        on,
    );
    let with_count = |mut choices: Vec<Choice>, count: &dyn Fn(&str) -> usize| {
        for c in &mut choices {
            c.label = format!("{} ({})", c.label, count(&c.value));
        }
        choices
    };
    let area_count = |id: &str| {
        without_areas
            .iter()
            .filter(|h| h.grant.areas.iter().any(|a| a.as_str() == id))
            .count()
    };
    let status_count = |s: &str| without_statuses.iter().filter(|h| h.status.as_str() == s).count();
    let mut providers: Vec<&Actor> = catalog
        .actors()
        .iter()
        .filter(|a| !catalog.grants_by(a.id.as_str()).is_empty())
        .collect();
    providers.sort_by_cached_key(|a| swedish_key(&a.name));
    let sort_value = match sort {
        GrantSort::Deadline => "deadline",
        GrantSort::Title => "title",
        GrantSort::Relevance => "relevance",
    };
    let unstated = catalog.unstated(&q, on);
    let card = |h: &GrantHit<'_>| grant_card(lang, &catalog, h, on, state.config.stale_days);
    render(
        lang,
        &GrantsPage {
            layout: Layout::new(
                lang,
                lang.t("grants-title"),
                Route::Grants,
                query.as_deref(),
                Some(Nav::Grants),
            ),
            q: text.unwrap_or_default(),
            areas: with_count(area_choices(lang, &catalog, &q.areas), &area_count),
            any_applicant: q.applicants.is_empty(),
            applicants: applicant_choices(lang, &catalog, &q.applicants),
            any_provider: q.providers.is_empty(),
            providers: providers
                .into_iter()
                .map(|a| Choice {
                    value: a.id.to_string(),
                    label: a.name.clone(),
                    checked: q.providers.contains(&a.id),
                })
                .collect(),
            statuses: with_count(
                DeadlineStatus::ALL
                    .into_iter()
                    .map(|s| Choice {
                        value: s.as_str().to_string(),
                        label: lang.t(&format!("filter-status-{}", s.as_str())),
                        checked: q.statuses.contains(&s),
                    })
                    .collect(),
                &status_count,
            ),
            withins: [None, Some(30), Some(60), Some(90), Some(180), Some(365)]
                .into_iter()
                .map(|n| Choice {
                    value: n.map(|n| n.to_string()).unwrap_or_default(),
                    label: match n {
                        None => lang.t("filter-within-any"),
                        Some(n) => lang.t1("filter-within-days", "days", n),
                    },
                    checked: q.within_days == n,
                })
                .collect(),
            sorts: ["deadline", "relevance", "title"]
                .into_iter()
                .map(|s| Choice {
                    value: s.to_string(),
                    label: lang.t(&format!("sort-{s}")),
                    checked: s == sort_value,
                })
                .collect(),
            on: p.one("on").map(str::to_string),
            count: lang.t1("count-grants", "count", total),
            previous: (page > 1 && page <= pages).then(|| page_href(page - 1)),
            next: (page < pages).then(|| page_href(page + 1)),
            page_info: (pages > 1).then(|| format!("{} {page} / {pages}", lang.t("search-page"))),
            items: hits.iter().map(&card).collect(),
            today: DateView::new(lang, &on),
            // A calendar to subscribe to only when it would hold a date.
            // (The matches are those of the status facet's list with the
            // status filter applied again: no second pass over the grants.)
            ics_href: without_statuses
                .iter()
                .filter(|h| q.statuses.is_empty() || q.statuses.contains(&h.status))
                .any(|h| h.next_deadline.is_some())
                .then(|| {
                    let filters = query_without(query.as_deref(), &["page"]);
                    if filters.is_empty() {
                        Route::GrantsIcs.href(lang)
                    } else {
                        format!("{}?{filters}", Route::GrantsIcs.href(lang))
                    }
                }),
            unstated_applicants: unstated_list(
                lang,
                "grants-unstated-applicants",
                &unstated.applicants,
                &card,
            ),
            unstated_areas: unstated_list(lang, "grants-unstated-areas", &unstated.areas, &card),
            ways_out: if total == 0 {
                catalog
                    .ways_out(&q, on)
                    .into_iter()
                    .map(|(filter, n)| {
                        let rest = query_without(query.as_deref(), &[filter.params(), &["page"]].concat());
                        Link {
                            href: if rest.is_empty() {
                                Route::Grants.href(lang)
                            } else {
                                format!("{}?{rest}", Route::Grants.href(lang))
                            },
                            text: lang.t1(&format!("way-out-{}", filter.params()[0]), "count", n),
                        }
                    })
                    .collect()
            } else {
                Vec::new()
            },
        },
    )
}

#[derive(Template)]
#[template(path = "grant.html")]
pub struct GrantPage {
    pub layout: Layout,
    pub card: GrantCard,
    pub description: Option<String>,
    pub aliases: String,
    pub applicants: Vec<String>,
    pub perspectives: Vec<String>,
    pub statsbidrag: String,
    /// Where to apply: the grant's own page, else the provider's website.
    pub apply: Option<Link>,
    /// Whether `apply` is the grant's own page (else the provider's site).
    pub apply_is_grant_page: bool,
    pub apply_added: Option<AddedNote>,
    pub ended: Option<AddedNote>,
    pub verified: DateView,
    pub ics_href: Option<String>,
    /// Every date of the rule in the coming year (annual) or all of them (fixed).
    pub dates: Vec<DateView>,
    pub today: DateView,
}

pub async fn grant(
    lang: Lang,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Page {
    let p = page_params(lang, query.as_deref(), &[("on", Arity::One)])?;
    let on = reference_date(lang, &p)?;
    let catalog = state.catalog();
    let g = catalog.grant(&id).ok_or(HtmlError::not_found())?;
    let hit = catalog.hit(g, on);
    let base = state.config.base_url();
    let dates: Vec<Date> = match g.rule_in_effect() {
        Some(DeadlineRule::Fixed(ds)) => ds.clone(),
        Some(rule @ DeadlineRule::Annual(_)) => occurrences(Some(rule), on, on.saturating_add(1.year())),
        _ => Vec::new(),
    };
    render(
        lang,
        &GrantPage {
            layout: Layout {
                json_ld: Some(super::structured::grant(base, lang, g, hit.provider)),
                ..Layout::new(
                    lang,
                    g.title.clone(),
                    Route::Grant(id.clone()),
                    query.as_deref(),
                    Some(Nav::Grants),
                )
            },
            card: grant_card(lang, &catalog, &hit, on, state.config.stale_days),
            description: g.description.clone(),
            aliases: g.aliases.join("; "),
            applicants: g
                .applicants
                .iter()
                .map(|a| applicant_label(lang, &catalog, a.as_str()))
                .collect(),
            perspectives: g
                .perspectives
                .iter()
                .map(|p| perspective_label(lang, &catalog, p.as_str()))
                .collect(),
            statsbidrag: lang.t(match g.statsbidrag {
                Some(true) => "statsbidrag-yes",
                Some(false) => "statsbidrag-no",
                None => "statsbidrag-unknown",
            }),
            apply: match (
                &g.url,
                hit.provider.and_then(|a| a.website.as_ref().map(|w| (a, w))),
            ) {
                (Some(url), _) => Some(Link {
                    href: url.clone(),
                    text: lang.t1("grant-apply-link", "provider", provider_name(hit.provider, g)),
                }),
                (None, Some((actor, website))) => Some(Link {
                    href: website.clone(),
                    text: lang.t1("grant-provider-site", "provider", actor.name.clone()),
                }),
                (None, None) => None,
            },
            apply_is_grant_page: g.url.is_some(),
            apply_added: match &g.url {
                _ if g.ended => None,
                Some(_) => added_note(lang, &g.added, "url"),
                None => hit.provider.and_then(|a| added_note(lang, &a.added, "website")),
            },
            ended: g.ended.then(|| added_note(lang, &g.added, "ended")).flatten(),
            verified: DateView::new(lang, &g.verified),
            ics_href: dates
                .iter()
                .any(|d| *d >= on)
                .then(|| Route::GrantIcs(id.clone()).href(lang)),
            dates: dates.iter().map(|d| DateView::new(lang, d)).collect(),
            today: DateView::new(lang, &on),
        },
    )
}

/// The dates a rule falls on from `from` up to but not including `until`.
pub fn occurrences(rule: Option<&DeadlineRule>, from: Date, until: Date) -> Vec<Date> {
    let mut out: Vec<Date> = match rule {
        Some(DeadlineRule::Annual(mds)) => (from.year()..=until.year())
            .flat_map(|y| mds.iter().filter_map(move |md| md.in_year(y)))
            .collect(),
        Some(DeadlineRule::Fixed(ds)) => ds.clone(),
        _ => Vec::new(),
    };
    out.retain(|d| *d >= from && *d < until);
    out.sort();
    out.dedup();
    out
}

// ---------------------------------------------------------------- calendar

pub struct CalendarEntry {
    pub date: DateView,
    pub grant: Link,
    pub provider: String,
    /// A yearly date carried past the verified round.
    pub expected: bool,
}

pub struct MonthView {
    pub heading: String,
    pub id: String,
    pub entries: Vec<CalendarEntry>,
    /// "and N more" when the month has more deadlines than it shows.
    pub more: Option<String>,
}

#[derive(Template)]
#[template(path = "calendar.html")]
pub struct CalendarPage {
    pub layout: Layout,
    pub months: Vec<MonthView>,
    pub areas: Vec<Choice>,
    pub applicants: Vec<Choice>,
    pub any_applicant: bool,
    pub on: Option<String>,
    pub from: DateView,
    pub until: DateView,
    pub without_date: String,
    pub without_date_href: String,
    pub ics_href: String,
}

pub async fn calendar(lang: Lang, State(state): State<AppState>, RawQuery(query): RawQuery) -> Page {
    let params: &[(&str, Arity)] = &[
        ("area", Arity::Many),
        ("applicant", Arity::Many),
        ("on", Arity::One),
    ];
    let p = page_params(lang, query.as_deref(), params)?;
    let on = reference_date(lang, &p)?;
    let catalog = state.catalog();
    let q = GrantQuery {
        areas: p
            .slugs(
                "area",
                "area",
                |id| catalog.area(id).is_some(),
                known_areas(&catalog),
            )
            .map_err(bad(lang))?,
        applicants: p
            .slugs(
                "applicant",
                "applicant type",
                |id| catalog.applicant_type(id).is_some(),
                known_applicants(&catalog),
            )
            .map_err(bad(lang))?,
        ..Default::default()
    };
    let first = on.first_of_month();
    let until = first.saturating_add(12.months());
    let hits = catalog.matching_grants(&q, on);
    let mut entries: Vec<(Date, &GrantHit<'_>)> = hits
        .iter()
        .flat_map(|h| {
            occurrences(h.grant.rule_in_effect(), on, until)
                .into_iter()
                .map(move |d| (d, h))
        })
        .collect();
    entries.sort_unstable_by_key(|(d, h)| (*d, h.rank));
    let months = (0..12)
        .map(|i| {
            let month = first.saturating_add(i.months());
            let in_month: Vec<&(Date, &GrantHit<'_>)> = entries
                .iter()
                .filter(|(d, _)| d.year() == month.year() && d.month() == month.month())
                .collect();
            MonthView {
                heading: capitalised(&lang.month_year(month.year(), month.month())),
                id: format!("m-{}-{:02}", month.year(), month.month()),
                more: (in_month.len() > CALENDAR_PER_MONTH)
                    .then(|| lang.t1("calendar-more", "count", in_month.len() - CALENDAR_PER_MONTH)),
                entries: in_month
                    .into_iter()
                    .take(CALENDAR_PER_MONTH)
                    .map(|(d, h)| CalendarEntry {
                        date: DateView::new(lang, d),
                        grant: Link {
                            href: Route::Grant(h.grant.id.to_string()).href(lang),
                            text: h.grant.title.clone(),
                        },
                        provider: h.provider.map(|a| a.name.clone()).unwrap_or_default(),
                        expected: samverkan_domain::catalog::is_expected(h.grant, Some(*d)),
                    })
                    .collect(),
            }
        })
        .collect();
    let without = hits.iter().filter(|h| h.next_deadline.is_none()).count();
    let mut finder = form_urlencoded::Serializer::new(String::new());
    for a in &q.areas {
        finder.append_pair("area", a.as_str());
    }
    for a in &q.applicants {
        finder.append_pair("applicant", a.as_str());
    }
    let filters = finder.finish();
    render(
        lang,
        &CalendarPage {
            layout: Layout::new(
                lang,
                lang.t("calendar-title"),
                Route::Calendar,
                query.as_deref(),
                Some(Nav::Calendar),
            ),
            months,
            areas: area_choices(lang, &catalog, &q.areas),
            any_applicant: q.applicants.is_empty(),
            applicants: applicant_choices(lang, &catalog, &q.applicants),
            on: p.one("on").map(str::to_string),
            from: DateView::new(lang, &on),
            until: DateView::new(lang, &until.yesterday().unwrap_or(until)),
            without_date: lang.t1("calendar-without-date", "count", without),
            ics_href: format!("{}?{filters}", Route::GrantsIcs.href(lang)),
            without_date_href: format!("{}?{filters}", Route::Grants.href(lang)),
        },
    )
}

// ---------------------------------------------------------------- overlaps

pub struct MatrixCell {
    pub text: String,
    pub class: &'static str,
}

pub struct MatrixRow {
    pub actor: Link,
    pub cells: Vec<MatrixCell>,
    pub initiatives: Vec<String>,
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
    let p = page_params(lang, query.as_deref(), &[("on", Arity::One)])?;
    let on = reference_date(lang, &p)?;
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
            initiatives: catalog
                .initiatives_of(a.id.as_str())
                .iter()
                .map(|i| i.short_name.clone().unwrap_or_else(|| i.name.clone()))
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
            svg: super::svg::overlap_diagram(lang, &catalog, &actors),
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

// ---------------------------------------------------------------- about

/// The address of the source page (found on 29 November 2026 in a stored copy
/// whose title matches the seed; the page itself may be gone with its
/// publisher).
const SOURCE_URL: &str =
    "https://delmos.se/samverkan/myndigheter-och-statsbidrag-med-koppling-till-arbete-mot-segregation/";
/// Delmos's own page on its winding up.
const WOUND_DOWN_URL: &str = "https://delmos.se/om-oss/om-avvecklingen/";

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

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub layout: Layout,
    pub heading: String,
    pub text: String,
    pub detail: Option<String>,
    pub search_href: String,
}

// ---------------------------------------------------------------- initiative

#[derive(Template)]
#[template(path = "initiative_page.html")]
pub struct InitiativePage {
    pub layout: Layout,
    pub i: InitiativeRow,
    pub verified: DateView,
}

pub async fn initiative(
    lang: Lang,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Page {
    let p = page_params(lang, query.as_deref(), &[("on", Arity::One)])?;
    let on = reference_date(lang, &p)?;
    let catalog = state.catalog();
    let i = catalog.initiative(&id).ok_or(HtmlError::not_found())?;
    render(
        lang,
        &InitiativePage {
            layout: Layout::new(
                lang,
                i.name.clone(),
                Route::Initiative(id.clone()),
                query.as_deref(),
                Some(Nav::Overlaps),
            ),
            i: initiative_row(lang, &catalog, i, on, state.config.stale_days),
            verified: DateView::new(lang, &i.verified),
        },
    )
}

// ---------------------------------------------------------------- search

/// Results per page of the search page.
const PER_PAGE: usize = 20;

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
    pub previous: Option<String>,
    pub next: Option<String>,
    pub page_info: Option<String>,
}

pub async fn search(lang: Lang, State(state): State<AppState>, RawQuery(query): RawQuery) -> Page {
    let params: &[(&str, Arity)] = &[("q", Arity::One), ("type", Arity::Many), ("page", Arity::One)];
    let p = page_params(lang, query.as_deref(), params)?;
    let kinds = p
        .choices(
            "type",
            samverkan_search::Kind::parse,
            &["actor", "grant", "initiative"],
        )
        .map_err(bad(lang))?;
    let page = p.number("page", 1..=10_000).map_err(bad(lang))?.unwrap_or(1);
    let text: String = p
        .one("q")
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
            kinds: ["actor", "grant", "initiative"]
                .into_iter()
                .map(|k| Choice {
                    value: k.to_string(),
                    label: lang.t(&format!("search-kinds-{k}")),
                    checked: kinds.iter().any(|c| c.as_str() == k),
                })
                .collect(),
            rows,
            count: searched.then(|| lang.t1("search-count", "count", results.total)),
            previous: (page > 1 && searched).then(|| link_to(page - 1)),
            next: (page < pages).then(|| link_to(page + 1)),
            page_info: (pages > 1).then(|| format!("{} {page} / {pages}", lang.t("search-page"))),
            q: text,
        },
    )
}
