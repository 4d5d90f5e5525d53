//! Fetching a file an organisation publishes (its grants, for the harvest),
//! politely and safely: the link checker's client rules (a named user agent,
//! a time limit, at most ten redirects, no proxy, only public addresses
//! unless the operator allows others), a conditional request
//! (`If-None-Match`, `If-Modified-Since`) so an unchanged file costs a 304,
//! and a size limit checked on the declared length and again while reading.

use crate::{LinkOptions, NotPublic, describe, refused_literal};

/// What a fetch brought.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// The file has not changed since the validators were given (304).
    NotModified,
    /// The file, with the validators to send next time.
    File {
        body: Vec<u8>,
        content_type: Option<String>,
        etag: Option<String>,
        last_modified: Option<String>,
    },
}

/// Why a fetch failed, in a sentence for the organisation's editors (in
/// Swedish, theirs; a failed request is described as the link checker does).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FetchError(pub String);

/// Fetches `url` (http or https), at most `max_bytes`, sending `etag` and
/// `last_modified` from the last successful fetch.
pub async fn fetch_file(
    url: &str,
    options: &LinkOptions,
    etag: Option<&str>,
    last_modified: Option<&str>,
    max_bytes: usize,
) -> Result<Fetched, FetchError> {
    let parsed =
        reqwest::Url::parse(url).map_err(|_| FetchError(format!("\"{url}\" är ingen webbadress")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(FetchError(format!("\"{url}\" är ingen http- eller https-adress")));
    }
    if let Some(NotPublic(ip)) = refused_literal(&parsed, options) {
        return Err(FetchError(format!("nekad: {ip} är ingen publik adress")));
    }
    let client = crate::client(options).map_err(|e| FetchError(describe(&e)))?;
    let mut request = client.get(parsed);
    if let Some(etag) = etag {
        request = request.header(reqwest::header::IF_NONE_MATCH, etag);
    }
    if let Some(at) = last_modified {
        request = request.header(reqwest::header::IF_MODIFIED_SINCE, at);
    }
    let mut response = request.send().await.map_err(|e| FetchError(describe(&e)))?;
    let status = response.status();
    if status == reqwest::StatusCode::NOT_MODIFIED {
        return Ok(Fetched::NotModified);
    }
    if !status.is_success() {
        return Err(FetchError(format!("servern svarade {status}")));
    }
    if response.content_length().is_some_and(|n| n > max_bytes as u64) {
        return Err(FetchError(format!("filen är större än {max_bytes} byte")));
    }
    let header = |name: reqwest::header::HeaderName| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let content_type = header(reqwest::header::CONTENT_TYPE);
    let etag = header(reqwest::header::ETAG);
    let last_modified = header(reqwest::header::LAST_MODIFIED);
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| FetchError(describe(&e)))? {
        if body.len() + chunk.len() > max_bytes {
            return Err(FetchError(format!("filen är större än {max_bytes} byte")));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Fetched::File {
        body,
        content_type,
        etag,
        last_modified,
    })
}
