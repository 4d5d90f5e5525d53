//! The error page: one type, [`HtmlError`], for every HTML answer that is not
//! the page asked for, on the public site and in the editors' area alike.
//! Handlers return `Result<_, HtmlError>` and use `?`; a store error becomes
//! the right page through the one `From<StoreError>` below.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use samverkan_store::StoreError;

use super::{Layout, REQUEST};
use crate::http::query::ParamError;
use crate::i18n::Lang;
use crate::urls::{EdPath, Route};

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub layout: Layout,
    pub heading: String,
    pub text: String,
    pub detail: Option<String>,
    pub search_href: String,
}

/// Why the editors' area refused a request. Each is worded by the
/// messages `editor-{key}-title` and `editor-{key}-text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The account's role does not allow it.
    Role,
    /// The entry is not one of the account's organisations' own.
    Organisation,
    /// A form without the session's token, or from another site.
    Forgery,
    /// Not a form body.
    FormType,
    /// A form larger than the service accepts.
    TooLarge,
    /// No such entry, revision, account or token.
    NotFound,
    /// A form that changes an entry but does not say which version.
    NoVersion,
    /// Someone else changed the entry first.
    Conflict,
    /// Other entries refer to the entry to be retired.
    InUse,
    /// The revision would break the catalogue if restored.
    RestoreInvalid,
    /// A form whose values cannot be read.
    BadForm,
    /// An admin tried to disable their own account.
    DisableSelf,
    /// Something went wrong on the service's side.
    Internal,
    /// The database cannot take changes just now (busy or full).
    Unavailable,
    /// This installation serves a read-only copy of the data.
    ReadOnly,
}

impl Refusal {
    pub const ALL: [Refusal; 15] = [
        Refusal::Role,
        Refusal::Organisation,
        Refusal::Forgery,
        Refusal::FormType,
        Refusal::TooLarge,
        Refusal::NotFound,
        Refusal::NoVersion,
        Refusal::Conflict,
        Refusal::InUse,
        Refusal::RestoreInvalid,
        Refusal::BadForm,
        Refusal::DisableSelf,
        Refusal::Internal,
        Refusal::Unavailable,
        Refusal::ReadOnly,
    ];

    /// The messages' key: `editor-{key}-title`, `editor-{key}-text`.
    pub fn key(self) -> &'static str {
        match self {
            Refusal::Role => "editor-role",
            Refusal::Organisation => "editor-organisation",
            Refusal::Forgery => "editor-forgery",
            Refusal::FormType => "editor-form-type",
            Refusal::TooLarge => "editor-too-large",
            Refusal::NotFound => "editor-not-found",
            Refusal::NoVersion => "editor-no-version",
            Refusal::Conflict => "editor-conflict",
            Refusal::InUse => "editor-in-use",
            Refusal::RestoreInvalid => "editor-restore-invalid",
            Refusal::BadForm => "editor-bad-form",
            Refusal::DisableSelf => "editor-disable-self",
            Refusal::Internal => "editor-internal",
            Refusal::Unavailable => "editor-unavailable",
            Refusal::ReadOnly => "editor-read-only",
        }
    }
}

/// The keys of the public site's error pages (`{key}-title`, `{key}-text`).
pub const PUBLIC_ERROR_KEYS: [&str; 3] = ["error-404", "error-400", "error-500"];

/// Why a page could not be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Reason {
    NotFound,
    BadRequest,
    Internal,
    /// Another entry changed it first: the entry's version now.
    Conflict(i64),
    /// A refusal in the editors' area.
    Editor(Refusal),
}

/// A page that could not be shown, rendered as a helpful HTML page in the
/// request's language. On the public site it offers search; in the editors'
/// area it offers the dashboard.
#[derive(Debug)]
pub struct HtmlError {
    status: StatusCode,
    reason: Reason,
    detail: Option<String>,
}

impl HtmlError {
    pub fn not_found() -> Self {
        HtmlError {
            status: StatusCode::NOT_FOUND,
            reason: Reason::NotFound,
            detail: None,
        }
    }

