//! Error reports from the public in the editors' area: each organisation's
//! editors see the reports on what their organisation keeps (the service's
//! editors see all), and close each with an outcome and a reply, which is
//! sent to the reporter when they gave an address (then deleted).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use samverkan_domain::EntryKind;
use samverkan_store::{Outcome, Report};

use super::dashboard::Item;
use super::{Answer, layout, render, see_other, stamp};
use crate::auth::{CsrfForm, EditorSession};
use crate::editing::Scope;
use crate::html::{HtmlError, Layout, Refusal};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::urls::{EdPath, Route};

/// Open reports read for the dashboard, at most (the public can add five a
/// day per address and ten an hour per client).
const QUEUE: i64 = 10_000;

/// Whether `scope` answers for the report: one of the organisations keeps
/// the entry now (its provider, the actor itself, any participant of an
/// initiative), or kept it when the report came if the entry is gone.
/// Reports on what no organisation keeps are the service's.
fn answers_for(scope: &Scope, report: &Report, catalog: &samverkan_domain::Catalog) -> bool {
    if matches!(scope, Scope::Everything) {
        return true;
    }
    let now: Option<Vec<String>> = match EntryKind::parse(&report.kind) {
        Some(EntryKind::Grant) => catalog
            .grant(&report.entry_id)
            .map(|g| vec![g.provider.to_string()]),
        Some(EntryKind::Actor) => catalog.actor(&report.entry_id).map(|a| vec![a.id.to_string()]),
        Some(EntryKind::Initiative) => catalog
            .initiative(&report.entry_id)
            .map(|i| i.participants.iter().map(|p| p.to_string()).collect()),
        _ => None,
    };
    let owners = now.unwrap_or_else(|| report.owner.iter().cloned().collect());
    scope.covers(owners.iter().map(String::as_str))
}

/// The open reports `scope` answers for, newest first, as dashboard lines.
pub async fn queue(lang: Lang, state: &AppState, scope: &Scope) -> Result<Vec<Item>, HtmlError> {
    let catalog = state.catalog();
    Ok(state
        .store
        .reports(true, QUEUE)
        .await?
        .into_iter()
        .filter(|r| answers_for(scope, r, &catalog))
        .map(|r| {
            let kind = EntryKind::parse(&r.kind);
            let title = kind
                .and_then(|k| catalog.entry_title(k, &r.entry_id))
                .unwrap_or(&r.entry_id)
                .to_string();
            let what: String = r.what.chars().take(140).collect();
            Item {
                href: EdPath::Report(r.id.clone()).href(lang),
                text: title,
                detail: format!(
                    "{} · {}{}",
                    stamp(r.created_at),
                    what,
                    if r.what.chars().count() > 140 { "…" } else { "" }
                ),
            }
        })
        .collect())
}

#[derive(Template)]
#[template(path = "editor_report.html")]
pub struct ReportPage {
    pub layout: Layout,
    pub csrf: String,
    pub action: String,
    pub title: String,
    pub public_href: Option<String>,
    pub edit_href: Option<String>,
    pub what: String,
    /// The language of the page it was sent from, which it is likely written in.
    pub what_lang: String,
    pub source: Option<String>,
    pub created: String,
    pub wants_answer: bool,
    /// When closed: the outcome, who, when and the reply.
    pub closed: Option<(String, String, String, String)>,
    pub errors: Vec<String>,
    pub reply: String,
}

async fn load(state: &AppState, session: &EditorSession, id: &str) -> Result<Report, HtmlError> {
    let report = state
        .store
        .report(id)
        .await?
        .ok_or(HtmlError::editor(StatusCode::NOT_FOUND, Refusal::NotFound))?;
    if !answers_for(
        &Scope::of(&state.store, &session.user).await?,
        &report,
        &state.catalog(),
    ) {
        return Err(HtmlError::editor(StatusCode::FORBIDDEN, Refusal::Organisation));
    }
    Ok(report)
}

