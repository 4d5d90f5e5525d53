//! A grant's deadlines as an iCalendar file (RFC 5545), written with the
//! `icalendar` crate: all-day events with stable UIDs, an annual date as one
//! event recurring yearly, fixed dates as single events, a reminder two weeks
//! before, and the grant's page and provider in each event.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use icalendar::{Alarm, Calendar, Component, Event, EventLike, Property};
use jiff::civil::Date;
use samverkan_domain::deadline::DeadlineRule;
use samverkan_domain::{Catalog, Grant};

use super::{HtmlError, Lang, Route};
use crate::filters::DefaultSort;
use crate::http::query::OnParam;
use crate::state::AppState;

/// Text for a TEXT property that the `icalendar` crate escapes itself
/// (SUMMARY, DESCRIPTION): it escapes `\`, `;`, `,` and LF as RFC 5545
/// §3.3.11 asks, but writes a bare CR and other control characters as they
/// are, so those are made line breaks or dropped here first. (The domain
/// refuses control characters in every field; this holds even for data
/// stored before it did.)
fn text(value: &str) -> String {
    value
        .replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\r' | '\n' => Some('\n'),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// A TEXT value escaped by RFC 5545 §3.3.11, for properties the crate writes
/// unescaped (NAME, X-WR-CALNAME).
fn escaped(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in text(value).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Names a calendar (NAME and X-WR-CALNAME), escaped; the crate's
/// `Calendar::name` writes the text as it is, line breaks included.
fn name_calendar(calendar: &mut Calendar, name: &str) {
    let name = escaped(name);
    calendar.append_property(Property::new("NAME", &name));
    calendar.append_property(Property::new("X-WR-CALNAME", &name));
}

fn naive(date: Date) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(i32::from(date.year()), date.month() as u32, date.day() as u32)
}

/// The events of one grant's deadline rule, seen from `on`; empty for rules without dates.
pub fn grant_events(lang: Lang, catalog: &Catalog, grant: &Grant, page_url: &str, on: Date) -> Vec<Event> {
    let provider = catalog
        .actor(grant.provider.as_str())
        .map_or(grant.provider.to_string(), |a| a.name.clone());
    let (Some(deadline), Some(rule)) = (&grant.deadline, grant.rule_in_effect()) else {
        return Vec::new();
    };
    let summary = text(&lang.t1("ics-summary", "title", grant.title.clone()));
    // A yearly date repeats what the source said; whether a given year's
    // round is open is for the provider to say, and every event says so.
    let caution = match rule {
        DeadlineRule::Annual(_) => format!("\n{}", lang.t1("ics-expected", "provider", provider.clone())),
        _ => String::new(),
    };
    let description = text(&format!(
        "{}\n{}: {}{caution}\n{}",
        lang.t1("ics-provider", "provider", provider),
        lang.t("deadline-label"),
        deadline.text(),
        page_url
    ));
    // Stable output, so that calendars and caches see no change when there is
    // none: the stamp is the day the grant was last verified, not "now".
    let stamp = naive(grant.verified)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
        .unwrap_or_default();
    let event = |uid: String, date: Date| {
        let mut alarm = Alarm::display(&summary, -chrono::Duration::days(14));
        // The crate writes the trigger in seconds; two weeks reads better as days.
        alarm.add_property("TRIGGER", "-P14D");
        alarm.uid(&format!("{uid}-alarm")).timestamp(stamp);
        let mut e = Event::new();
        e.timestamp(stamp);
        e.uid(&uid)
            .summary(&summary)
            .description(&description)
            .url(page_url)
            .alarm(alarm);
        if let (Some(start), Some(end)) = (naive(date), date.tomorrow().ok().and_then(naive)) {
            // An all-day event: DTEND is the day after, as RFC 5545 counts it.
            e.starts(start).ends(end);
        }
        e
    };
    match rule {
        DeadlineRule::Annual(mds) => mds
            .iter()
            .filter_map(|md| {
                // The first occurrence on or after the start of this year's
                // window; the recurrence rule does the rest.
                let start = [on.year(), on.year() + 1]
                    .into_iter()
                    .filter_map(|y| md.in_year(y))
                    .find(|d| *d >= on)?;
                let mut e = event(
                    format!("{}-{:02}{:02}@samverkan", grant.id, md.month(), md.day()),
                    start,
                );
                let rule = if md.month() == 2 && md.day() == 29 {
                    // The last day of February: the 29th in leap years, else the 28th.
                    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1".to_string()
                } else {
                    format!("FREQ=YEARLY;BYMONTH={};BYMONTHDAY={}", md.month(), md.day())
                };
                e.add_property("RRULE", rule);
                Some(e.done())
            })
            .collect(),
        // Only dates still to come: a reminder of a day that has passed helps no one.
        DeadlineRule::Fixed(dates) => dates
            .iter()
            .filter(|d| **d >= on)
            .map(|d| event(format!("{}-{d}@samverkan", grant.id), *d).done())
            .collect(),
        DeadlineRule::Rolling | DeadlineRule::Unknown => Vec::new(),
    }
}

pub async fn grant_ics(
    lang: Lang,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let on = match super::page_params::<OnParam>(query.as_deref())
        .and_then(|p| super::reference_date(p.on.as_deref()))
    {
        Ok(on) => on,
        Err(e) => return e.into_response(),
    };
    let catalog = state.catalog();
    let Some(grant) = catalog.grant(&id) else {
        return HtmlError::not_found().into_response();
    };
    let page_url = format!(
        "{}{}",
        state.config.base_url(),
        Route::Grant(id.clone()).href(lang)
    );
    let events = grant_events(lang, &catalog, grant, &page_url, on);
    if events.is_empty() {
        return HtmlError::not_found().into_response();
    }
    let mut calendar = Calendar::new();
    name_calendar(&mut calendar, &grant.title);
    for e in events {
        calendar.push(e);
    }
    let disposition = format!("attachment; filename=\"{id}.ics\"");
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        calendar.done().to_string(),
    )
        .into_response()
}

