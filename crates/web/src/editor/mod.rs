//! The editors' area (SPEC §4): login, a dashboard of what needs attention,
//! edit forms for actors, grants and initiatives, history with diffs and
//! restore, and, for admins, accounts and API tokens. Swedish at
//! `/redaktion`, English at `/en/editor`.
//!
//! Everything works without JavaScript. Every form that changes something is
//! a POST that must carry the session's form token and come from this site
//! (the [`CsrfForm`] extractor checks it before a handler runs); every page
//! answers `Cache-Control: no-store` (set for the whole area in `lib.rs`).
//!
//! - [`signin`]: login, logout, one's sign-ins.
//! - [`dashboard`]: what needs attention, and the link check.
//! - [`list`]: the entries of each kind.
//! - [`entries`]: the edit forms and the one-click actions.
//! - [`history`]: revisions with word diffs, and restore.
//! - [`accounts`]: accounts and API tokens (admins).

mod accounts;
mod dashboard;
pub mod diff;
mod entries;
pub mod forms;
mod harvest;
mod history;
mod list;
pub(crate) mod proposals;
mod reports;
mod signin;

use askama::Template;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use samverkan_domain::EntryKind;
use samverkan_store::{Role, Session};

use crate::auth::{Admin, CsrfForm, EditorSession};
use crate::editing::EditError;
use crate::html::{EditorBar, HtmlError, Layout, NavLink, Refusal};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::urls::EdPath;
use forms::{EDITABLE, FormData};

/// What the edit form says after a redirect (`?klart=…`), by
/// `editor-done-{notice}`.
pub(crate) const EDIT_NOTICES: [&str; 4] = ["created", "saved", "verified", "unchanged"];
/// What a proposal's page says after a redirect, by `editor-done-{notice}`.
pub(crate) const PROPOSAL_NOTICES: [&str; 5] = ["proposed", "approved", "rejected", "commented", "withdrawn"];
/// What the dashboard says after a redirect, by `editor-done-{notice}`.
pub(crate) const DASHBOARD_NOTICES: [&str; 4] =
    ["link-check", "link-check-running", "retired", "report-closed"];

/// What an editor handler answers: a page or a redirect, or an error page.
type Answer = Result<Response, HtmlError>;

/// The editors' routes, in both languages.
pub fn routes() -> Router<AppState> {
    type S = State<AppState>;
    type Q = RawQuery;
    type Ed = EditorSession;
    type AdminSession = EditorSession<Admin>;
    type AdminForm = CsrfForm<Admin>;
    let mut router = Router::new();
    for lang in Lang::ALL {
        let p = |path: EdPath| path.href(lang);
        router = router
            .route(
                &p(EdPath::Dashboard),
                get(move |s: S, ed: Ed, q: Q| dashboard::dashboard(lang, s, ed, q)),
            )
            .route(
                &p(EdPath::Login),
                get(move |s: S, h: axum::http::HeaderMap, q: Q| signin::login_form(lang, s, h, q))
                    .post(move |s: S, req: axum::extract::Request| signin::login(lang, s, req)),
            )
            .route(
                &p(EdPath::Logout),
                post(move |s: S, f: CsrfForm| signin::logout(lang, s, f)),
            )
            .route(
                &p(EdPath::LinkCheck),
                post(move |s: S, f: CsrfForm| dashboard::start_link_check(lang, s, f)),
            )
            .route(
                &p(EdPath::Restore("{rev}".into())),
                post(move |s: S, rev: Path<String>, f: CsrfForm| history::restore(lang, s, rev, f)),
            )
            .route(
                &p(EdPath::Sessions),
                get(move |s: S, ed: Ed, h: axum::http::HeaderMap| signin::sessions(lang, s, ed, h)),
            )
            .route(
                &p(EdPath::EndSessions),
                post(move |s: S, f: CsrfForm| signin::end_sessions(lang, s, f)),
            )
            .route(
                &p(EdPath::Accounts),
                get(move |s: S, ed: AdminSession, q: Q| accounts::accounts(lang, s, ed, q))
                    .post(move |s: S, f: AdminForm| accounts::create_account(lang, s, f)),
            )
            .route(
                &p(EdPath::AccountStatus("{name}".into())),
                post(move |s: S, name: Path<String>, f: AdminForm| {
                    accounts::account_status(lang, s, name, f)
                }),
            )
            .route(
                &p(EdPath::Report("{id}".into())),
                get(move |s: S, ed: Ed, id: Path<String>| reports::report(lang, s, ed, id))
                    .post(move |s: S, id: Path<String>, f: CsrfForm| reports::close(lang, s, id, f)),
            )
            .route(
                &p(EdPath::Proposal("{id}".into())),
                get(move |s: S, ed: Ed, id: Path<String>, q: Q| proposals::proposal(lang, s, ed, id, q))
                    .post(move |s: S, id: Path<String>, f: CsrfForm| proposals::decide(lang, s, id, f)),
            )
            .route(
                &p(EdPath::Harvest),
                get(move |s: S, ed: Ed| harvest::harvest_page(lang, s, ed))
                    .post(move |s: S, f: CsrfForm| harvest::harvest_action(lang, s, f)),
            )
            .route(
                &p(EdPath::Review),
                post(move |s: S, f: AdminForm| proposals::set_review(lang, s, f)),
            )
            .route(
                &p(EdPath::Tokens),
                get(move |s: S, ed: AdminSession| accounts::tokens(lang, s, ed))
                    .post(move |s: S, f: AdminForm| accounts::create_token(lang, s, f)),
            )
            .route(
                &p(EdPath::RevokeToken("{id}".into())),
                post(move |s: S, id: Path<String>, f: AdminForm| accounts::revoke_token(lang, s, id, f)),
            );
        for kind in EDITABLE {
            router = router
                .route(
                    &p(EdPath::List(kind)),
                    get(move |s: S, ed: Ed, q: Q| list::list(lang, kind, s, ed, q)),
                )
                .route(
                    &p(EdPath::New(kind)),
                    get(move |s: S, ed: Ed| entries::new_form(lang, kind, s, ed))
                        .post(move |s: S, f: CsrfForm| entries::create(lang, kind, s, f)),
                )
                .route(
                    &p(EdPath::Edit(kind, "{id}".into())),
                    get(move |s: S, ed: Ed, id: Path<String>, q: Q| {
                        entries::edit_form(lang, kind, s, ed, id, q)
                    })
                    .post(move |s: S, id: Path<String>, f: CsrfForm| entries::save(lang, kind, s, id, f)),
                )
                .route(
                    &p(EdPath::Verified(kind, "{id}".into())),
                    post(move |s: S, id: Path<String>, f: CsrfForm| {
                        entries::mark_verified(lang, kind, s, id, f)
                    }),
                )
                .route(
                    &p(EdPath::Retire(kind, "{id}".into())),
                    post(move |s: S, id: Path<String>, f: CsrfForm| entries::retire(lang, kind, s, id, f)),
                )
                .route(
                    &p(EdPath::History(kind, "{id}".into())),
                    get(move |s: S, ed: Ed, id: Path<String>| history::history(lang, kind, s, ed, id)),
                );
        }
    }
    router
}