fn page(
    lang: Lang,
    state: &AppState,
    session: &EditorSession,
    report: &Report,
    errors: Vec<String>,
    reply: String,
    status: StatusCode,
) -> Answer {
    let catalog = state.catalog();
    let kind = EntryKind::parse(&report.kind);
    let title = kind
        .and_then(|k| catalog.entry_title(k, &report.entry_id))
        .unwrap_or(&report.entry_id)
        .to_string();
    let current = kind.is_some_and(|k| catalog.entry_title(k, &report.entry_id).is_some());
    render(
        status,
        &ReportPage {
            layout: layout(
                lang,
                lang.t("editor-report-title"),
                EdPath::Report(report.id.clone()),
                session,
            ),
            csrf: session.csrf.clone(),
            action: EdPath::Report(report.id.clone()).href(lang),
            public_href: kind
                .filter(|_| current)
                .and_then(|k| Route::of_entry(k, &report.entry_id))
                .map(|r| r.href(lang)),
            edit_href: kind
                .filter(|_| current)
                .map(|k| EdPath::Edit(k, report.entry_id.clone()).href(lang)),
            title,
            what: report.what.clone(),
            what_lang: report.lang.clone(),
            source: report.source_url.clone(),
            created: stamp(report.created_at),
            wants_answer: report.email.is_some(),
            closed: report.outcome.map(|o| {
                (
                    lang.t(&format!("editor-report-outcome-{}", o.as_str())),
                    report.closed_by.clone().unwrap_or_default(),
                    report.closed_at.map(stamp).unwrap_or_default(),
                    report.reply.clone().unwrap_or_default(),
                )
            }),
            errors,
            reply,
        },
    )
}

pub async fn report(
    lang: Lang,
    State(state): State<AppState>,
    session: EditorSession,
    Path(id): Path<String>,
) -> Answer {
    let report = load(&state, &session, &id).await?;
    page(
        lang,
        &state,
        &session,
        &report,
        Vec::new(),
        String::new(),
        StatusCode::OK,
    )
}

/// The longest reply.
const MAX_REPLY: usize = 2000;

pub async fn close(
    lang: Lang,
    State(state): State<AppState>,
    Path(id): Path<String>,
    CsrfForm { session, form }: CsrfForm,
) -> Answer {
    let report = load(&state, &session, &id).await?;
    let outcome = form.get("outcome").and_then(Outcome::parse);
    let reply = form.text("reply");
    let mut errors = Vec::new();
    if outcome.is_none() {
        errors.push(lang.t("editor-report-error-outcome"));
    }
    if report.email.is_some() && reply.is_empty() {
        errors.push(lang.t("editor-report-error-reply"));
    }
    if reply.chars().count() > MAX_REPLY {
        errors.push(lang.t1("report-error-what-long", "max", MAX_REPLY));
    } else if let Err(e) = samverkan_domain::text::check_text(&reply, true) {
        errors.push(lang.t1("report-error-characters", "detail", e.to_string()));
    }
    let Some(outcome) = outcome.filter(|_| errors.is_empty()) else {
        return page(
            lang,
            &state,
            &session,
            &report,
            errors,
            reply,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    };
    let answer = match &report.email {
        Some(_) => {
            let mailing = crate::alerts::compose::Mailing::of(&state)
                .await
                .map_err(|e| HtmlError::internal(&e))?;
            Some(
                mailing
                    .composer()
                    .answer(&report, outcome, &reply)
                    .map_err(|e| HtmlError::internal(&e))?,
            )
        }
        None => None,
    };
    if state
        .store
        .close_report(
            &report.id,
            outcome,
            &reply,
            &session.user.username,
            answer.as_ref(),
        )
        .await?
    {
        tracing::info!(report = %report.id, by = %session.user.username, outcome = outcome.as_str(), "report closed");
        if answer.is_some() {
            state.alerts.wake.notify_one();
        }
    }
    Ok(see_other(&format!(
        "{}?klart=report-closed",
        EdPath::Dashboard.href(lang)
    )))
}