/// `GET /bidrag.ics?…`: the deadlines of every grant the finder's filters
/// match, as a calendar to subscribe to.
pub async fn grants_ics(
    lang: Lang,
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let p = match super::page_params::<super::grants::FinderParams>(query.as_deref()) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let (catalog, search) = state.catalog_and_search();
    let q = match crate::filters::grant_query(p.filters(), &catalog, &search, DefaultSort::RelevanceWithText)
    {
        Ok(q) => q,
        Err(e) => return HtmlError::from(e).into_response(),
    };
    let on = match super::reference_date(p.on.as_deref()) {
        Ok(on) => on,
        Err(e) => return e.into_response(),
    };
    let base = state.config.base_url().to_string();
    let mut calendar = Calendar::new();
    name_calendar(&mut calendar, &lang.t("ics-calendar-name"));
    for hit in catalog.find_grants(&q, on) {
        let page_url = format!("{base}{}", Route::Grant(hit.grant.id.to_string()).href(lang));
        for e in grant_events(lang, &catalog, hit.grant, &page_url, on) {
            calendar.push(e);
        }
    }
    crate::http::cache::revalidated(
        &headers,
        "text/calendar; charset=utf-8",
        Some("samverkan.ics"),
        calendar.done().to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_names_are_escaped_and_cannot_add_lines() {
        let mut calendar = Calendar::new();
        name_calendar(
            &mut calendar,
            "Bidrag\r\nEND:VCALENDAR\nBEGIN:VEVENT; a, b\\c\u{0}",
        );
        let out = calendar.done().to_string();
        assert!(
            out.contains("X-WR-CALNAME:Bidrag\\nEND:VCALENDAR\\nBEGIN:VEVENT\\; a\\, b\\\\c\r\n"),
            "{out}"
        );
        assert_eq!(
            out.matches("BEGIN:VEVENT").count(),
            2,
            "only inside the escaped NAME and X-WR-CALNAME"
        );
        assert!(!out.lines().any(|l| l.starts_with("BEGIN:VEVENT")), "{out}");
    }

    #[test]
    fn text_loses_control_characters_and_keeps_line_breaks() {
        assert_eq!(text("a\r\nb\rc\u{b}d\u{0}"), "a\nb\ncd");
    }
}
