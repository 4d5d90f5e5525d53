//! The dashboard: what needs attention (entries not checked for a long time,
//! passed deadlines, missing fields, broken links, retired entries) and the
//! latest changes; and the link check it starts.

use std::sync::atomic::Ordering;

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use samverkan_domain::EntryKind;
use std::collections::BTreeMap;

use samverkan_domain::check::{Due, Finding, FindingKind, check, due_for_check};
use samverkan_domain::time::today_in_sweden;
use samverkan_domain::{Catalog, Slug};
use samverkan_store::{LinkCheck, Revision, StoredEntry};

use super::{Answer, forms, layout, query_value, render, see_other, stamp};
use crate::auth::{CsrfForm, EditorSession};
use crate::html::{Layout, NavLink};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::urls::EdPath;
use samverkan_links::{LinkOptions, check_links, links_in};

/// A line in one of the dashboard's lists.
pub struct Item {
    pub href: String,
    pub text: String,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "editor_dashboard.html")]
pub struct DashboardPage {
    pub layout: Layout,
    pub notice: Option<String>,
    pub csrf: String,
    pub stale_days: u32,
    pub stale: Vec<Item>,
    pub stale_total: usize,
    pub passed: Vec<Item>,
    pub missing: Vec<Item>,
    pub missing_total: usize,
    pub broken: Vec<Item>,
    pub links_total: usize,
    pub last_link_check: Option<String>,
    pub link_check_running: bool,
    pub link_check_action: String,
    pub retired: Vec<Item>,
    pub changes: Vec<Item>,
    pub new_links: Vec<NavLink>,
    /// Whether the account is one of the service's (admins and editors
    /// without an organisation): only they see the link check and alerts.
    pub service: bool,
    /// Open error reports on what the account's organisations keep.
    pub reports: Vec<Item>,
    /// Open proposals the account may review, and its own.
    pub to_review: Vec<Item>,
    pub my_proposals: Vec<Item>,
    /// E-mail alerts: counts (never addresses) and the latest failures.
    pub alerts: Vec<(String, i64)>,
    pub alert_failures: Vec<Item>,
}

/// How many lines each list shows.
const LIST_CAP: usize = 50;