impl From<EditError> for HtmlError {
    fn from(e: EditError) -> Self {
        match e {
            EditError::Store(e) => HtmlError::from(e),
            EditError::NotCurrent { .. } | EditError::NotEditable { .. } => HtmlError::not_found(),
            EditError::Forbidden(why) => {
                HtmlError::editor(StatusCode::FORBIDDEN, Refusal::Organisation).with_detail(why)
            }
            EditError::NoProposal(_) => HtmlError::not_found(),
            e @ (EditError::Decided(_) | EditError::ProposalConflict(_)) => {
                HtmlError::editor(StatusCode::CONFLICT, Refusal::Conflict).with_detail(e.to_string())
            }
            EditError::NoReason => HtmlError::editor(StatusCode::BAD_REQUEST, Refusal::BadForm),
            e @ EditError::FutureCheck(_) => {
                HtmlError::editor(StatusCode::UNPROCESSABLE_ENTITY, Refusal::BadForm)
                    .with_detail(e.to_string())
            }
        }
    }
}

/// The layout of an editor's page: the site's, with the editors' menu bar.
fn layout(lang: Lang, title: String, here: EdPath, session: &Session) -> Layout {
    let links = [
        (EdPath::Dashboard, "editor-nav-dashboard"),
        (EdPath::List(EntryKind::Actor), "editor-nav-actors"),
        (EdPath::List(EntryKind::Grant), "editor-nav-grants"),
        (EdPath::List(EntryKind::Initiative), "editor-nav-initiatives"),
        (EdPath::Harvest, "editor-nav-harvest"),
        (EdPath::Sessions, "editor-nav-sessions"),
    ]
    .into_iter()
    .chain(
        (session.user.role == Role::Admin)
            .then_some([
                (EdPath::Accounts, "editor-nav-accounts"),
                (EdPath::Tokens, "editor-nav-tokens"),
            ])
            .into_iter()
            .flatten(),
    )
    .map(|(path, key)| NavLink {
        current: path == here,
        href: path.href(lang),
        label: lang.t(key),
    })
    .collect();
    let mut layout = Layout::new(lang, title, here.route(), None, None);
    layout.editor = Some(EditorBar {
        username: session.user.username.clone(),
        csrf: session.csrf.clone(),
        logout_href: EdPath::Logout.href(lang),
        links,
    });
    layout
}

