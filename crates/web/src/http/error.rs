//! API errors: one type, turned into `{"error":{"code","message"}}` with the
//! right status once, here. An unexpected failure is logged in full and shown
//! to the client only as "internal".

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use samverkan_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

/// The body of every error response.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable, machine-readable code such as `invalid_parameter` or `not_found`.
    pub code: String,
    /// What was wrong, in English, naming the parameter or id.
    pub message: String,
}

impl ApiError {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code,
            message: message.into(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            message: message.into(),
        }
    }

    /// An unexpected failure: logged with its cause, shown without it.
    pub fn internal(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal",
            message: "something went wrong on our side; it has been logged".into(),
        }
    }

    /// No valid API token. The answer names the scheme in `WWW-Authenticate`.
    pub fn unauthorized() -> Self {
        ApiError {
            status: StatusCode::UNAUTHORIZED,
            code: "unauthorized",
            message: "send a valid, unrevoked API token as `Authorization: Bearer svk_…`; admins create tokens in the editors' area".into(),
        }
    }

    pub fn unavailable(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            code: "unavailable",
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_string(),
                message: self.message,
            },
        };
        let mut response = (self.status, Json(body)).into_response();
        if self.code == "unavailable" {
            // Busy or full: worth trying again shortly, and nothing changed.
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER_SECONDS));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"samverkan\""),
            );
        }
        response
    }
}

/// How long a client is asked to wait before trying a refused write again.
pub const RETRY_AFTER_SECONDS: &str = "5";

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid(errors) => ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "invalid_entry",
                message: errors.to_string(),
            },
            e @ StoreError::Conflict { .. } => ApiError {
                status: StatusCode::CONFLICT,
                code: "conflict",
                message: e.to_string(),
            },
            e @ (StoreError::NotFound { .. } | StoreError::NoRevision(_)) => {
                ApiError::not_found(e.to_string())
            }
            e @ (StoreError::Busy | StoreError::Full) => ApiError::unavailable(e.to_string()),
            e @ StoreError::ReadOnly => ApiError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                code: "read_only",
                message: e.to_string(),
            },
            e => ApiError::internal(&e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_or_full_database_is_a_503_to_try_again_not_a_500() {
        for e in [StoreError::Busy, StoreError::Full] {
            let response = ApiError::from(e).into_response();
            assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(response.headers()[header::RETRY_AFTER], RETRY_AFTER_SECONDS);
        }
        let page = crate::html::HtmlError::from(StoreError::Full).into_response();
        assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(page.headers()[header::RETRY_AFTER], RETRY_AFTER_SECONDS);
    }
}
