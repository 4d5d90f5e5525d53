//! The editors' area (SPEC §4): login, a dashboard of what needs attention,
//! edit forms for actors, grants and initiatives, history with diffs and
//! restore, and, for admins, accounts and API tokens. Swedish at
//! `/redaktion`, English at `/en/editor`.
//!
//! Everything works without JavaScript. Every form that changes something is
//! a POST that must carry the session's form token and come from this site;
//! every page answers `Cache-Control: no-store`.

pub mod diff;
pub mod forms;
mod pages;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use samverkan_store::{Role, Session};

use crate::auth::session;
use crate::html::HtmlError;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::urls::EdPath;
use forms::{EDITABLE, FormData};

/// The editors' routes, in both languages.
pub fn routes() -> Router<AppState> {
    let mut router = Router::new();
    for lang in Lang::ALL {
        let p = |path: EdPath| path.href(lang);
        router = router
            .route(
                &p(EdPath::Dashboard),
                get(move |s: State<AppState>, h: HeaderMap, q: RawQuery| pages::dashboard(lang, s.0, h, q.0)),
            )
            .route(
                &p(EdPath::Login),
                get(move |s: State<AppState>, h: HeaderMap, q: RawQuery| {
                    pages::login_form(lang, s.0, h, q.0)
                })
                .post(move |s: State<AppState>, req: axum::extract::Request| pages::login(lang, s.0, req)),
            )
            .route(
                &p(EdPath::Logout),
                post(move |s: State<AppState>, h: HeaderMap, b: Bytes| pages::logout(lang, s.0, h, b)),
            )
            .route(
                &p(EdPath::LinkCheck),
                post(move |s: State<AppState>, h: HeaderMap, b: Bytes| {
                    pages::start_link_check(lang, s.0, h, b)
                }),
            )
            .route(
                &p(EdPath::Restore("{rev}".into())),
                post(
                    move |s: State<AppState>, h: HeaderMap, Path(rev): Path<String>, b: Bytes| {
                        pages::restore(lang, s.0, h, rev, b)
                    },
                ),
            )
            .route(
                &p(EdPath::Sessions),
                get(move |s: State<AppState>, h: HeaderMap| pages::sessions(lang, s.0, h)),
            )
            .route(
                &p(EdPath::EndSessions),
                post(move |s: State<AppState>, h: HeaderMap, b: Bytes| pages::end_sessions(lang, s.0, h, b)),
            )
            .route(
                &p(EdPath::Accounts),
                get(move |s: State<AppState>, h: HeaderMap| pages::accounts(lang, s.0, h)).post(
                    move |s: State<AppState>, h: HeaderMap, b: Bytes| pages::create_account(lang, s.0, h, b),
                ),
            )
            .route(
                &p(EdPath::AccountStatus("{name}".into())),
                post(
                    move |s: State<AppState>, h: HeaderMap, Path(name): Path<String>, b: Bytes| {
                        pages::account_status(lang, s.0, h, name, b)
                    },
                ),
            )
            .route(
                &p(EdPath::Tokens),
                get(move |s: State<AppState>, h: HeaderMap| pages::tokens(lang, s.0, h)).post(
                    move |s: State<AppState>, h: HeaderMap, b: Bytes| pages::create_token(lang, s.0, h, b),
                ),
            )
            .route(
                &p(EdPath::RevokeToken("{id}".into())),
                post(
                    move |s: State<AppState>, h: HeaderMap, Path(id): Path<String>, b: Bytes| {
                        pages::revoke_token(lang, s.0, h, id, b)
                    },
                ),
            );
        for kind in EDITABLE {
            router = router
                .route(
                    &p(EdPath::List(kind)),
                    get(move |s: State<AppState>, h: HeaderMap, q: RawQuery| {
                        pages::list(lang, kind, s.0, h, q.0)
                    }),
                )
                .route(
                    &p(EdPath::New(kind)),
                    get(move |s: State<AppState>, h: HeaderMap| pages::new_form(lang, kind, s.0, h)).post(
                        move |s: State<AppState>, h: HeaderMap, b: Bytes| {
                            pages::create(lang, kind, s.0, h, b)
                        },
                    ),
                )
                .route(
                    &p(EdPath::Edit(kind, "{id}".into())),
                    get(
                        move |s: State<AppState>, h: HeaderMap, Path(id): Path<String>, q: RawQuery| {
                            pages::edit_form(lang, kind, s.0, h, id, q.0)
                        },
                    )
                    .post(
                        move |s: State<AppState>, h: HeaderMap, Path(id): Path<String>, b: Bytes| {
                            pages::save(lang, kind, s.0, h, id, b)
                        },
                    ),
                )
                .route(
                    &p(EdPath::Verified(kind, "{id}".into())),
                    post(
                        move |s: State<AppState>, h: HeaderMap, Path(id): Path<String>, b: Bytes| {
                            pages::mark_verified(lang, kind, s.0, h, id, b)
                        },
                    ),
                )
                .route(
                    &p(EdPath::Retire(kind, "{id}".into())),
                    post(
                        move |s: State<AppState>, h: HeaderMap, Path(id): Path<String>, b: Bytes| {
                            pages::retire(lang, kind, s.0, h, id, b)
                        },
                    ),
                )
                .route(
                    &p(EdPath::History(kind, "{id}".into())),
                    get(move |s: State<AppState>, h: HeaderMap, Path(id): Path<String>| {
                        pages::history(lang, kind, s.0, h, id)
                    }),
                );
        }
    }
    router
}

