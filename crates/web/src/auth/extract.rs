//! Extractors that require who is asking, so that a handler states it in its
//! signature and never checks by hand:
//!
//! - [`EditorSession`]: a signed-in editor viewing a page (else the login
//!   page, and back here after).
//! - [`CsrfForm`]: a form that changes something, after every check: a form
//!   body, from this site, by a signed-in account with the role, carrying the
//!   session's form token.
//! - [`ApiCaller`]: the account behind a write API request's bearer token.
//!
//! The role is a type parameter: `EditorSession` for any editor,
//! `EditorSession<Admin>` for admins only.

use std::marker::PhantomData;

use axum::body::Bytes;
use axum::extract::{FromRef, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use samverkan_store::{Role, Session, User};

use super::Auth;
use super::session;
use crate::html::{HtmlError, Refusal};
use crate::http::ApiError;
use crate::http::form::FormData;
use crate::i18n::Lang;
use crate::urls::EdPath;

/// The role an extractor requires.
pub trait Requirement: Send + Sync {
    const ROLE: Role;
}

/// Any editor (admins included).
pub struct Editor;

impl Requirement for Editor {
    const ROLE: Role = Role::Editor;
}

/// Admins only.
pub struct Admin;

impl Requirement for Admin {
    const ROLE: Role = Role::Admin;
}

/// A signed-in editor with the role `R` requires.
pub struct EditorSession<R: Requirement = Editor> {
    pub session: Session,
    /// The hash of the session's secret, which names it in the store.
    pub hash: String,
    role: PhantomData<R>,
}

impl<R: Requirement> std::ops::Deref for EditorSession<R> {
    type Target = Session;

    fn deref(&self) -> &Session {
        &self.session
    }
}

/// Sends someone who is not signed in to the login page, and back to `back` after.
fn to_login(lang: Lang, back: &str) -> Response {
    let next: String = form_urlencoded::byte_serialize(back.as_bytes()).collect();
    Redirect::to(&format!("{}?next={next}", EdPath::Login.href(lang))).into_response()
}

impl<S, R> FromRequestParts<S> for EditorSession<R>
where
    Auth: FromRef<S>,
    S: Send + Sync,
    R: Requirement,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let auth = Auth::from_ref(state);
        let lang = Lang::of_path(parts.uri.path());
        match session::current(&auth, &parts.headers).await {
            Ok(Some((session, hash))) if session::allows(&session.user, R::ROLE) => Ok(EditorSession {
                session,
                hash,
                role: PhantomData,
            }),
            Ok(Some(_)) => Err(HtmlError::editor(StatusCode::FORBIDDEN, Refusal::Role).into_response()),
            Ok(None) => {
                let back = parts.uri.path_and_query().map_or("", |p| p.as_str());
                Err(to_login(lang, back))
            }
            Err(e) => Err(HtmlError::from(e).into_response()),
        }
    }
}

/// A form posted by a signed-in editor with the role `R`, after every check.
pub struct CsrfForm<R: Requirement = Editor> {
    pub session: EditorSession<R>,
    pub form: FormData,
}

impl<S, R> FromRequest<S> for CsrfForm<R>
where
    Auth: FromRef<S>,
    S: Send + Sync,
    R: Requirement,
{
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Response> {
        let auth = Auth::from_ref(state);
        let lang = Lang::of_path(request.uri().path());
        let headers = request.headers();
        let form_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        let refuse = |status, key| HtmlError::editor(status, key).into_response();
        if !form_type {
            return Err(refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, Refusal::FormType));
        }
        if !session::same_site(headers, auth.public_url.as_deref()) {
            return Err(refuse(StatusCode::FORBIDDEN, Refusal::Forgery));
        }
        let (session, hash) = match session::current(&auth, headers).await {
            Ok(Some(found)) => found,
            Ok(None) => return Err(to_login(lang, &EdPath::Dashboard.href(lang))),
            Err(e) => return Err(HtmlError::from(e).into_response()),
        };
        let body = match Bytes::from_request(request, state).await {
            Ok(body) => body,
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(refuse(StatusCode::PAYLOAD_TOO_LARGE, Refusal::TooLarge));
            }
            Err(_) => return Err(refuse(StatusCode::BAD_REQUEST, Refusal::BadForm)),
        };
        let form = FormData::parse(&body);
        let token_ok = form
            .get("csrf")
            .is_some_and(|t| session::same_secret(t, &session.csrf));
        if !token_ok {
            return Err(refuse(StatusCode::FORBIDDEN, Refusal::Forgery));
        }
        if !session::allows(&session.user, R::ROLE) {
            return Err(refuse(StatusCode::FORBIDDEN, Refusal::Role));
        }
        Ok(CsrfForm {
            session: EditorSession {
                session,
                hash,
                role: PhantomData,
            },
            form,
        })
    }
}

/// The account behind a write API request's bearer token.
pub struct ApiCaller(pub User);

impl<S> FromRequestParts<S> for ApiCaller
where
    Auth: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let auth = Auth::from_ref(state);
        let token = session::bearer(&parts.headers).ok_or_else(ApiError::unauthorized)?;
        match auth.store.token_user(&session::secret_hash(&token)).await {
            Ok(Some((_, user))) => Ok(ApiCaller(user)),
            Ok(None) => Err(ApiError::unauthorized()),
            Err(e) => Err(ApiError::internal(&e)),
        }
    }
}