/// The dashboard: read what it shows, then build the page.
pub async fn dashboard(
    lang: Lang,
    State(state): State<AppState>,
    session: EditorSession,
    RawQuery(query): RawQuery,
) -> Answer {
    let catalog = state.catalog();
    let today = today_in_sweden();
    let findings = check(&catalog, today, state.config.stale_days);
    let checks = state.store.link_checks().await?;
    let retired = state.store.retired_entries().await?;
    let changes = state.store.recent_revisions(20).await?;
    let alert_counts = state.store.alert_counts().await?;
    let scope = crate::editing::Scope::of(&state.store, &session.user).await?;
    let reports = super::reports::queue(lang, &state, &scope).await?;
    let (to_review, my_proposals) = super::proposals::lists(lang, &state, &session).await?;
    let alert_failures = state.store.failed_messages(20).await?;
    let notice = query_value(query.as_deref(), "klart")
        .filter(|k| super::DASHBOARD_NOTICES.contains(&k.as_str()))
        .map(|k| lang.t(&format!("editor-done-{k}")));
    let lists = Lists {
        lang,
        catalog: &catalog,
    };
    // An organisation's editor sees what its organisations keep; the link
    // check and the alerts are the service's.
    let service = matches!(scope, crate::editing::Scope::Everything);
    let (scope_ref, catalog_ref) = (&scope, &*catalog);
    let of = |k: FindingKind| {
        findings
            .iter()
            .filter(move |f| f.kind == k && scope_ref.covers_in(catalog_ref, f.entry_kind, f.id.as_str()))
    };
    // What falls due for a check soon, or is overdue, of what the account keeps.
    let due: Vec<Due> = due_for_check(
        &catalog,
        today,
        state.config.stale_days,
        state.config.verify_remind_days,
    )
    .into_iter()
    .filter(|d| scope.covers_in(&catalog, d.kind, d.id.as_str()))
    .collect();
    let retired: Vec<StoredEntry> = retired.into_iter().filter(|e| scope.owns(&e.entry)).collect();
    let changes: Vec<Revision> = changes
        .into_iter()
        .filter(|r| service || r.entry().is_some_and(|e| scope.owns(&e)))
        .collect();
    let used = links_in(&catalog);
    let page = DashboardPage {
        layout: layout(
            lang,
            lang.t("editor-dashboard-title"),
            EdPath::Dashboard,
            &session,
        ),
        notice,
        csrf: session.csrf.clone(),
        stale_days: state.config.verify_remind_days,
        stale_total: due.len(),
        stale: lists.due(&due, today),
        passed: lists.passed(of(FindingKind::PassedDeadline)),
        missing_total: of(FindingKind::MissingField).count(),
        missing: lists.missing(of(FindingKind::MissingField)),
        broken: if service {
            lists.broken(&checks, &used)
        } else {
            Vec::new()
        },
        service,
        links_total: used.len(),
        last_link_check: checks.iter().map(|c| c.checked_at).max().map(stamp),
        link_check_running: state.link_check_running.load(Ordering::SeqCst),
        link_check_action: EdPath::LinkCheck.href(lang),
        retired: lists.retired(&retired),
        changes: lists.changes(&changes),
        new_links: forms::EDITABLE
            .into_iter()
            .filter(|k| scope.may_add(*k))
            .map(|k| NavLink {
                href: EdPath::New(k).href(lang),
                label: lang.t(&format!("editor-new-{}", k.as_str())),
                current: false,
            })
            .collect(),
        reports,
        to_review,
        my_proposals,
        alerts: [
            ("confirmed", alert_counts.confirmed),
            ("unconfirmed", alert_counts.unconfirmed),
            ("daily", alert_counts.daily),
            ("weekly", alert_counts.weekly),
            ("reminders", alert_counts.with_reminders),
            ("pending", alert_counts.pending),
            ("retrying", alert_counts.retrying),
            ("sent", alert_counts.sent),
            ("failed", alert_counts.failed),
        ]
        .into_iter()
        .map(|(k, n)| (lang.t(&format!("editor-alerts-{k}")), n))
        .collect(),
        alert_failures: alert_failures
            .iter()
            .map(|f| Item {
                href: String::new(),
                text: lang.tn(
                    "editor-alerts-failure",
                    &[
                        ("kind", lang.t(&format!("alerts-kind-{}", f.kind.as_str())).into()),
                        ("at", stamp(f.created_at).into()),
                        ("attempts", f.attempts.into()),
                    ],
                ),
                detail: f.error.clone(),
            })
            .collect(),
    };
    render(StatusCode::OK, &page)
}

/// The dashboard's lists, each at most [`LIST_CAP`] lines.
struct Lists<'a> {
    lang: Lang,
    catalog: &'a Catalog,
}

