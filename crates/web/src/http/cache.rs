//! Answers that more than one part of the site sends: files that clients may
//! cache and revalidate with an ETag.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// A content hash (FNV-1a): tiny, stable content hash for ETags and cache-busting file names
/// (not for security).
pub fn content_hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// A response that clients may cache and revalidate: a weak ETag from the
/// body (weak, because compression changes the bytes sent), and 304 when the
/// client already has it.
pub fn revalidated(
    request: &HeaderMap,
    content_type: &'static str,
    filename: Option<&str>,
    body: String,
) -> Response {
    let etag = format!("W/\"{:016x}\"", content_hash(body.as_bytes()));
    let matches = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let etag_value = HeaderValue::from_str(&etag).expect("an ETag is ASCII");
    let cache = HeaderValue::from_static("public, max-age=300, must-revalidate");
    if matches {
        return (
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag_value), (header::CACHE_CONTROL, cache)],
        )
            .into_response();
    }
    let mut response = (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::ETAG, etag_value),
            (header::CACHE_CONTROL, cache),
        ],
        body,
    )
        .into_response();
    if let Some(name) = filename
        && let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
    {
        response.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    response
}
