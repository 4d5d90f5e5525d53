//! The grant finder (filters with counts, paging, ways out when nothing matches) and each grant's page.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use jiff::ToSpan;
use jiff::civil::Date;
use samverkan_domain::deadline::DeadlineRule;
use samverkan_domain::{DeadlineStatus, GrantHit, GrantSort};

use super::{HtmlError, Layout, Nav, Route, page_on, page_params, reference_date, render};
use crate::filters::{self, DefaultSort, GrantFilters};
use crate::site::Lang;
use crate::state::AppState;
use serde::Deserialize;
use utoipa::IntoParams;

use super::common::*;

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
    /// The same filters as e-mail alerts (none on a read-only installation).
    pub alerts_href: Option<String>,
    /// Grants an applicant filter leaves out because the source does not say
    /// who may apply: a heading with their count, and the first of them.
    pub unstated_applicants: Option<(String, Vec<GrantCard>)>,
    /// The same for an area filter.
    pub unstated_areas: Option<(String, Vec<GrantCard>)>,
    /// When nothing matches: each filter to drop, with what it would give.
    pub ways_out: Vec<Link>,
    pub pager: Pager,
}

/// How many of the grants a filter leaves out for want of data are shown.
pub(super) const UNSTATED_SHOWN: usize = 20;

pub(super) fn unstated_list(
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
pub(super) fn query_without(query: Option<&str>, names: &[&str]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(
            form_urlencoded::parse(query.unwrap_or("").as_bytes())
                .filter(|(k, _)| !names.contains(&k.as_ref())),
        )
        .finish()
}

/// Grants per page of the grant finder.
pub(super) const GRANTS_PER_PAGE: usize = 50;

/// The grant finder's parameters; its calendar to subscribe to takes the same.
#[derive(Deserialize, IntoParams)]
pub(super) struct FinderParams {
    #[param(minimum = 1, maximum = 100_000)]
    page: Option<u32>,
    #[param(max_length = 500)]
    q: Option<String>,
    area: Option<Vec<String>>,
    applicant: Option<Vec<String>>,
    provider: Option<Vec<String>>,
    status: Option<Vec<String>>,
    #[param(minimum = 0, maximum = 3660)]
    within_days: Option<u32>,
    sort: Option<String>,
    pub(super) on: Option<String>,
}

impl FinderParams {
    pub(super) fn filters(&self) -> GrantFilters<'_> {
        GrantFilters {
            q: self.q.as_deref(),
            area: self.area.as_deref(),
            applicant: self.applicant.as_deref(),
            provider: self.provider.as_deref(),
            status: self.status.as_deref(),
            within_days: self.within_days,
            sort: self.sort.as_deref(),
        }
    }
}

pub async fn grants(lang: Lang, State(state): State<AppState>, RawQuery(query): RawQuery) -> Page {
    let p: FinderParams = page_params(query.as_deref())?;
    let on = reference_date(p.on.as_deref())?;
    let (catalog, search) = state.catalog_and_search();
    let q = filters::grant_query(p.filters(), &catalog, &search, DefaultSort::RelevanceWithText)?;
    let text = q.text.clone();
    let sort = q.sort;
    let page = p.page.map_or(1, |n| n as usize);
    let (hits, total) = catalog.find_grants_page(&q, on, (page - 1) * GRANTS_PER_PAGE, GRANTS_PER_PAGE);
    let pages = total.div_ceil(GRANTS_PER_PAGE);
    let facets = catalog.grant_facets(&q, on);
    let with_count = |mut choices: Vec<Choice>, count: &dyn Fn(&str) -> usize| {
        for c in &mut choices {
            c.label = format!("{} ({})", c.label, count(&c.value));
        }
        choices
    };
    let area_count = |id: &str| facets.area(id);
    let status_count = |s: &str| DeadlineStatus::parse(s).map_or(0, |s| facets.status(s));
    let providers = catalog.providers();
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
            sorts: GrantSort::ALL
                .into_iter()
                .map(|s| Choice {
                    value: s.as_str().to_string(),
                    label: lang.t(&format!("sort-{}", s.as_str())),
                    checked: s == sort,
                })
                .collect(),
            on: p.on.clone(),
            count: lang.t1("count-grants", "count", total),
            pager: Pager::new(lang, page, pages, |n| {
                page_href(lang, Route::Grants, query.as_deref(), n)
            }),
            items: hits.iter().map(&card).collect(),
            today: DateView::new(lang, &on),
            alerts_href: alerts_href(&state, lang, query.as_deref()),
            // A calendar to subscribe to only when it would hold a date.
            ics_href: facets.any_dated.then(|| {
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
    pub check: CheckView,
    pub ics_href: Option<String>,
    /// E-mail alerts for this grant (none on a read-only installation or for an ended grant).
    pub alerts_href: Option<String>,
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
    let on = page_on(query.as_deref())?;
    let catalog = state.catalog();
    let g = catalog.grant(&id).ok_or(HtmlError::not_found())?;
    let hit = catalog.hit(g, on);
    let base = state.config.base_url();
    let dates: Vec<Date> = match g.rule_in_effect() {
        Some(DeadlineRule::Fixed(ds)) => ds.clone(),
        Some(rule @ DeadlineRule::Annual(_)) => rule.occurrences(on, on.saturating_add(1.year())),
        _ => Vec::new(),
    };
    render(
        lang,
        &GrantPage {
            layout: Layout {
                json_ld: Some(super::structured::grant(base, lang, g, hit.provider)),
                report: report_href(&state, lang, samverkan_domain::EntryKind::Grant, &id),
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
            check: CheckView::new(
                lang,
                &catalog,
                (g.verified, g.verified_by.as_ref()),
                g.verify_by(state.config.stale_days),
                on,
            ),
            ics_href: dates
                .iter()
                .any(|d| *d >= on)
                .then(|| Route::GrantIcs(id.clone()).href(lang)),
            alerts_href: (!g.ended)
                .then(|| alerts_href(&state, lang, Some(&format!("grant={id}"))))
                .flatten(),
            dates: dates.iter().map(|d| DateView::new(lang, d)).collect(),
            today: DateView::new(lang, &on),
        },
    )
}

/// The alert form for a finder's filters (or `grant=ID`), unless the
/// installation is read-only.
fn alerts_href(state: &AppState, lang: Lang, query: Option<&str>) -> Option<String> {
    if state.config.read_only {
        return None;
    }
    Some(crate::alerts::Follow::read(query).ok()?.form_href(lang))
}