    /// Something in the request could not be read; `detail` says what.
    pub fn bad_request(detail: impl Into<String>) -> Self {
        HtmlError {
            status: StatusCode::BAD_REQUEST,
            reason: Reason::BadRequest,
            detail: Some(detail.into()),
        }
    }

    /// The database cannot take the change now (busy, or full): nothing was
    /// changed, and trying again later may work.
    pub fn unavailable() -> Self {
        HtmlError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            reason: Reason::Editor(Refusal::Unavailable),
            detail: None,
        }
    }

    /// An unexpected failure: logged with its cause, shown without it.
    pub fn internal(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error on a page");
        HtmlError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            reason: Reason::Internal,
            detail: None,
        }
    }

    /// A refusal in the editors' area.
    pub fn editor(status: StatusCode, refusal: Refusal) -> Self {
        HtmlError {
            status,
            reason: Reason::Editor(refusal),
            detail: None,
        }
    }

    /// The same, with a detail shown under the text.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }
}

impl From<ParamError> for HtmlError {
    fn from(e: ParamError) -> Self {
        HtmlError::bad_request(e.message)
    }
}

impl From<StoreError> for HtmlError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { .. }
            | StoreError::NoRevision(_)
            | StoreError::NoUser(_)
            | StoreError::NoToken(_) => HtmlError::not_found(),
            StoreError::Conflict { actual, .. } => HtmlError {
                status: StatusCode::CONFLICT,
                reason: Reason::Conflict(actual),
                detail: None,
            },
            StoreError::Busy | StoreError::Full => HtmlError::unavailable(),
            StoreError::ReadOnly => HtmlError::editor(StatusCode::SERVICE_UNAVAILABLE, Refusal::ReadOnly),
            StoreError::Invalid(errors) => HtmlError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                reason: Reason::Editor(Refusal::BadForm),
                detail: Some(errors.to_string()),
            },
            e => HtmlError::internal(&e),
        }
    }
}

impl IntoResponse for HtmlError {
    fn into_response(self) -> Response {
        let (lang, editor) = REQUEST
            .try_with(|r| (r.lang, r.editor))
            .unwrap_or((Lang::Sv, false));
        let [not_found, bad_request, internal] = PUBLIC_ERROR_KEYS;
        let key = match (&self.reason, editor) {
            (Reason::NotFound, false) => not_found,
            (Reason::BadRequest, false) => bad_request,
            (Reason::Internal, false) => internal,
            (Reason::NotFound, true) => Refusal::NotFound.key(),
            (Reason::BadRequest, true) => Refusal::BadForm.key(),
            (Reason::Internal, true) => Refusal::Internal.key(),
            (Reason::Conflict(_), _) => Refusal::Conflict.key(),
            (Reason::Editor(refusal), _) => refusal.key(),
        };
        let detail = match self.reason {
            Reason::Conflict(version) => Some(lang.t1("editor-conflict", "version", version)),
            _ => self.detail,
        };
        // The page's search box searches the site, wherever the error
        // happened; in the editors' area the language switch stays there.
        let here = if editor {
            EdPath::Dashboard.route()
        } else {
            Route::Home
        };
        let search_href = Route::Search.href(lang);
        let title = lang.t(&format!("{key}-title"));
        let page = ErrorPage {
            layout: Layout::new(lang, title.clone(), here, None, None),
            heading: title,
            text: lang.t(&format!("{key}-text")),
            detail,
            search_href,
        };
        match page.render() {
            Ok(html) if self.reason == Reason::Editor(Refusal::Unavailable) => (
                self.status,
                [(
                    axum::http::header::RETRY_AFTER,
                    crate::http::error::RETRY_AFTER_SECONDS,
                )],
                Html(html),
            )
                .into_response(),
            Ok(html) => (self.status, Html(html)).into_response(),
            Err(e) => {
                tracing::error!(error = %e, "the error page did not render");
                (self.status, "Error\n").into_response()
            }
        }
    }
}
