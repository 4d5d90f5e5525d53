//! What the site's pages share: links, dates, choices, grant cards and the
//! notes on added and possibly outdated facts.

use axum::response::Html;
use jiff::civil::Date;
use samverkan_domain::catalog::{Catalog, swedish_key};
use samverkan_domain::model::{ActorKind, Area, AreaRole};
use samverkan_domain::time::is_overdue;
use samverkan_domain::{Actor, DeadlineStatus, GrantHit, Initiative};

use super::{HtmlError, Route};
use crate::site::Lang;

pub(super) type Page = Result<Html<String>, HtmlError>;

/// A link.
/// Links to the pages before and after the one shown, and which one it is.
#[derive(Default)]
pub struct Pager {
    pub previous: Option<String>,
    pub next: Option<String>,
    pub info: Option<String>,
}

impl Pager {
    /// For page `page` (from 1) of `pages`, page `n` being at `href(n)`.
    pub(super) fn new(lang: Lang, page: usize, pages: usize, href: impl Fn(usize) -> String) -> Pager {
        Pager {
            // Past the last page (the list got shorter), back to the last.
            previous: (page > 1 && pages > 0).then(|| href((page - 1).min(pages))),
            next: (page < pages).then(|| href(page + 1)),
            info: (pages > 1).then(|| format!("{} {page} / {pages}", lang.t("search-page"))),
        }
    }
}

/// `route` with the query string `query`, its `page` set to `n`.
pub(super) fn page_href(lang: Lang, route: Route, query: Option<&str>, n: usize) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        if k != "page" {
            out.append_pair(&k, &v);
        }
    }
    out.append_pair("page", &n.to_string());
    format!("{}?{}", route.href(lang), out.finish())
}

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
    pub(super) fn new(lang: Lang, date: &Date) -> Self {
        DateView {
            iso: date.to_string(),
            text: lang.date(date),
        }
    }
}

pub use crate::html::Choice;

/// A block of running text: a paragraph or a bulleted list.
pub enum Block {
    Para(String),
    List(Vec<String>),
}

pub(super) fn blocks(text: Option<&str>) -> Vec<Block> {
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

/// Where to report an error in an entry (none on a read-only installation).
pub(super) fn report_href(
    state: &crate::state::AppState,
    lang: Lang,
    kind: samverkan_domain::EntryKind,
    id: &str,
) -> Option<String> {
    (!state.config.read_only).then(|| crate::reports::href(lang, kind, id))
}

/// "boende" → "Boende": data names start in lower case, headings do not.
pub(super) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An area's name as a label, in the page's language.
pub(crate) fn area_label(lang: Lang, area: &Area) -> String {
    capitalised(&lang.t_or(&format!("data-area-{}", area.id), &area.name))
}

pub(super) fn area_link(lang: Lang, area: &Area) -> Link {
    Link {
        href: Route::Area(area.id.to_string()).href(lang),
        text: area_label(lang, area),
    }
}

pub(super) fn kind_label(lang: Lang, kind: ActorKind) -> String {
    lang.t(&format!("kind-{}", kind.as_str()))
}

pub(super) fn role_label(lang: Lang, role: AreaRole) -> String {
    lang.t(&format!("role-{}", role.as_str()))
}

pub(super) fn actor_link(lang: Lang, actor: &Actor) -> Link {
    let text = match &actor.short_name {
        Some(short) if !actor.name.contains(short.as_str()) => format!("{} ({short})", actor.name),
        _ => actor.name.clone(),
    };
    Link {
        href: Route::Actor(actor.id.to_string()).href(lang),
        text,
    }
}

pub(crate) fn applicant_label(lang: Lang, catalog: &Catalog, id: &str) -> String {
    let fallback = catalog.applicant_type(id).map_or(id, |t| t.name.as_str());
    capitalised(&lang.t_or(&format!("data-applicant-{id}"), fallback))
}

pub(super) fn perspective_label(lang: Lang, catalog: &Catalog, id: &str) -> String {
    let fallback = catalog.perspective(id).map_or(id, |p| p.name.as_str());
    capitalised(&lang.t_or(&format!("data-perspective-{id}"), fallback))
}

/// The notice an entry shows when it is overdue for a check.
pub(super) fn stale_notice(lang: Lang, verified: Date, verify_by: Date, on: Date) -> Option<String> {
    is_overdue(verify_by, on).then(|| lang.t1("stale-notice", "date", lang.date(&verified)))
}

/// When an entry was last checked, by which organisation, and by when it
/// is due again: "Kontrollerad 3 mars 2027 av Boverket. Nästa kontroll
/// senast 2 mars 2028."
pub struct CheckView {
    pub verified: DateView,
    /// The organisation whose editor checked it; `None` for the service's
    /// editors or the source (or an organisation no longer listed).
    pub by: Option<Link>,
    pub due: DateView,
    pub overdue: bool,
}

impl CheckView {
    pub(super) fn new(
        lang: Lang,
        catalog: &Catalog,
        (verified, by): (Date, Option<&samverkan_domain::Slug>),
        due: Date,
        on: Date,
    ) -> Self {
        CheckView {
            verified: DateView::new(lang, &verified),
            by: by
                .and_then(|b| catalog.actor(b.as_str()))
                .map(|a| actor_link(lang, a)),
            due: DateView::new(lang, &due),
            overdue: is_overdue(due, on),
        }
    }
}

pub(super) fn provider_name(
    provider: Option<&samverkan_domain::Actor>,
    g: &samverkan_domain::Grant,
) -> String {
    provider.map_or_else(|| g.provider.to_string(), |a| a.name.clone())
}

/// The areas an actor works in, each with its role in words.
pub(super) fn area_roles(lang: Lang, catalog: &Catalog, a: &Actor) -> Vec<(Link, String)> {
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

pub(super) fn grant_card(
    lang: Lang,
    catalog: &Catalog,
    hit: &GrantHit<'_>,
    on: Date,
    stale_days: u32,
) -> GrantCard {
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
        stale: stale_notice(lang, g.verified, g.verify_by(stale_days), on),
        stale_since: is_overdue(g.verify_by(stale_days), on).then_some(g.verified),
        areas: g
            .areas
            .iter()
            .filter_map(|a| catalog.area(a.as_str()))
            .map(|a| area_link(lang, a))
            .collect(),
    }
}

pub(super) fn area_choices(lang: Lang, catalog: &Catalog, chosen: &[samverkan_domain::Slug]) -> Vec<Choice> {
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

pub(super) fn applicant_choices(
    lang: Lang,
    catalog: &Catalog,
    chosen: &[samverkan_domain::Slug],
) -> Vec<Choice> {
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

/// How many coming deadlines the start page shows.
pub(super) const HOME_DEADLINES: usize = 10;

/// How many grants an area's or an actor's page shows before linking to the finder.
pub(super) const LIST_GRANTS: usize = 20;

/// How many related actors an actor's page names.
pub(super) const LIST_RELATED: usize = 30;

/// How many deadlines the calendar shows in one month.
pub(super) const CALENDAR_PER_MONTH: usize = 50;

pub struct InitiativeRow {
    pub stale: Option<String>,
    pub name: String,
    pub description: Option<String>,
    pub participants: Vec<Link>,
    pub areas: Vec<Link>,
}

pub(super) fn initiative_row(
    lang: Lang,
    catalog: &Catalog,
    i: &Initiative,
    on: Date,
    stale_days: u32,
) -> InitiativeRow {
    InitiativeRow {
        stale: stale_notice(lang, i.verified, i.verify_by(stale_days), on),
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