fn render(status: StatusCode, page: &impl Template) -> Answer {
    let html = page.render().map_err(|e| HtmlError::internal(&e))?;
    Ok((status, Html(html)).into_response())
}

fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

fn query_value(query: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// The version a form says it was made from.
fn version_of(form: &FormData) -> Result<i64, HtmlError> {
    form.get("version")
        .and_then(|v| v.trim().parse().ok())
        .filter(|v| *v >= 1)
        .ok_or_else(|| HtmlError::editor(StatusCode::BAD_REQUEST, Refusal::NoVersion))
}

/// A moment as editors read it, in Swedish time, to the minute:
/// "2026-11-25 09:26".
fn stamp(at: jiff::Timestamp) -> String {
    let tz = jiff::tz::TimeZone::get("Europe/Stockholm").unwrap_or(jiff::tz::TimeZone::UTC);
    at.to_zoned(tz).strftime("%Y-%m-%d %H:%M").to_string()
}

/// Tells a proposal's author by e-mail (when their account has an address)
/// that it was approved or rejected. A message that cannot be written is
/// logged: the decision stands, and the dashboard shows it.
async fn notify_author(state: &AppState, proposal_id: &str) {
    let result: Result<(), String> = async {
        let p = state
            .store
            .proposal(proposal_id)
            .await
            .map_err(|e| e.to_string())?
            .ok_or("gone")?;
        let Some(to) = state
            .store
            .user(&p.author)
            .await
            .map_err(|e| e.to_string())?
            .and_then(|u| u.email)
        else {
            return Ok(());
        };
        let mailing = crate::alerts::compose::Mailing::of(state)
            .await
            .map_err(|e| e.to_string())?;
        let message = mailing
            .composer()
            .proposal_decided(&to, &p)
            .map_err(|e| e.to_string())?;
        state.store.enqueue(&[message]).await.map_err(|e| e.to_string())?;
        state.alerts.wake.notify_one();
        Ok(())
    }
    .await;
    if let Err(error) = result {
        tracing::warn!(proposal = proposal_id, %error, "the author of a proposal could not be told by e-mail");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message key the editors' area builds from a value exists in
    /// both languages, for every value it can be built from.
    #[test]
    fn every_message_key_the_editors_area_builds_exists() {
        let mut keys: Vec<String> = Vec::new();
        for kind in EDITABLE {
            for prefix in ["editor-kind", "editor-new", "editor-list"] {
                keys.push(format!("{prefix}-{}", kind.as_str()));
            }
            let catalog = samverkan_domain::Catalog::new(
                samverkan_domain::bundled::dataset().expect("the bundled data is valid"),
            );
            for field in forms::fields(kind, &catalog, Lang::Sv) {
                keys.push(format!("field-{}", field.name));
                if matches!(field.widget, forms::Widget::Flag) {
                    keys.push(format!("field-{}-yes", field.name));
                }
            }
        }
        for notice in EDIT_NOTICES
            .iter()
            .chain(&DASHBOARD_NOTICES)
            .chain(&PROPOSAL_NOTICES)
            .chain(&accounts::ACCOUNT_NOTICES)
        {
            keys.push(format!("editor-done-{notice}"));
        }
        for role in Role::ALL {
            keys.push(format!("account-role-{}", role.as_str()));
        }
        for status in samverkan_store::ProposalStatus::ALL {
            keys.push(format!("proposal-status-{}", status.as_str()));
        }
        for status in ["ok", "unchanged", "error"] {
            keys.push(format!("harvest-status-{status}"));
        }
        for kind in samverkan_store::MessageKind::ALL {
            keys.push(format!("alerts-kind-{}", kind.as_str()));
        }
        for action in samverkan_store::Action::ALL {
            keys.push(format!("change-{}", action.as_str()));
        }
        for refusal in crate::html::Refusal::ALL {
            keys.push(format!("{}-title", refusal.key()));
            keys.push(format!("{}-text", refusal.key()));
        }
        assert_every_key_exists(&keys);
    }

    fn assert_every_key_exists(keys: &[String]) {
        for lang in Lang::ALL {
            let missing: Vec<&String> = keys.iter().filter(|k| !lang.has(k)).collect();
            assert!(missing.is_empty(), "missing in {}.ftl: {missing:?}", lang.code());
        }
    }

    #[test]
    fn stored_times_are_shown_in_swedish_time() {
        let at = |text: &str| text.parse::<jiff::Timestamp>().unwrap();
        assert_eq!(stamp(at("2026-11-25T08:26:00.123456Z")), "2026-11-25 09:26");
        assert_eq!(
            stamp(at("2026-07-01T08:00:00Z")),
            "2026-07-01 10:00",
            "summer time"
        );
    }
}
