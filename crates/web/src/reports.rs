//! "Rapportera fel" (issue 16): every public entry page (grant, actor,
//! initiative) links to a form, without JavaScript, where anyone can say
//! what is wrong, optionally with a source link and an address for an
//! answer. The report lands in the queue of the organisation that keeps the
//! entry (the editors' dashboard); closing it answers the reporter through
//! the alerts' outbox and deletes the address.
//!
//! Spam is kept out without a CAPTCHA: a field people leave empty (a
//! honeypot, labelled for screen readers), a signed stamp of when the form
//! was handed out (an answer within 3 seconds, or after a day, is not kept),
//! at most 10 reports an hour per client address and 5 a day per e-mail
//! address, and size limits. A report caught by the honeypot or sent too
//! fast gets the same thank-you page and is not stored; one whose form is
//! too old is shown again with what was typed.

use askama::Template;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use jiff::Timestamp;
use samverkan_domain::{Catalog, EntryKind};
use samverkan_store::NewReport;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::html::{HtmlError, Layout, render};
use crate::http::form::{PublicForm, PublicFormRefusal, read_public};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::urls::Route;

/// The longest description, source link and e-mail address accepted.
pub const MAX_WHAT: usize = 2000;
pub const MAX_SOURCE: usize = 500;

/// A form answered faster than this was not filled in by a person.
const FASTEST: std::time::Duration = std::time::Duration::from_secs(3);
/// The field people leave empty (hidden from sight and from assistive
/// technology; named so that browsers do not fill it in).
const HONEYPOT: &str = "f_extra";

/// A form older than this is handed out again.
const OLDEST: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// Reports a day from one e-mail address, at most.
const PER_ADDRESS_PER_DAY: usize = 5;

/// The form's path in each language.
pub fn path(lang: Lang) -> &'static str {
    match lang {
        Lang::Sv => "/rapportera",
        Lang::En => "/en/report",
    }
}

/// The form for an entry.
pub fn href(lang: Lang, kind: EntryKind, id: &str) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("kind", kind.as_str())
        .append_pair("id", id)
        .finish();
    format!("{}?{query}", path(lang))
}

/// Whether `path` is the report form.
pub fn in_area(path: &str) -> bool {
    Lang::ALL.iter().any(|&l| path == self::path(l))
}

pub fn routes() -> Router<AppState> {
    let mut router = Router::new();
    for lang in Lang::ALL {
        router = router.route(
            path(lang),
            get(move |s: State<AppState>, q: RawQuery| form(lang, s, q))
                .post(move |s: State<AppState>, r: axum::extract::Request| submit(lang, s, r)),
        );
    }
    router
}

#[derive(Deserialize, IntoParams)]
struct Target {
    /// `grant`, `actor` or `initiative`.
    kind: String,
    #[param(max_length = 80)]
    id: String,
}

/// The entry a report is about: its kind, id, title, public page and the
/// actor whose editors answer for it.
struct About {
    kind: EntryKind,
    id: String,
    title: String,
    href: String,
    owner: Option<String>,
}

fn about(lang: Lang, catalog: &Catalog, kind: &str, id: &str) -> Option<About> {
    let kind = EntryKind::parse(kind)?;
    let owner = match kind {
        EntryKind::Grant => catalog.grant(id).map(|g| Some(g.provider.to_string()))?,
        EntryKind::Actor => catalog.actor(id).map(|a| Some(a.id.to_string()))?,
        EntryKind::Initiative => catalog
            .initiative(id)
            .map(|i| i.participants.first().map(|p| p.to_string()))?,
        _ => return None,
    };
    Some(About {
        kind,
        id: id.to_string(),
        title: catalog.entry_title(kind, id)?.to_string(),
        href: Route::of_entry(kind, id)?.href(lang),
        owner,
    })
}

#[derive(Template)]
#[template(path = "report_form.html")]
struct FormPage {
    layout: Layout,
    action: String,
    kind: String,
    id: String,
    title: String,
    entry_href: String,
    stamp: String,
    what: String,
    source: String,
    email: String,
    errors: Vec<(String, String)>,
    max_what: usize,
}

#[derive(Template)]
#[template(path = "report_done.html")]
struct DonePage {
    layout: Layout,
    title: String,
    entry_href: String,
    with_email: bool,
}

fn layout(lang: Lang, title: String) -> Layout {
    Layout::new(
        lang,
        title,
        Route::Paths(path(Lang::Sv).to_string(), path(Lang::En).to_string()),
        None,
        None,
    )
}

/// What was typed, as the form shows it again.
#[derive(Default)]
struct Typed {
    what: String,
    source: String,
    email: String,
}

