//! The deadline calendar, month by month.

use askama::Template;
use axum::extract::{RawQuery, State};
use jiff::ToSpan;
use samverkan_domain::GrantQuery;

use super::{Layout, Nav, Route, page_params, reference_date, render};
use crate::filters;
use crate::site::Lang;
use crate::state::AppState;
use serde::Deserialize;
use utoipa::IntoParams;

use super::common::*;

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

/// The calendar's filters.
#[derive(Deserialize, IntoParams)]
pub(super) struct CalendarParams {
    area: Option<Vec<String>>,
    applicant: Option<Vec<String>>,
    on: Option<String>,
}

pub async fn calendar(lang: Lang, State(state): State<AppState>, RawQuery(query): RawQuery) -> Page {
    let p: CalendarParams = page_params(query.as_deref())?;
    let on = reference_date(p.on.as_deref())?;
    let catalog = state.catalog();
    let q = GrantQuery {
        areas: filters::areas(p.area.as_deref(), &catalog)?,
        applicants: filters::applicants(p.applicant.as_deref(), &catalog)?,
        ..Default::default()
    };
    let until = on
        .first_of_month()
        .saturating_add(i64::from(samverkan_domain::catalog::CALENDAR_MONTHS).months());
    let (calendar, without) = catalog.calendar(&q, on, CALENDAR_PER_MONTH);
    let months = calendar
        .into_iter()
        .map(|month| {
            let first = month.first;
            MonthView {
                heading: capitalised(&lang.month_year(first.year(), first.month())),
                id: format!("m-{}-{:02}", first.year(), first.month()),
                more: (month.total > CALENDAR_PER_MONTH)
                    .then(|| lang.t1("calendar-more", "count", month.total - CALENDAR_PER_MONTH)),
                entries: month
                    .dates
                    .into_iter()
                    .map(|(d, grant)| CalendarEntry {
                        date: DateView::new(lang, &d),
                        grant: Link {
                            href: Route::Grant(grant.id.to_string()).href(lang),
                            text: grant.title.clone(),
                        },
                        provider: catalog
                            .actor(grant.provider.as_str())
                            .map(|a| a.name.clone())
                            .unwrap_or_default(),
                        expected: samverkan_domain::catalog::is_expected(grant, Some(d)),
                    })
                    .collect(),
            }
        })
        .collect();
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
            on: p.on.clone(),
            from: DateView::new(lang, &on),
            until: DateView::new(lang, &until.yesterday().unwrap_or(until)),
            without_date: lang.t1("calendar-without-date", "count", without),
            ics_href: format!("{}?{filters}", Route::GrantsIcs.href(lang)),
            without_date_href: format!("{}?{filters}", Route::Grants.href(lang)),
        },
    )
}
