//! Signing in and out: the login form (with its own double-submit token,
//! since there is no session yet), the guessing limits, logout, and the
//! account's list of sign-ins with "sign out everywhere".

use std::sync::LazyLock;

use askama::Template;
use axum::extract::{FromRef, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{Answer, layout, query_value, render, see_other, stamp};
use crate::auth::session;
use crate::auth::{Auth, CsrfForm, EditorSession, hash_password, verify_password};
use crate::html::{HtmlError, Layout, Refusal};
use crate::http::form::FormData;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::urls::{EdPath, Route, in_editor_area};

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
    in_editor_area(path)
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/-_.".contains(&b))
        && !path.contains("//")
        && !path.split('/').any(|segment| segment == "." || segment == "..")
        && query
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.~%=&+".contains(&b))
}

/// What the log says of a typed user name: a short hash, never the text, which
/// may be a password typed into the wrong field.
fn account_ref(username: &str) -> String {
    session::secret_hash(username)[..12].to_string()
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
    let mut response = match render(status, &page) {
        Ok(response) => response,
        Err(error) => return error.into_response(),
    };
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

pub async fn login_form(
    lang: Lang,
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let next = safe_next(lang, query_value(query.as_deref(), "next").as_deref());
    if let Ok(Some(_)) = session::current(&Auth::from_ref(&state), &headers).await {
        return see_other(&next);
    }
    login_page(lang, &state, StatusCode::OK, &next, "", None)
}

pub async fn login(lang: Lang, State(state): State<AppState>, request: axum::extract::Request) -> Response {
    let ip = crate::http::net::client_ip(
        request.extensions(),
        request.headers(),
        &state.config.trusted_proxies,
    );
    let (parts, body) = request.into_parts();
    let headers = parts.headers;
    let body = match axum::body::to_bytes(body, crate::MAX_BODY).await {
        Ok(b) => b,
        Err(_) => return HtmlError::editor(StatusCode::PAYLOAD_TOO_LARGE, Refusal::TooLarge).into_response(),
    };
    let secure = state.config.secure_cookies();
    let form = FormData::parse(&body);
    let next = safe_next(lang, form.get("next"));
    let username = form.text("username");
    let password = form.get("password").unwrap_or("");
    let cookie_token = session::cookie(&headers, session::login_cookie_name(secure));
    let token_ok =
        matches!((form.get("csrf"), cookie_token), (Some(f), Some(c)) if session::same_secret(f, &c));
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
            return HtmlError::internal(&e).into_response();
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
        return HtmlError::internal(&e).into_response();
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

pub async fn logout(lang: Lang, State(state): State<AppState>, CsrfForm { session, .. }: CsrfForm) -> Answer {
    state.store.end_session(&session.hash).await?;
    Ok(signed_out(&state, &Route::Home.href(lang)))
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
pub async fn sessions(
    lang: Lang,
    State(state): State<AppState>,
    session: EditorSession,
    headers: HeaderMap,
) -> Answer {
    let current = session::cookie(&headers, session::cookie_name(state.config.secure_cookies()))
        .map(|secret| session::secret_hash(&secret));
    let live = state.store.sessions_of(&session.user.username).await?;
    let page = SessionsPage {
        layout: layout(lang, lang.t("editor-sessions-title"), EdPath::Sessions, &session),
        csrf: session.csrf.clone(),
        sessions: live
            .into_iter()
            .map(|s| SignIn {
                current: current.as_deref() == Some(s.secret_hash.as_str()),
                created: stamp(s.created_at),
                expires: stamp(s.expires_at),
            })
            .collect(),
        max: session::MAX_SESSIONS_PER_ACCOUNT,
        end_action: EdPath::EndSessions.href(lang),
    };
    render(StatusCode::OK, &page)
}

/// Ends every session of the account, this one too, and goes to the login page.
pub async fn end_sessions(
    lang: Lang,
    State(state): State<AppState>,
    CsrfForm { session, .. }: CsrfForm,
) -> Answer {
    state.store.end_sessions_of(&session.user.username).await?;
    tracing::info!(username = session.user.username, "signed out everywhere");
    Ok(signed_out(&state, &EdPath::Login.href(lang)))
}

#[cfg(test)]
mod tests {
    use super::*;

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