async fn form_page(
    lang: Lang,
    state: &AppState,
    about: &About,
    typed: Typed,
    errors: Vec<(String, String)>,
    status: StatusCode,
) -> Response {
    let stamp = match state.alerts.signer(&state.store).await {
        Ok(signer) => signer.stamp(Timestamp::now()),
        Err(e) => return HtmlError::internal(&e).into_response(),
    };
    let page = FormPage {
        layout: layout(lang, lang.t("report-title")),
        action: path(lang).to_string(),
        kind: about.kind.as_str().to_string(),
        id: about.id.clone(),
        title: about.title.clone(),
        entry_href: about.href.clone(),
        stamp,
        what: typed.what,
        source: typed.source,
        email: typed.email,
        errors,
        max_what: MAX_WHAT,
    };
    match render(&page) {
        Ok(html) => (status, html).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn form(lang: Lang, State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let target: Target = match crate::http::query::read(query.as_deref(), false) {
        Ok(t) => t,
        Err(e) => return HtmlError::from(e).into_response(),
    };
    match about(lang, &state.catalog(), &target.kind, &target.id) {
        Some(about) => form_page(lang, &state, &about, Typed::default(), Vec::new(), StatusCode::OK).await,
        None => HtmlError::not_found().into_response(),
    }
}

/// A source link as people paste it: http(s), a host, at most 500 characters.
fn checked_source(text: &str) -> Option<String> {
    let url = url::Url::parse(text).ok()?;
    let normal = url.to_string();
    (matches!(url.scheme(), "http" | "https")
        && url.host_str().is_some_and(|h| !h.is_empty())
        && normal.len() <= MAX_SOURCE)
        .then_some(normal)
}

async fn submit(lang: Lang, State(state): State<AppState>, request: axum::extract::Request) -> Response {
    let PublicForm { ip, form, .. } = match read_public(request, &state.config).await {
        Ok(read) => read,
        Err(PublicFormRefusal::CrossSite) => {
            return HtmlError::bad_request(lang.t("report-cross-site")).into_response();
        }
        Err(PublicFormRefusal::TooLarge) => {
            return HtmlError::bad_request(lang.t("report-too-large")).into_response();
        }
    };
    let catalog = state.catalog();
    let Some(about) = about(
        lang,
        &catalog,
        form.get("kind").unwrap_or(""),
        form.get("id").unwrap_or(""),
    ) else {
        return HtmlError::not_found().into_response();
    };
    let typed = Typed {
        what: form.text("what"),
        source: form.text("source"),
        email: form.text("email"),
    };
    let mut errors = Vec::new();
    let what_chars = typed.what.chars().count();
    if what_chars == 0 {
        errors.push(("what".to_string(), lang.t("report-error-what")));
    } else if what_chars > MAX_WHAT {
        errors.push((
            "what".to_string(),
            lang.t1("report-error-what-long", "max", MAX_WHAT),
        ));
    } else if let Err(e) = samverkan_domain::text::check_text(&typed.what, true) {
        errors.push((
            "what".to_string(),
            lang.t1("report-error-characters", "detail", e.to_string()),
        ));
    }
    let source = (!typed.source.is_empty()).then(|| checked_source(&typed.source));
    if source == Some(None) {
        errors.push(("source".to_string(), lang.t("report-error-source")));
    }
    let email = (!typed.email.is_empty()).then(|| crate::alerts::pages::checked_email(&typed.email));
    if email == Some(None) {
        errors.push(("email".to_string(), lang.t("alerts-error-email-invalid")));
    }
    if !errors.is_empty() {
        return form_page(lang, &state, &about, typed, errors, StatusCode::BAD_REQUEST).await;
    }
    let done = |with_email: bool| -> Response {
        let page = DonePage {
            layout: layout(lang, lang.t("report-done-title")),
            title: about.title.clone(),
            entry_href: about.href.clone(),
            with_email,
        };
        match render(&page) {
            Ok(html) => html.into_response(),
            Err(e) => e.into_response(),
        }
    };
    let email = email.flatten();
    // Caught as spam: the same answer, nothing kept.
    let signer = match state.alerts.signer(&state.store).await {
        Ok(s) => s,
        Err(e) => return HtmlError::internal(&e).into_response(),
    };
    let age = signer.stamp_age(form.get("stamp").unwrap_or(""), Timestamp::now());
    let honeypot = !form.text(HONEYPOT).is_empty();
    if honeypot || age.is_some_and(|a| a < FASTEST) {
        tracing::info!(%ip, honeypot, "a report was not kept: it looked automated");
        return done(email.is_some());
    }
    // A form kept open too long (or whose stamp does not read): handed out
    // again, with what was typed, rather than lost.
    if age.is_none_or(|a| a > OLDEST) {
        let errors = vec![("what".to_string(), lang.t("report-error-stale"))];
        return form_page(lang, &state, &about, typed, errors, StatusCode::BAD_REQUEST).await;
    }
    if !state.alerts.allow_report(ip) {
        let mut refused = HtmlError::bad_request(lang.t("report-too-many")).into_response();
        *refused.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        return refused;
    }
    let report = NewReport {
        id: crate::alerts::new_id(),
        kind: about.kind.as_str().to_string(),
        entry_id: about.id.clone(),
        owner: about.owner.clone(),
        what: typed.what,
        source_url: source.flatten(),
        email: email.clone(),
        lang: lang.code().to_string(),
    };
    match state.store.add_report(&report, PER_ADDRESS_PER_DAY).await {
        Ok(kept) => {
            if kept {
                tracing::info!(report = %report.id, kind = %report.kind, entry = %report.entry_id, "error report received");
            }
            done(email.is_some())
        }
        Err(e) => HtmlError::internal(&e).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_links_are_web_addresses() {
        assert_eq!(
            checked_source("https://www.boverket.se/sv/bidrag/").as_deref(),
            Some("https://www.boverket.se/sv/bidrag/")
        );
        for bad in [
            "javascript:alert(1)",
            "boverket.se",
            "ftp://x.se/a",
            "https://",
            &format!("https://x.se/{}", "a".repeat(600)),
        ] {
            assert_eq!(checked_source(bad), None, "{bad}");
        }
    }
}