impl Lists<'_> {
    /// A line that links to an entry's edit form.
    fn item(&self, kind: EntryKind, id: &str, detail: String) -> Item {
        Item {
            href: EdPath::Edit(kind, id.to_string()).href(self.lang),
            text: self.catalog.entry_title(kind, id).unwrap_or(id).to_string(),
            detail,
        }
    }

    fn due(&self, due: &[Due], today: jiff::civil::Date) -> Vec<Item> {
        due.iter()
            .take(LIST_CAP)
            .map(|d| {
                let by = self.lang.date(&d.verify_by);
                let detail = if d.verify_by < today {
                    self.lang.t1("editor-due-overdue", "date", by)
                } else {
                    self.lang.t1("editor-due-by", "date", by)
                };
                self.item(d.kind, d.id.as_str(), detail)
            })
            .collect()
    }

    fn passed<'f>(&self, findings: impl Iterator<Item = &'f Finding>) -> Vec<Item> {
        findings
            .take(LIST_CAP)
            .map(|f| {
                let phrase = self
                    .catalog
                    .grant(f.id.as_str())
                    .and_then(|g| g.deadline.as_ref())
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                self.item(EntryKind::Grant, f.id.as_str(), phrase)
            })
            .collect()
    }

    fn missing<'f>(&self, findings: impl Iterator<Item = &'f Finding>) -> Vec<Item> {
        findings
            .take(LIST_CAP)
            .map(|f| {
                let field = f
                    .field
                    .map(|n| self.lang.t(&format!("field-{n}")))
                    .unwrap_or_default();
                let detail = self.lang.t1("editor-missing", "field", field);
                self.item(f.entry_kind, f.id.as_str(), detail)
            })
            .collect()
    }

    /// Each entry that uses an address that did not answer well.
    fn broken(&self, checks: &[LinkCheck], used: &BTreeMap<String, Vec<(EntryKind, Slug)>>) -> Vec<Item> {
        checks
            .iter()
            .filter(|c| !c.ok)
            .flat_map(|c| {
                let why = match (c.status, &c.error) {
                    (Some(status), _) => self.lang.t1("editor-link-status", "status", status),
                    (None, Some(e)) => e.clone(),
                    (None, None) => String::new(),
                };
                used.get(&c.url)
                    .into_iter()
                    .flatten()
                    .map(move |(kind, id)| (*kind, id, format!("{} – {why}", c.url)))
            })
            .take(LIST_CAP)
            .map(|(kind, id, detail)| self.item(kind, id.as_str(), detail))
            .collect()
    }

    /// Retired entries, each linking to its history (where it can be restored).
    fn retired(&self, entries: &[StoredEntry]) -> Vec<Item> {
        entries
            .iter()
            .filter(|e| forms::EDITABLE.contains(&e.entry.kind()))
            .take(LIST_CAP)
            .map(|e| Item {
                href: EdPath::History(e.entry.kind(), e.entry.id().to_string()).href(self.lang),
                text: e.entry.title().to_string(),
                detail: self.lang.t(&format!("editor-kind-{}", e.entry.kind().as_str())),
            })
            .collect()
    }

    /// The latest changes: what, by whom, when.
    fn changes(&self, revisions: &[Revision]) -> Vec<Item> {
        revisions
            .iter()
            .map(|r| Item {
                href: EdPath::History(r.kind, r.entry_id.to_string()).href(self.lang),
                text: r.title(),
                detail: format!(
                    "{} · {} · {}",
                    self.lang.t(&format!("change-{}", r.action.as_str())),
                    r.author,
                    stamp(r.at)
                ),
            })
            .collect()
    }
}

/// Starts a check of every link in the catalogue in the background, unless
/// one is running; the dashboard shows the results when it is done.
pub async fn start_link_check(lang: Lang, State(state): State<AppState>, form: CsrfForm) -> Response {
    // The whole catalogue's links: the service's editors' task.
    match crate::editing::Scope::of(&state.store, &form.session.user).await {
        Ok(crate::editing::Scope::Everything) => {}
        Ok(_) => {
            return crate::html::HtmlError::editor(StatusCode::FORBIDDEN, crate::html::Refusal::Organisation)
                .into_response();
        }
        Err(e) => return crate::html::HtmlError::from(e).into_response(),
    }
    let back = EdPath::Dashboard.href(lang);
    if state.link_check_running.swap(true, Ordering::SeqCst) {
        return see_other(&format!("{back}?klart=link-check-running"));
    }
    let urls: Vec<String> = links_in(&state.catalog()).into_keys().collect();
    let mut options = LinkOptions::polite(state.config.public_url.as_deref());
    options.allow_private = state.config.allow_private_links;
    let running = state.link_check_running.clone();
    let store = state.store.clone();
    tokio::spawn(async move {
        tracing::info!(links = urls.len(), "link check started from the dashboard");
        match check_links(urls, &options).await {
            Ok(results) => {
                if let Err(e) = store.record_link_checks(&results).await {
                    tracing::error!(error = %e, "could not record the link check");
                }
            }
            Err(e) => tracing::error!(error = %e, "the link check could not start"),
        }
        running.store(false, Ordering::SeqCst);
    });
    see_other(&format!("{back}?klart=link-check"))
}