/// An editor page: never cached, by the browser or anything between.
pub(crate) fn no_store(response: impl IntoResponse) -> Response {
    let mut response = response.into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A refusal or failure as a page: heading and text from `editor-{key}-…`.
pub(crate) fn refusal(
    _lang: Lang,
    status: StatusCode,
    key: &'static str,
    detail: Option<String>,
) -> Response {
    let error = HtmlError::editor(status, key);
    match detail {
        Some(d) => error.with_detail(d),
        None => error,
    }
    .into_response()
}

/// Sends someone who is not signed in to the login page, and back here after.
fn to_login(lang: Lang, back: &str) -> Response {
    let next: String = form_urlencoded::byte_serialize(back.as_bytes()).collect();
    no_store(Redirect::to(&format!("{}?next={next}", EdPath::Login.href(lang))))
}

/// The session behind a page view, or the answer that refuses it.
pub(crate) async fn viewer(
    lang: Lang,
    state: &AppState,
    headers: &HeaderMap,
    needed: Role,
    here: &str,
) -> Result<Session, Response> {
    match session::current(state, headers).await {
        Ok(Some((s, _))) if session::allows(&s.user, needed) => Ok(s),
        Ok(Some(_)) => Err(refusal(lang, StatusCode::FORBIDDEN, "role", None)),
        Ok(None) => Err(to_login(lang, here)),
        Err(e) => Err(internal(lang, &e)),
    }
}

/// The session and form behind a POST, after every check: a form body, from
/// this site, by a signed-in account with the role, carrying its form token.
pub(crate) async fn poster(
    lang: Lang,
    state: &AppState,
    headers: &HeaderMap,
    body: &Bytes,
    needed: Role,
) -> Result<(Session, String, FormData), Response> {
    let form_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !form_type {
        return Err(refusal(
            lang,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "form-type",
            None,
        ));
    }
    if !session::same_site(headers, state.config.public_url.as_deref()) {
        return Err(refusal(lang, StatusCode::FORBIDDEN, "forgery", None));
    }
    let (session, hash) = match session::current(state, headers).await {
        Ok(Some(found)) => found,
        Ok(None) => return Err(to_login(lang, &EdPath::Dashboard.href(lang))),
        Err(e) => return Err(internal(lang, &e)),
    };
    let form = FormData::parse(body);
    let token_ok = form
        .get("csrf")
        .is_some_and(|t| session::same_secret(t, &session.csrf));
    if !token_ok {
        return Err(refusal(lang, StatusCode::FORBIDDEN, "forgery", None));
    }
    if !session::allows(&session.user, needed) {
        return Err(refusal(lang, StatusCode::FORBIDDEN, "role", None));
    }
    Ok((session, hash, form))
}

pub(crate) fn internal(lang: Lang, cause: &dyn std::fmt::Display) -> Response {
    tracing::error!(error = %cause, "internal error in the editors' area");
    refusal(lang, StatusCode::INTERNAL_SERVER_ERROR, "internal", None)
}
