//! JSON request bodies, read strictly: the content type must say JSON, and a
//! body that does not fit names the place that was wrong
//! (`serde_path_to_error`), in the API's error shape.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

use super::ApiError;

/// A JSON body of type `T` (which should deny unknown fields).
pub struct StrictJson<T>(pub T);

impl<S, T> FromRequest<S> for StrictJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !json {
            return Err(ApiError {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                code: "unsupported_media_type",
                message: "send the body as `Content-Type: application/json`".into(),
            });
        }
        let bytes = Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError {
                    status: StatusCode::PAYLOAD_TOO_LARGE,
                    code: "too_large",
                    message: format!("the body is larger than {} KiB", crate::MAX_BODY / 1024),
                }
            } else {
                ApiError::bad_request("invalid_body", rejection.body_text())
            }
        })?;
        let de = &mut serde_json::Deserializer::from_slice(&bytes);
        serde_path_to_error::deserialize(de).map(StrictJson).map_err(|e| {
            let path = e.path().to_string();
            let message = if path == "." {
                format!("the body is not valid: {}", e.inner())
            } else {
                format!("the body is not valid at `{path}`: {}", e.inner())
            };
            ApiError::bad_request("invalid_body", message)
        })
    }
}
