//! The dashboard: what needs attention (entries not checked for a long time,
//! passed deadlines, missing fields, broken links, retired entries) and the
//! latest changes; and the link check it starts.

use std::sync::atomic::Ordering;

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use samverkan_domain::EntryKind;
use samverkan_domain::check::{FindingKind, check};
use samverkan_domain::time::today_in_sweden;

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
}

/// How many lines each list shows.
const LIST_CAP: usize = 50;

pub async fn dashboard(
    lang: Lang,
    State(state): State<AppState>,
    session: EditorSession,
    RawQuery(query): RawQuery,
) -> Answer {
    let catalog = state.catalog();
    let today = today_in_sweden();
    let findings = check(&catalog, today, state.config.stale_days);
    let item = |kind: EntryKind, id: &str, detail: String| {
        let title = match kind {
            EntryKind::Actor => catalog.actor(id).map(|a| a.name.clone()),
            EntryKind::Grant => catalog.grant(id).map(|g| g.title.clone()),
            EntryKind::Initiative => catalog.initiative(id).map(|i| i.name.clone()),
            _ => None,
        };
        Item {
            href: EdPath::Edit(kind, id.to_string()).href(lang),
            text: title.unwrap_or_else(|| id.to_string()),
            detail,
        }
    };
    let of = |k: FindingKind| findings.iter().filter(move |f| f.kind == k);
    let stale: Vec<Item> = of(FindingKind::Stale)
        .take(LIST_CAP)
        .map(|f| {
            let since = f.verified.map(|d| lang.date(&d)).unwrap_or_default();
            item(
                f.entry_kind,
                f.id.as_str(),
                lang.t1("editor-stale-since", "date", since),
            )
        })
        .collect();
    let passed = of(FindingKind::PassedDeadline)
        .take(LIST_CAP)
        .map(|f| {
            let phrase = catalog
                .grant(f.id.as_str())
                .and_then(|g| g.deadline.as_ref())
                .map(|d| d.to_string())
                .unwrap_or_default();
            item(EntryKind::Grant, f.id.as_str(), phrase)
        })
        .collect();
    let missing = of(FindingKind::MissingField)
        .take(LIST_CAP)
        .map(|f| {
            let field = f.field.map(|n| lang.t(&format!("field-{n}"))).unwrap_or_default();
            item(
                f.entry_kind,
                f.id.as_str(),
                lang.t1("editor-missing", "field", field),
            )
        })
        .collect();
    let used = links_in(&catalog);
    let checks = state.store.link_checks().await?;
    let last_link_check = checks.iter().map(|c| c.checked_at).max().map(stamp);
    let broken = checks
        .iter()
        .filter(|c| !c.ok)
        .flat_map(|c| {
            let why = match (c.status, &c.error) {
                (Some(status), _) => lang.t1("editor-link-status", "status", status),
                (None, Some(e)) => e.clone(),
                (None, None) => String::new(),
            };
            used.get(&c.url)
                .into_iter()
                .flatten()
                .map(move |(kind, id)| (kind, id, format!("{} – {why}", c.url)))
        })
        .take(LIST_CAP)
        .map(|(kind, id, detail)| item(*kind, id.as_str(), detail))
        .collect();
    let retired = state
        .store
        .retired_entries()
        .await?
        .into_iter()
        .filter(|e| forms::EDITABLE.contains(&e.entry.kind()))
        .take(LIST_CAP)
        .map(|e| Item {
            href: EdPath::History(e.entry.kind(), e.entry.id().to_string()).href(lang),
            text: e.entry.title().to_string(),
            detail: lang.t(&format!("editor-kind-{}", e.entry.kind().as_str())),
        })
        .collect();
    let changes = state
        .store
        .recent_revisions(20)
        .await?
        .into_iter()
        .map(|r| {
            let kind = r.kind;
            Item {
                href: EdPath::History(kind, r.entry_id.to_string()).href(lang),
                text: r.title().to_string(),
                detail: format!(
                    "{} · {} · {}",
                    lang.t(&format!("change-{}", r.action.as_str())),
                    r.author,
                    stamp(r.at)
                ),
            }
        })
        .collect();
    let notice = query_value(query.as_deref(), "klart")
        .filter(|k| super::DASHBOARD_NOTICES.contains(&k.as_str()))
        .map(|k| lang.t(&format!("editor-done-{k}")));
    let page = DashboardPage {
        layout: layout(
            lang,
            lang.t("editor-dashboard-title"),
            EdPath::Dashboard,
            &session,
        ),
        notice,
        csrf: session.csrf.clone(),
        stale_days: state.config.stale_days,
        stale_total: of(FindingKind::Stale).count(),
        stale,
        passed,
        missing_total: of(FindingKind::MissingField).count(),
        missing,
        broken,
        links_total: used.len(),
        last_link_check,
        link_check_running: state.link_check_running.load(Ordering::SeqCst),
        link_check_action: EdPath::LinkCheck.href(lang),
        retired,
        changes,
        new_links: forms::EDITABLE
            .into_iter()
            .map(|k| NavLink {
                href: EdPath::New(k).href(lang),
                label: lang.t(&format!("editor-new-{}", k.as_str())),
                current: false,
            })
            .collect(),
    };
    render(StatusCode::OK, &page)
}

/// Starts a check of every link in the catalogue in the background, unless
/// one is running; the dashboard shows the results when it is done.
pub async fn start_link_check(lang: Lang, State(state): State<AppState>, _form: CsrfForm) -> Response {
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
