//! The editors' pages: one handler each, filling a template's view model.

use std::sync::LazyLock;
use std::sync::atomic::Ordering;

use askama::Template;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, Redirect, Response};
use samverkan_domain::check::{FindingKind, check};
use samverkan_domain::time::today_in_sweden;
use samverkan_domain::{Entry, EntryKind};
use samverkan_store::{Change, Expect, Revision, Role, Session, StoreError};

use super::diff::{self, Segment};
use super::forms::{self, Field, FormData, Problems, Widget};
use super::{internal, no_store, poster, refusal, viewer};
use crate::auth::session;
use crate::auth::{check_username, hash_password, verify_password};
use crate::html::{EditorBar, Layout, NavLink};
use crate::i18n::Lang;
use crate::links::{LinkOptions, check_links, links_in};
use crate::site::Choice;
use crate::state::AppState;
use crate::urls::EdPath;
use crate::urls::Route;

fn layout(lang: Lang, title: String, here: EdPath, session: &Session) -> Layout {
    let links = [
        (EdPath::Dashboard, "editor-nav-dashboard"),
        (EdPath::List(EntryKind::Actor), "editor-nav-actors"),
        (EdPath::List(EntryKind::Grant), "editor-nav-grants"),
        (EdPath::List(EntryKind::Initiative), "editor-nav-initiatives"),
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

fn render(lang: Lang, status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => no_store((status, Html(html))),
        Err(e) => internal(lang, &e),
    }
}

fn see_other(to: &str) -> Response {
    no_store(Redirect::to(to))
}

/// A page of the editors' area to return to after login; anything else goes
/// to the dashboard. Only a plain path under `/redaktion` or `/en/editor` is
/// accepted — letters, digits, `/-_.` and a query of URL-safe characters — so
/// nothing a browser could read as another host (`//`, `/\`, a tab or newline
/// it strips, an encoded slash, a scheme, `@`) can pass.
fn safe_next(lang: Lang, next: Option<&str>) -> String {
    match next {
        Some(n) if is_editor_path(n) => n.to_string(),
        _ => EdPath::Dashboard.href(lang),
    }
}

fn is_editor_path(next: &str) -> bool {
    let (path, query) = next.split_once('?').unwrap_or((next, ""));
    let in_area = ["/redaktion", "/en/editor"].iter().any(|base| {
        path.strip_prefix(base)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    });
    in_area
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/-_.".contains(&b))
        && !path.contains("//")
        && !path.split('/').any(|segment| segment == "." || segment == "..")
        && query
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.~%=&+".contains(&b))
}

fn query_value(query: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// What the log says of a typed user name: a short hash, never the text, which
/// may be a password typed into the wrong field.
fn account_ref(username: &str) -> String {
    session::secret_hash(username)[..12].to_string()
}

/// A stored timestamp as people read it, to the minute: "2026-11-25 08:26".
///
/// Stored times are UTC; editors read them in Swedish time.
fn stamp(at: &str) -> String {
    let tz = jiff::tz::TimeZone::get("Europe/Stockholm").unwrap_or(jiff::tz::TimeZone::UTC);
    match at.parse::<jiff::Timestamp>() {
        Ok(t) => t.to_zoned(tz).strftime("%Y-%m-%d %H:%M").to_string(),
        Err(_) => at.get(..16).unwrap_or(at).replace('T', " "),
    }
}

// ---------------------------------------------------------------- login

#[derive(Template)]
#[template(path = "editor_login.html")]
pub struct LoginPage {
    pub layout: Layout,
    pub action: String,
    pub token: String,
    pub next: String,
    pub username: String,
    pub error: Option<String>,
}

/// A password hash to check against when the account does not exist, so that
/// the answer takes as long either way and does not tell which names exist.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password("no account has this password").unwrap_or_default());

fn login_page(
    lang: Lang,
    state: &AppState,
    status: StatusCode,
    next: &str,
    username: &str,
    error: Option<String>,
) -> Response {
    let token = session::new_secret();
    let secure = state.config.secure_cookies();
    let page = LoginPage {
        layout: Layout::new(
            lang,
            lang.t("editor-login-title"),
            EdPath::Login.route(),
            None,
            None,
        ),
        action: EdPath::Login.href(lang),
        token: token.clone(),
        next: next.to_string(),
        username: username.to_string(),
        error,
    };
    let mut response = render(lang, status, &page);
    response.headers_mut().append(
        header::SET_COOKIE,
        session::set_cookie(
            session::login_cookie_name(secure),
            &token,
            std::time::Duration::from_secs(3600),
            secure,
        ),
    );
    response
}

pub async fn login_form(lang: Lang, state: AppState, headers: HeaderMap, query: Option<String>) -> Response {
    let next = safe_next(lang, query_value(query.as_deref(), "next").as_deref());
    if let Ok(Some(_)) = session::current(&state, &headers).await {
        return see_other(&next);
    }
    login_page(lang, &state, StatusCode::OK, &next, "", None)
}

pub async fn login(lang: Lang, state: AppState, request: axum::extract::Request) -> Response {
    let ip = crate::http::net::client_ip(
        request.extensions(),
        request.headers(),
        &state.config.trusted_proxies,
    );
    let (parts, body) = request.into_parts();
    let headers = parts.headers;
    let body = match axum::body::to_bytes(body, crate::MAX_BODY).await {
        Ok(b) => b,
        Err(_) => return refusal(lang, StatusCode::PAYLOAD_TOO_LARGE, "too-large", None),
    };
    let secure = state.config.secure_cookies();
    let form = FormData::parse(&body);
    let next = safe_next(lang, form.get("next"));
    let username = form.text("username");
    let password = form.get("password").unwrap_or("");
    let cookie_token = session::cookie(&headers, session::login_cookie_name(secure));
    let token_ok =
        matches!((form.get("csrf"), cookie_token), (Some(f), Some(c)) if session::same_secret(f, c));
    if !session::same_site(&headers, state.config.public_url.as_deref()) || !token_ok {
        return login_page(
            lang,
            &state,
            StatusCode::FORBIDDEN,
            &next,
            &username,
            Some(lang.t("editor-login-expired")),
        );
    }
    // The attempt counts from here, before the slow hash, so that a burst of
    // simultaneous guesses is counted as it arrives.
    let attempt = match state.limiter.reserve(&username, ip) {
        Ok(attempt) => attempt,
        Err(wait) => {
            let minutes = wait.as_secs().div_ceil(60).max(1);
            tracing::warn!(%ip, account = %account_ref(&username), "login refused: too many failed attempts");
            return login_page(
                lang,
                &state,
                StatusCode::TOO_MANY_REQUESTS,
                &next,
                &username,
                Some(lang.t1("editor-login-too-many", "minutes", minutes)),
            );
        }
    };
    let credentials = match state.store.credentials(&username).await {
        Ok(c) => c,
        Err(e) => {
            state.limiter.cancel(attempt);
            return internal(lang, &e);
        }
    };
    let (hash, user) = match credentials {
        Some((user, hash)) => (hash, Some(user)),
        None => (DUMMY_HASH.clone(), None),
    };
    let password = password.to_string();
    let Some(matches) = state
        .hash_gate
        .run(move || verify_password(&password, &hash))
        .await
    else {
        state.limiter.cancel(attempt);
        tracing::warn!(%ip, "login refused: every core is busy hashing passwords");
        let mut busy = login_page(
            lang,
            &state,
            StatusCode::SERVICE_UNAVAILABLE,
            &next,
            &username,
            Some(lang.t("editor-login-busy")),
        );
        busy.headers_mut()
            .insert(header::RETRY_AFTER, axum::http::HeaderValue::from_static("5"));
        return busy;
    };
    let user = user.filter(|u| matches && !u.disabled);
    let Some(user) = user else {
        // The reservation stays: it was a failure.
        tracing::info!(%ip, account = %account_ref(&username), "failed login");
        return login_page(
            lang,
            &state,
            StatusCode::UNAUTHORIZED,
            &next,
            &username,
            Some(lang.t("editor-login-failed")),
        );
    };
    state.limiter.succeeded(attempt);
    let secret = session::new_secret();
    let created = state
        .store
        .create_session(
            &session::secret_hash(&secret),
            &user.username,
            &session::new_secret(),
            session::SESSION_LIFETIME,
            session::MAX_SESSIONS_PER_ACCOUNT,
        )
        .await;
    if let Err(e) = created {
        return internal(lang, &e);
    }
    tracing::info!(username = user.username, "signed in");
    let mut response = see_other(&next);
    let cookies = response.headers_mut();
    cookies.append(
        header::SET_COOKIE,
        session::set_cookie(
            session::cookie_name(secure),
            &secret,
            session::SESSION_LIFETIME,
            secure,
        ),
    );
    cookies.append(
        header::SET_COOKIE,
        session::set_cookie(
            session::login_cookie_name(secure),
            "",
            std::time::Duration::ZERO,
            secure,
        ),
    );
    response
}

pub async fn logout(lang: Lang, state: AppState, headers: HeaderMap, body: Bytes) -> Response {
    let (_, hash, _) = match poster(lang, &state, &headers, &body, Role::Editor).await {
        Ok(ok) => ok,
        Err(refused) => return refused,
    };
    if let Err(e) = state.store.end_session(&hash).await {
        return internal(lang, &e);
    }
    signed_out(&state, &Route::Home.href(lang))
}

/// Sends a browser whose session has ended to `to`, removing its cookie.
fn signed_out(state: &AppState, to: &str) -> Response {
    let secure = state.config.secure_cookies();
    let mut response = see_other(to);
    response.headers_mut().append(
        header::SET_COOKIE,
        session::set_cookie(
            session::cookie_name(secure),
            "",
            std::time::Duration::ZERO,
            secure,
        ),
    );
    response
}

// ---------------------------------------------------------------- sign-ins

/// One of the signed-in account's sessions.
pub struct SignIn {
    pub created: String,
    pub expires: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "editor_sessions.html")]
pub struct SessionsPage {
    pub layout: Layout,
    pub csrf: String,
    pub sessions: Vec<SignIn>,
    pub max: u32,
    pub end_action: String,
}

/// `/redaktion/inloggningar`: where the account is signed in, with a way to
/// sign out everywhere (after a lost laptop, or a shared computer).
pub async fn sessions(lang: Lang, state: AppState, headers: HeaderMap) -> Response {
    let here = EdPath::Sessions.href(lang);
    let session = match viewer(lang, &state, &headers, Role::Editor, &here).await {
        Ok(s) => s,
        Err(refused) => return refused,
    };
    let current = session::cookie(&headers, session::cookie_name(state.config.secure_cookies()))
        .map(session::secret_hash);
    let live = match state.store.sessions_of(&session.user.username).await {
        Ok(live) => live,
        Err(e) => return internal(lang, &e),
    };
    let page = SessionsPage {
        layout: layout(lang, lang.t("editor-sessions-title"), EdPath::Sessions, &session),
        csrf: session.csrf.clone(),
        sessions: live
            .into_iter()
            .map(|s| SignIn {
                current: current.as_deref() == Some(s.secret_hash.as_str()),
                created: stamp(&s.created_at),
                expires: stamp(&s.expires_at),
            })
            .collect(),
        max: session::MAX_SESSIONS_PER_ACCOUNT,
        end_action: EdPath::EndSessions.href(lang),
    };
    render(lang, StatusCode::OK, &page)
}

/// Ends every session of the account, this one too, and goes to the login page.
pub async fn end_sessions(lang: Lang, state: AppState, headers: HeaderMap, body: Bytes) -> Response {
    let (session, _, _) = match poster(lang, &state, &headers, &body, Role::Editor).await {
        Ok(ok) => ok,
        Err(refused) => return refused,
    };
    if let Err(e) = state.store.end_sessions_of(&session.user.username).await {
        return internal(lang, &e);
    }
    tracing::info!(username = session.user.username, "signed out everywhere");
    signed_out(&state, &EdPath::Login.href(lang))
}

// ---------------------------------------------------------------- dashboard

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

pub async fn dashboard(lang: Lang, state: AppState, headers: HeaderMap, query: Option<String>) -> Response {
    let session = match viewer(
        lang,
        &state,
        &headers,
        Role::Editor,
        &EdPath::Dashboard.href(lang),
    )
    .await
    {
        Ok(s) => s,
        Err(refused) => return refused,
    };
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
    let kind_of =
        |f: &samverkan_domain::check::Finding| EntryKind::parse(f.entry_kind).unwrap_or(EntryKind::Grant);
    let stale: Vec<Item> = of(FindingKind::Stale)
        .take(LIST_CAP)
        .map(|f| {
            let since = f.verified.map(|d| lang.date(&d)).unwrap_or_default();
            item(
                kind_of(f),
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
                kind_of(f),
                f.id.as_str(),
                lang.t1("editor-missing", "field", field),
            )
        })
        .collect();
    let used = links_in(&catalog);
    let checks = match state.store.link_checks().await {
        Ok(c) => c,
        Err(e) => return internal(lang, &e),
    };
    let last_link_check = checks
        .iter()
        .map(|c| c.checked_at.as_str())
        .max()
        .map(|at| stamp(at) + " UTC");
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
    let retired = match state.store.retired_entries().await {
        Ok(all) => all
            .into_iter()
            .filter(|e| forms::EDITABLE.contains(&e.entry.kind()))
            .take(LIST_CAP)
            .map(|e| Item {
                href: EdPath::History(e.entry.kind(), e.entry.id().to_string()).href(lang),
                text: e.entry.title().to_string(),
                detail: lang.t(&format!("editor-kind-{}", e.entry.kind().as_str())),
            })
            .collect(),
        Err(e) => return internal(lang, &e),
    };
    let changes = match state.store.recent_revisions(20).await {
        Ok(revs) => revs
            .into_iter()
            .map(|r| {
                let kind = r.kind;
                Item {
                    href: EdPath::History(kind, r.entry_id.clone()).href(lang),
                    text: r.title().to_string(),
                    detail: format!(
                        "{} · {} · {}",
                        lang.t(&format!("change-{}", r.action.as_str())),
                        r.author,
                        stamp(&r.at)
                    ),
                }
            })
            .collect(),
        Err(e) => return internal(lang, &e),
    };
    let notice = query_value(query.as_deref(), "klart")
        .filter(|k| ["link-check", "link-check-running", "retired"].contains(&k.as_str()))
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
    render(lang, StatusCode::OK, &page)
}

pub async fn start_link_check(lang: Lang, state: AppState, headers: HeaderMap, body: Bytes) -> Response {
    if let Err(refused) = poster(lang, &state, &headers, &body, Role::Editor).await {
        return refused;
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

// ---------------------------------------------------------------- lists

pub struct Row {
    pub href: String,
    pub history_href: String,
    pub title: String,
    pub id: String,
    pub verified: String,
}

#[derive(Template)]
#[template(path = "editor_list.html")]
pub struct ListPage {
    pub layout: Layout,
    pub heading: String,
    pub q: String,
    pub rows: Vec<Row>,
    pub total: usize,
    pub shown_note: Option<String>,
    pub new_href: String,
    pub new_label: String,
}

pub async fn list(
    lang: Lang,
    kind: EntryKind,
    state: AppState,
    headers: HeaderMap,
    query: Option<String>,
) -> Response {
    let here = EdPath::List(kind);
    let session = match viewer(lang, &state, &headers, Role::Editor, &here.href(lang)).await {
        Ok(s) => s,
        Err(refused) => return refused,
    };
    let q = query_value(query.as_deref(), "q").unwrap_or_default();
    let needle = q.trim().to_lowercase();
    let catalog = state.catalog();
    let all: Vec<(String, String, jiff::civil::Date)> = match kind {
        EntryKind::Actor => catalog
            .actors()
            .iter()
            .map(|a| (a.id.to_string(), a.name.clone(), a.verified))
            .collect(),
        EntryKind::Grant => catalog
            .grants()
            .iter()
            .map(|g| (g.id.to_string(), g.title.clone(), g.verified))
            .collect(),
        _ => catalog
            .initiatives()
            .iter()
            .map(|i| (i.id.to_string(), i.name.clone(), i.verified))
            .collect(),
    };
    let matching: Vec<_> = all
        .into_iter()
        .filter(|(id, title, _)| {
            needle.is_empty() || id.contains(&needle) || title.to_lowercase().contains(&needle)
        })
        .collect();
    let total = matching.len();
    const SHOWN: usize = 200;
    let rows = matching
        .into_iter()
        .take(SHOWN)
        .map(|(id, title, verified)| Row {
            href: EdPath::Edit(kind, id.clone()).href(lang),
            history_href: EdPath::History(kind, id.clone()).href(lang),
            title,
            id,
            verified: lang.date(&verified),
        })
        .collect();
    let page = ListPage {
        layout: layout(
            lang,
            lang.t(&format!("editor-list-{}", kind.as_str())),
            here,
            &session,
        ),
        heading: lang.t(&format!("editor-list-{}", kind.as_str())),
        q,
        rows,
        total,
        shown_note: (total > SHOWN).then(|| lang.t1("editor-list-capped", "shown", SHOWN)),
        new_href: EdPath::New(kind).href(lang),
        new_label: lang.t(&format!("editor-new-{}", kind.as_str())),
    };
    render(lang, StatusCode::OK, &page)
}

// ---------------------------------------------------------------- forms

/// A field as the form template prints it.
pub struct FieldView {
    pub name: String,
    pub label: String,
    pub help: String,
    pub widget: &'static str,
    pub value: String,
    pub required: bool,
    pub errors: Vec<String>,
    pub choices: Vec<Choice>,
    pub roles: Vec<RoleView>,
}

/// One area's role choice in an actor's form.
pub struct RoleView {
    pub name: String,
    pub label: String,
    pub choices: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "editor_form.html")]
pub struct FormPage {
    pub layout: Layout,
    pub heading: String,
    pub action: String,
    pub csrf: String,
    pub version: Option<i64>,
    pub fields: Vec<FieldView>,
    pub summary: Vec<(String, String)>,
    pub general: Vec<String>,
    pub notice: Option<String>,
    pub comment: String,
    /// For an existing entry: its public page, history, and the one-click forms.
    pub existing: Option<Existing>,
}

pub struct Existing {
    pub public_href: Option<String>,
    pub history_href: String,
    pub verified_action: String,
    pub retire_action: String,
    pub verified: String,
}

fn field_views(
    lang: Lang,
    fields: &[Field],
    form: &FormData,
    problems: &Problems,
    existing: bool,
) -> Vec<FieldView> {
    fields
        .iter()
        .map(|f| {
            let name = f.name.to_string();
            let chosen = form.all(f.name);
            let choice = |(value, label): &(String, String)| Choice {
                checked: chosen.contains(&value.as_str()),
                value: value.clone(),
                label: label.clone(),
            };
            let (widget, choices, roles) = match &f.widget {
                Widget::Id if existing => ("fixed", vec![], vec![]),
                Widget::Id | Widget::Text => ("text", vec![], vec![]),
                Widget::Textarea | Widget::Lines => ("textarea", vec![], vec![]),
                Widget::Url => ("url", vec![], vec![]),
                Widget::Date => ("date", vec![], vec![]),
                Widget::Deadline => ("text", vec![], vec![]),
                Widget::Select(options) => ("select", options.iter().map(choice).collect(), vec![]),
                Widget::Checkboxes(options) => ("checkboxes", options.iter().map(choice).collect(), vec![]),
                Widget::Flag => (
                    "checkboxes",
                    vec![choice(&(
                        "yes".to_string(),
                        lang.t(&format!("field-{}-yes", f.name)),
                    ))],
                    vec![],
                ),
                Widget::YesNo => (
                    "select",
                    [
                        ("", "field-yesno-unknown"),
                        ("yes", "field-yesno-yes"),
                        ("no", "field-yesno-no"),
                    ]
                    .into_iter()
                    .map(|(v, key)| Choice {
                        checked: form.get(f.name).unwrap_or("") == v,
                        value: v.to_string(),
                        label: lang.t(key),
                    })
                    .collect(),
                    vec![],
                ),
                Widget::AreaRoles(areas) => (
                    "roles",
                    vec![],
                    areas
                        .iter()
                        .map(|(area, label)| {
                            let current = form.get(&format!("areas.{area}")).unwrap_or("");
                            RoleView {
                                name: format!("areas.{area}"),
                                label: label.clone(),
                                choices: [
                                    ("", "role-none"),
                                    ("contributes", "role-contributes"),
                                    ("responsible", "role-responsible"),
                                ]
                                .into_iter()
                                .map(|(v, key)| Choice {
                                    checked: current == v,
                                    value: v.to_string(),
                                    label: lang.t(key),
                                })
                                .collect(),
                            }
                        })
                        .collect(),
                ),
            };
            let help_key = format!("field-{name}-help");
            FieldView {
                label: lang.t(&format!("field-{name}")),
                help: if lang.has(&help_key) {
                    lang.t(&help_key)
                } else {
                    String::new()
                },
                widget,
                value: form.get(f.name).unwrap_or("").to_string(),
                required: f.required,
                errors: problems.get(f.name).cloned().unwrap_or_default(),
                choices,
                roles,
                name,
            }
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn form_page(
    lang: Lang,
    kind: EntryKind,
    state: &AppState,
    session: &Session,
    id: Option<&str>,
    version: Option<i64>,
    form: &FormData,
    problems: &Problems,
    notice: Option<String>,
    status: StatusCode,
) -> Response {
    let catalog = state.catalog();
    let fields = forms::fields(kind, &catalog, lang);
    let views = field_views(lang, &fields, form, problems, id.is_some());
    let summary = views
        .iter()
        .flat_map(|v| {
            v.errors
                .iter()
                .map(move |e| (v.name.clone(), format!("{}: {e}", v.label)))
        })
        .collect();
    let (heading, here, action) = match id {
        Some(id) => (
            lang.t1(
                "editor-edit-heading",
                "title",
                form.text(if kind == EntryKind::Grant { "title" } else { "name" }),
            ),
            EdPath::Edit(kind, id.to_string()),
            EdPath::Edit(kind, id.to_string()).href(lang),
        ),
        None => (
            lang.t(&format!("editor-new-{}", kind.as_str())),
            EdPath::New(kind),
            EdPath::New(kind).href(lang),
        ),
    };
    let existing = id.map(|id| Existing {
        public_href: match kind {
            EntryKind::Actor => Some(Route::Actor(id.to_string()).href(lang)),
            EntryKind::Grant => Some(Route::Grant(id.to_string()).href(lang)),
            EntryKind::Initiative => Some(Route::Initiative(id.to_string()).href(lang)),
            _ => None,
        },
        history_href: EdPath::History(kind, id.to_string()).href(lang),
        verified_action: EdPath::Verified(kind, id.to_string()).href(lang),
        retire_action: EdPath::Retire(kind, id.to_string()).href(lang),
        verified: form.text("verified"),
    });
    let mut title = heading.clone();
    if !problems.is_empty() {
        title = format!("{} {title}", lang.t("editor-error-prefix"));
    }
    let page = FormPage {
        layout: layout(lang, title, here, session),
        heading,
        action,
        csrf: session.csrf.clone(),
        version,
        fields: views,
        summary,
        general: problems.get("").cloned().unwrap_or_default(),
        notice,
        comment: form.text("comment"),
        existing,
    };
    render(lang, status, &page)
}

pub async fn new_form(lang: Lang, kind: EntryKind, state: AppState, headers: HeaderMap) -> Response {
    let session = match viewer(
        lang,
        &state,
        &headers,
        Role::Editor,
        &EdPath::New(kind).href(lang),
    )
    .await
    {
        Ok(s) => s,
        Err(refused) => return refused,
    };
    let form = FormData(vec![("verified".into(), today_in_sweden().to_string())]);
    form_page(
        lang,
        kind,
        &state,
        &session,
        None,
        None,
        &form,
        &Problems::new(),
        None,
        StatusCode::OK,
    )
}

pub async fn create(
    lang: Lang,
    kind: EntryKind,
    state: AppState,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (session, _, form) = match poster(lang, &state, &headers, &body, Role::Editor).await {
        Ok(ok) => ok,
        Err(refused) => return refused,
    };
    let fields = forms::fields(kind, &state.catalog(), lang);
    let entry = match forms::read_entry(kind, &fields, &form, None, lang) {
        Ok(e) => e,
        Err(problems) => {
            return form_page(
                lang,
                kind,
                &state,
                &session,
                None,
                None,
                &form,
                &problems,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    let id = entry.id().to_string();
    let comment = form.text("comment");
    let change = Change {
        author: &session.user.username,
        comment: &comment,
    };
    match state.store.put(entry, Expect::New, &change).await {
        Ok(_) => {
            state.reload_after_write().await;
            see_other(&format!("{}?klart=created", EdPath::Edit(kind, id).href(lang)))
        }
        Err(StoreError::Conflict { .. }) => {
            let problems = Problems::from([("id".to_string(), vec![lang.t("form-error-id-taken")])]);
            form_page(
                lang,
                kind,
                &state,
                &session,
                None,
                None,
                &form,
                &problems,
                None,
                StatusCode::CONFLICT,
            )
        }
        Err(StoreError::Invalid(errors)) => {
            let problems = forms::problems_of(&errors.0, &fields);
            form_page(
                lang,
                kind,
                &state,
                &session,
                None,
                None,
                &form,
                &problems,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(e) => internal(lang, &e),
    }
}

pub async fn edit_form(
    lang: Lang,
    kind: EntryKind,
    state: AppState,
    headers: HeaderMap,
    id: String,
    query: Option<String>,
) -> Response {
    let here = EdPath::Edit(kind, id.clone()).href(lang);
    let session = match viewer(lang, &state, &headers, Role::Editor, &here).await {
        Ok(s) => s,
        Err(refused) => return refused,
    };
    let stored = match state.store.get(kind, &id).await {
        Ok(Some(s)) => s,
        Ok(None) => return refusal(lang, StatusCode::NOT_FOUND, "not-found", None),
        Err(e) => return internal(lang, &e),
    };
    if stored.retired {
        return see_other(&EdPath::History(kind, id).href(lang));
    }
    let fields = forms::fields(kind, &state.catalog(), lang);
    let form = forms::values_of(&stored.entry, &fields);
    let notice = query_value(query.as_deref(), "klart")
        .filter(|k| ["created", "saved", "verified", "unchanged"].contains(&k.as_str()))
        .map(|k| lang.t1(&format!("editor-done-{k}"), "version", stored.version));
    form_page(
        lang,
        kind,
        &state,
        &session,
        Some(&id),
        Some(stored.version),
        &form,
        &Problems::new(),
        notice,
        StatusCode::OK,
    )
}

fn version_of(form: &FormData) -> Option<i64> {
    form.get("version")
        .and_then(|v| v.trim().parse().ok())
        .filter(|v| *v >= 1)
}

/// The checked form, its version and the current entry behind a POST that
/// changes an existing entry.
async fn change_of(
    lang: Lang,
    kind: EntryKind,
    state: &AppState,
    headers: &HeaderMap,
    id: &str,
    body: &Bytes,
) -> Result<(Session, FormData, i64, samverkan_store::StoredEntry), Response> {
    let (session, _, form) = poster(lang, state, headers, body, Role::Editor).await?;
    let Some(version) = version_of(&form) else {
        return Err(refusal(lang, StatusCode::BAD_REQUEST, "no-version", None));
    };
    match state.store.get(kind, id).await {
        Ok(Some(s)) if !s.retired => Ok((session, form, version, s)),
        Ok(_) => Err(refusal(lang, StatusCode::NOT_FOUND, "not-found", None)),
        Err(e) => Err(internal(lang, &e)),
    }
}

pub async fn save(
    lang: Lang,
    kind: EntryKind,
    state: AppState,
    headers: HeaderMap,
    id: String,
    body: Bytes,
) -> Response {
    let (session, form, version, stored) = match change_of(lang, kind, &state, &headers, &id, &body).await {
        Ok(found) => found,
        Err(refused) => return refused,
    };
    let fields = forms::fields(kind, &state.catalog(), lang);
    let show = |problems: &Problems, status| {
        form_page(
            lang,
            kind,
            &state,
            &session,
            Some(&id),
            Some(version),
            &form,
            problems,
            None,
            status,
        )
    };
    let entry = match forms::read_entry(kind, &fields, &form, Some(&stored.entry), lang) {
        Ok(e) => e,
        Err(problems) => return show(&problems, StatusCode::UNPROCESSABLE_ENTITY),
    };
    let comment = form.text("comment");
    let change = Change {
        author: &session.user.username,
        comment: &comment,
    };
    match state.store.put(entry, Expect::Version(version), &change).await {
        Ok(new_version) => {
            state.reload_after_write().await;
            let done = if new_version == version {
                "unchanged"
            } else {
                "saved"
            };
            see_other(&format!(
                "{}?klart={done}",
                EdPath::Edit(kind, id.clone()).href(lang)
            ))
        }
        Err(StoreError::Conflict { actual, .. }) => {
            let message = lang.t1("editor-conflict", "version", actual);
            show(
                &Problems::from([(String::new(), vec![message])]),
                StatusCode::CONFLICT,
            )
        }
        Err(StoreError::Invalid(errors)) => show(
            &forms::problems_of(&errors.0, &fields),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(StoreError::NotFound { .. }) => refusal(lang, StatusCode::NOT_FOUND, "not-found", None),
        Err(e) => internal(lang, &e),
    }
}

pub async fn mark_verified(
    lang: Lang,
    kind: EntryKind,
    state: AppState,
    headers: HeaderMap,
    id: String,
    body: Bytes,
) -> Response {
    let (session, _, version, stored) = match change_of(lang, kind, &state, &headers, &id, &body).await {
        Ok(found) => found,
        Err(refused) => return refused,
    };
    let mut json = stored.entry.to_json();
    json["verified"] = serde_json::Value::String(today_in_sweden().to_string());
    let entry = match Entry::from_json(kind, &json) {
        Ok(e) => e,
        Err(e) => return internal(lang, &e.message),
    };
    let comment = lang.t("editor-verified-comment");
    let change = Change {
        author: &session.user.username,
        comment: &comment,
    };
    match state.store.put(entry, Expect::Version(version), &change).await {
        Ok(_) => {
            state.reload_after_write().await;
            see_other(&format!("{}?klart=verified", EdPath::Edit(kind, id).href(lang)))
        }
        Err(StoreError::Conflict { actual, .. }) => refusal(
            lang,
            StatusCode::CONFLICT,
            "conflict",
            Some(lang.t1("editor-conflict", "version", actual)),
        ),
        Err(e) => internal(lang, &e),
    }
}

pub async fn retire(
    lang: Lang,
    kind: EntryKind,
    state: AppState,
    headers: HeaderMap,
    id: String,
    body: Bytes,
) -> Response {
    let (session, _, form) = match poster(lang, &state, &headers, &body, Role::Editor).await {
        Ok(ok) => ok,
        Err(refused) => return refused,
    };
    let Some(version) = version_of(&form) else {
        return refusal(lang, StatusCode::BAD_REQUEST, "no-version", None);
    };
    let comment = form.text("comment");
    let change = Change {
        author: &session.user.username,
        comment: &comment,
    };
    match state
        .store
        .retire(kind, &id, Expect::Version(version), &change)
        .await
    {
        Ok(_) => {
            state.reload_after_write().await;
            see_other(&format!("{}?klart=retired", EdPath::Dashboard.href(lang)))
        }
        Err(StoreError::Conflict { actual, .. }) => refusal(
            lang,
            StatusCode::CONFLICT,
            "conflict",
            Some(lang.t1("editor-conflict", "version", actual)),
        ),
        Err(StoreError::Invalid(errors)) => {
            refusal(lang, StatusCode::CONFLICT, "in-use", Some(errors.to_string()))
        }
        Err(StoreError::NotFound { .. }) => refusal(lang, StatusCode::NOT_FOUND, "not-found", None),
        Err(e) => internal(lang, &e),
    }
}

// ---------------------------------------------------------------- history

pub struct ChangeRow {
    pub field: String,
    pub segments: Vec<Segment>,
}

pub struct RevisionView {
    pub id: i64,
    pub version: i64,
    pub action: String,
    pub author: String,
    pub at: String,
    pub comment: String,
    pub changes: Vec<ChangeRow>,
    /// The restore form's target, unless this is how the entry is now.
    pub restore_action: Option<String>,
}

#[derive(Template)]
#[template(path = "editor_history.html")]
pub struct HistoryPage {
    pub layout: Layout,
    pub heading: String,
    pub csrf: String,
    pub retired: bool,
    pub edit_href: Option<String>,
    pub revisions: Vec<RevisionView>,
}

pub async fn history(
    lang: Lang,
    kind: EntryKind,
    state: AppState,
    headers: HeaderMap,
    id: String,
) -> Response {
    let here = EdPath::History(kind, id.clone());
    let session = match viewer(lang, &state, &headers, Role::Editor, &here.href(lang)).await {
        Ok(s) => s,
        Err(refused) => return refused,
    };
    let revisions: Vec<Revision> = match state.store.history(kind, &id).await {
        Ok(r) if !r.is_empty() => r,
        Ok(_) => return refusal(lang, StatusCode::NOT_FOUND, "not-found", None),
        Err(e) => return internal(lang, &e),
    };
    let fields = forms::fields(kind, &state.catalog(), lang);
    let order: Vec<&str> = fields.iter().map(|f| f.name).collect();
    let latest = revisions.last().map(|r| r.id);
    let retired = revisions.last().is_some_and(|r| r.retired);
    let title = revisions
        .last()
        .map(|r| r.title().to_string())
        .unwrap_or_else(|| id.clone());
    let views = revisions
        .iter()
        .rev()
        .map(|r| RevisionView {
            id: r.id,
            version: r.version,
            action: lang.t(&format!("change-{}", r.action.as_str())),
            author: r.author.clone(),
            at: r.at.get(..19).unwrap_or(&r.at).replace('T', " ") + " UTC",
            comment: r.comment.clone(),
            changes: diff::changes(r.before.as_ref(), &r.after, &order)
                .into_iter()
                .map(|c| ChangeRow {
                    field: lang.t_or(&format!("field-{}", c.field), &c.field),
                    segments: c.segments,
                })
                .collect(),
            restore_action: (Some(r.id) != latest).then(|| EdPath::Restore(r.id.to_string()).href(lang)),
        })
        .collect();
    let page = HistoryPage {
        layout: layout(
            lang,
            lang.t1("editor-history-heading", "title", title.clone()),
            here,
            &session,
        ),
        heading: lang.t1("editor-history-heading", "title", title),
        csrf: session.csrf.clone(),
        retired,
        edit_href: (!retired).then(|| EdPath::Edit(kind, id.clone()).href(lang)),
        revisions: views,
    };
    render(lang, StatusCode::OK, &page)
}

pub async fn restore(lang: Lang, state: AppState, headers: HeaderMap, rev: String, body: Bytes) -> Response {
    let (session, _, form) = match poster(lang, &state, &headers, &body, Role::Editor).await {
        Ok(ok) => ok,
        Err(refused) => return refused,
    };
    let Ok(rev) = rev.parse::<i64>() else {
        return refusal(lang, StatusCode::NOT_FOUND, "not-found", None);
    };
    let revision = match state.store.revision(rev).await {
        Ok(Some(r)) => r,
        Ok(None) => return refusal(lang, StatusCode::NOT_FOUND, "not-found", None),
        Err(e) => return internal(lang, &e),
    };
    let Some(kind) = Some(revision.kind).filter(|k| forms::EDITABLE.contains(k)) else {
        return refusal(lang, StatusCode::NOT_FOUND, "not-found", None);
    };
    let mut comment = form.text("comment");
    if comment.is_empty() {
        comment = lang.t1("editor-restored-comment", "version", revision.version);
    }
    let change = Change {
        author: &session.user.username,
        comment: &comment,
    };
    match state.store.restore(rev, &change).await {
        Ok(_) => {
            state.reload_after_write().await;
            see_other(&EdPath::History(kind, revision.entry_id).href(lang))
        }
        Err(StoreError::Invalid(errors)) => refusal(
            lang,
            StatusCode::CONFLICT,
            "restore-invalid",
            Some(errors.to_string()),
        ),
        Err(e) => internal(lang, &e),
    }
}

// ---------------------------------------------------------------- accounts

pub struct AccountRow {
    pub username: String,
    pub role: String,
    pub disabled: bool,
    pub action: String,
    pub is_self: bool,
}

#[derive(Template)]
#[template(path = "editor_accounts.html")]
pub struct AccountsPage {
    pub layout: Layout,
    pub csrf: String,
    pub action: String,
    pub accounts: Vec<AccountRow>,
    pub username: String,
    pub role_admin: bool,
    pub errors: Vec<String>,
    pub notice: Option<String>,
    pub min_password: usize,
}

async fn accounts_page(
    lang: Lang,
    state: &AppState,
    session: &Session,
    form: Option<&FormData>,
    errors: Vec<String>,
    notice: Option<String>,
    status: StatusCode,
) -> Response {
    let users = match state.store.users().await {
        Ok(u) => u,
        Err(e) => return internal(lang, &e),
    };
    let page = AccountsPage {
        layout: layout(lang, lang.t("editor-accounts-title"), EdPath::Accounts, session),
        csrf: session.csrf.clone(),
        action: EdPath::Accounts.href(lang),
        accounts: users
            .into_iter()
            .map(|u| AccountRow {
                action: EdPath::AccountStatus(u.username.clone()).href(lang),
                is_self: u.username == session.user.username,
                role: lang.t(&format!("account-role-{}", u.role.as_str())),
                disabled: u.disabled,
                username: u.username,
            })
            .collect(),
        username: form.map(|f| f.text("username")).unwrap_or_default(),
        role_admin: form.is_some_and(|f| f.get("role") == Some("admin")),
        errors,
        notice,
        min_password: crate::auth::MIN_PASSWORD_CHARS,
    };
    render(lang, status, &page)
}

pub async fn accounts(lang: Lang, state: AppState, headers: HeaderMap) -> Response {
    match viewer(lang, &state, &headers, Role::Admin, &EdPath::Accounts.href(lang)).await {
        Ok(session) => accounts_page(lang, &state, &session, None, vec![], None, StatusCode::OK).await,
        Err(refused) => refused,
    }
}

pub async fn create_account(lang: Lang, state: AppState, headers: HeaderMap, body: Bytes) -> Response {
    let (session, _, form) = match poster(lang, &state, &headers, &body, Role::Admin).await {
        Ok(ok) => ok,
        Err(refused) => return refused,
    };
    let username = form.text("username");
    let role = Role::parse(form.get("role").unwrap_or("")).unwrap_or(Role::Editor);
    let password = form.get("password").unwrap_or("").to_string();
    let mut errors = Vec::new();
    if check_username(&username).is_err() {
        errors.push(lang.t("account-error-username"));
    }
    if form.get("password") != form.get("password2") {
        errors.push(lang.t("account-error-mismatch"));
    }
    let chars = password.chars().count();
    if !(crate::auth::MIN_PASSWORD_CHARS..=crate::auth::MAX_PASSWORD_CHARS).contains(&chars) {
        errors.push(lang.t1("account-error-length", "min", crate::auth::MIN_PASSWORD_CHARS));
    }
    if !errors.is_empty() {
        return accounts_page(
            lang,
            &state,
            &session,
            Some(&form),
            errors,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let hash = match tokio::task::spawn_blocking(move || hash_password(&password)).await {
        Ok(Ok(h)) => h,
        Ok(Err(e)) => return internal(lang, &e),
        Err(e) => return internal(lang, &e),
    };
    match state.store.create_user(&username, role, &hash).await {
        Ok(_) => {
            tracing::info!(username, by = session.user.username, "account created");
            let notice = lang.t1("account-created", "name", username);
            accounts_page(
                lang,
                &state,
                &session,
                None,
                vec![],
                Some(notice),
                StatusCode::CREATED,
            )
            .await
        }
        Err(StoreError::UserExists(_)) => {
            let errors = vec![lang.t("account-error-exists")];
            accounts_page(
                lang,
                &state,
                &session,
                Some(&form),
                errors,
                None,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => internal(lang, &e),
    }
}

pub async fn account_status(
    lang: Lang,
    state: AppState,
    headers: HeaderMap,
    name: String,
    body: Bytes,
) -> Response {
    let (session, _, form) = match poster(lang, &state, &headers, &body, Role::Admin).await {
        Ok(ok) => ok,
        Err(refused) => return refused,
    };
    let disable = match form.get("action") {
        Some("disable") => true,
        Some("enable") => false,
        _ => return refusal(lang, StatusCode::BAD_REQUEST, "bad-form", None),
    };
    if disable && name == session.user.username {
        return refusal(lang, StatusCode::CONFLICT, "disable-self", None);
    }
    match state.store.set_disabled(&name, disable).await {
        Ok(()) => {
            tracing::info!(
                username = name,
                disable,
                by = session.user.username,
                "account status changed"
            );
            see_other(&EdPath::Accounts.href(lang))
        }
        Err(StoreError::NoUser(_)) => refusal(lang, StatusCode::NOT_FOUND, "not-found", None),
        Err(e) => internal(lang, &e),
    }
}

// ---------------------------------------------------------------- API tokens

pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub username: String,
    pub created: String,
    pub created_by: String,
    pub revoked: Option<String>,
    pub action: String,
}

#[derive(Template)]
#[template(path = "editor_tokens.html")]
pub struct TokensPage {
    pub layout: Layout,
    pub csrf: String,
    pub action: String,
    pub tokens: Vec<TokenRow>,
    pub accounts: Vec<Choice>,
    pub name: String,
    pub errors: Vec<String>,
    /// A token just made: shown this once, never again.
    pub new_token: Option<String>,
}

async fn tokens_page(
    lang: Lang,
    state: &AppState,
    session: &Session,
    form: Option<&FormData>,
    errors: Vec<String>,
    new_token: Option<String>,
    status: StatusCode,
) -> Response {
    let (tokens, users) = match (state.store.tokens().await, state.store.users().await) {
        (Ok(t), Ok(u)) => (t, u),
        (Err(e), _) | (_, Err(e)) => return internal(lang, &e),
    };
    let chosen = form
        .and_then(|f| f.get("username"))
        .unwrap_or(&session.user.username);
    let page = TokensPage {
        layout: layout(lang, lang.t("editor-tokens-title"), EdPath::Tokens, session),
        csrf: session.csrf.clone(),
        action: EdPath::Tokens.href(lang),
        tokens: tokens
            .into_iter()
            .map(|t| TokenRow {
                action: EdPath::RevokeToken(t.id.to_string()).href(lang),
                id: t.id,
                name: t.name,
                username: t.username,
                created: stamp(&t.created_at),
                created_by: t.created_by,
                revoked: t.revoked_at.as_deref().map(stamp),
            })
            .collect(),
        accounts: users
            .into_iter()
            .filter(|u| !u.disabled)
            .map(|u| Choice {
                checked: u.username == chosen,
                label: u.username.clone(),
                value: u.username,
            })
            .collect(),
        name: form.map(|f| f.text("name")).unwrap_or_default(),
        errors,
        new_token,
    };
    render(lang, status, &page)
}

pub async fn tokens(lang: Lang, state: AppState, headers: HeaderMap) -> Response {
    match viewer(lang, &state, &headers, Role::Admin, &EdPath::Tokens.href(lang)).await {
        Ok(session) => tokens_page(lang, &state, &session, None, vec![], None, StatusCode::OK).await,
        Err(refused) => refused,
    }
}

pub async fn create_token(lang: Lang, state: AppState, headers: HeaderMap, body: Bytes) -> Response {
    let (session, _, form) = match poster(lang, &state, &headers, &body, Role::Admin).await {
        Ok(ok) => ok,
        Err(refused) => return refused,
    };
    let name = form.text("name");
    let username = form.text("username");
    let mut errors = Vec::new();
    let plain = samverkan_domain::text::check_text(&name, false).is_ok();
    if name.is_empty() || name.chars().count() > 100 || !plain {
        errors.push(lang.t("token-error-name"));
    }
    let account = match state.store.user(&username).await {
        Ok(u) => u.filter(|u| !u.disabled),
        Err(e) => return internal(lang, &e),
    };
    if account.is_none() {
        errors.push(lang.t("token-error-account"));
    }
    if !errors.is_empty() {
        return tokens_page(
            lang,
            &state,
            &session,
            Some(&form),
            errors,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let token = format!("{}{}", session::TOKEN_PREFIX, session::new_secret());
    match state
        .store
        .create_token(
            &name,
            &username,
            &session::secret_hash(&token),
            &session.user.username,
        )
        .await
    {
        Ok(t) => {
            tracing::info!(
                token = t.id,
                username,
                by = session.user.username,
                "API token created"
            );
            tokens_page(
                lang,
                &state,
                &session,
                None,
                vec![],
                Some(token),
                StatusCode::CREATED,
            )
            .await
        }
        Err(e) => internal(lang, &e),
    }
}

pub async fn revoke_token(
    lang: Lang,
    state: AppState,
    headers: HeaderMap,
    id: String,
    body: Bytes,
) -> Response {
    let (session, _, _) = match poster(lang, &state, &headers, &body, Role::Admin).await {
        Ok(ok) => ok,
        Err(refused) => return refused,
    };
    let Ok(id) = id.parse::<i64>() else {
        return refusal(lang, StatusCode::NOT_FOUND, "not-found", None);
    };
    match state.store.revoke_token(id).await {
        Ok(()) => {
            tracing::info!(token = id, by = session.user.username, "API token revoked");
            see_other(&EdPath::Tokens.href(lang))
        }
        Err(StoreError::NoToken(_)) => refusal(lang, StatusCode::NOT_FOUND, "not-found", None),
        Err(e) => internal(lang, &e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_times_are_shown_in_swedish_time() {
        assert_eq!(stamp("2026-11-25T08:26:00.123456Z"), "2026-11-25 09:26");
        assert_eq!(stamp("2026-07-01T08:00:00Z"), "2026-07-01 10:00");
        assert_eq!(stamp("inte en tid"), "inte en tid");
    }

    #[test]
    fn only_paths_of_the_editors_area_are_returned_to_after_login() {
        for ok in [
            "/redaktion",
            "/redaktion/bidrag/boverket-stod",
            "/en/editor/grants?q=bo&page=2",
            "/redaktion/bidrag?q=f%C3%B6rening",
        ] {
            assert_eq!(safe_next(Lang::Sv, Some(ok)), ok);
        }
        // Known ways to make a browser leave the site, as the form hands
        // them over (already percent-decoded once).
        for bypass in [
            "//evil.example",
            "/\\evil.example",
            "/\\/evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/%09/evil.example",
            "/%2f%2fevil.example",
            "/%2F%2Fevil.example",
            "/%5cevil.example",
            "https://evil.example",
            "http:evil.example",
            "javascript:alert(1)",
            "/redaktion@evil.example",
            "//redaktion@evil.example",
            "/redaktion//evil.example",
            "/redaktion/../../evil",
            "/redaktionx",
            "/redaktion\\..\\x",
            "/ redaktion",
            "redaktion",
            "/bidrag",
            "/redaktion?next=//evil.example",
            "/redaktion?a=<script>",
            "",
        ] {
            assert_eq!(
                safe_next(Lang::Sv, Some(bypass)),
                "/redaktion",
                "{bypass:?} must not be a place to return to"
            );
        }
        assert_eq!(safe_next(Lang::En, None), "/en/editor");
    }
}
