//! A cache of whole public answers (issue 14): a GET that was answered once
//! is answered again from memory, compressed as it was sent, without routing,
//! rendering or compressing, until the data or the day changes.
//!
//! - **Key**: the data version and the reference date (together the
//!   [`Generation`]), whether the client takes gzip, and the path with its
//!   query string as sent. Pages depend on nothing else: no public answer
//!   reads a cookie or another header (the editors' area, the write API and
//!   revisions are private and never stored).
//! - **What is stored**: answers with status 200 to a GET, without
//!   `Set-Cookie`, whose `Cache-Control` is not `no-store` or `private`, and
//!   whose body is at most [`MAX_BODY`]; the stored body is what the client
//!   receives (gzip when it asked for it).
//! - **Bounded**: [`quick_cache`] (S3-FIFO eviction, weighted by bytes) holds
//!   at most the configured number of bytes. A new generation empties it at
//!   once, so memory never holds answers about old data.
//! - **Revalidation**: each stored answer gets a strong `ETag` from its
//!   generation and bytes, unless the handler gave one; a conditional GET
//!   that matches is a 304 without a body. `Cache-Control` lets browsers
//!   revalidate every time and shared caches (a CDN in front) keep an answer
//!   for a minute and serve it stale while they fetch the next.
//!
//! quick_cache was chosen over moka for its size: no background threads, a
//! small dependency tree, and a weigher that bounds the cache by bytes.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;

use super::cache::content_hash;

/// What a stored answer was made from: the catalogue's version and the
/// reference date. Answers of another generation are never served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Generation {
    pub data_version: i64,
    pub date: Date,
}

/// The largest body kept; bigger answers (a full export) are sent as they are.
pub const MAX_BODY: usize = 2 * 1024 * 1024;

/// What a shared cache may do with a public answer; browsers revalidate.
const PUBLIC_CACHE_CONTROL: &str = "public, max-age=0, s-maxage=60, stale-while-revalidate=300";

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    /// In the key as well as in the emptying: an answer made while the
    /// generation moved on can never be found under the new one.
    generation: Generation,
    gzip: bool,
    path_and_query: Box<str>,
}

/// One stored answer.
struct Stored {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    etag: HeaderValue,
    /// The route that made it, for the request metrics.
    route: Option<Arc<str>>,
}

#[derive(Clone)]
struct Weigher;

impl quick_cache::Weighter<Key, Arc<Stored>> for Weigher {
    fn weight(&self, key: &Key, value: &Arc<Stored>) -> u64 {
        // The body, the key, the headers, and an allowance for the entry's
        // own structures, so that many tiny answers weigh what they take.
        let headers: usize = value
            .headers
            .iter()
            .map(|(name, value)| name.as_str().len() + value.len() + 64)
            .sum();
        (value.body.len() + key.path_and_query.len() + headers + 256) as u64
    }
}

/// The route that answered a request, set on the response by the metrics
/// middleware so that answers served from the cache count under it too.
#[derive(Debug, Clone)]
pub struct RouteName(pub Arc<str>);

/// The cache, shared by every request of one process.
#[derive(Clone)]
pub struct ResponseCache {
    inner: Arc<Inner>,
}

struct Inner {
    answers: quick_cache::sync::Cache<Key, Arc<Stored>, Weigher>,
    seen: Mutex<Seen>,
    data_version: Box<dyn Fn() -> i64 + Send + Sync>,
}

/// The generation last seen, and when its date ends.
struct Seen {
    generation: Option<Generation>,
    date: Date,
    date_ends: jiff::Timestamp,
}

impl ResponseCache {
    /// A cache of at most `bytes`, for a catalogue whose version
    /// `data_version` tells; the date is today's in Europe/Stockholm.
    pub fn new(bytes: u64, data_version: impl Fn() -> i64 + Send + Sync + 'static) -> ResponseCache {
        // Pages weigh some 10–60 KiB; the estimate only sizes the tables.
        let estimated_items = (bytes / 16_384).max(16) as usize;
        ResponseCache {
            inner: Arc::new(Inner {
                answers: quick_cache::sync::Cache::with_weighter(estimated_items, bytes.max(1), Weigher),
                seen: Mutex::new(Seen {
                    generation: None,
                    date: Date::ZERO,
                    date_ends: jiff::Timestamp::MIN,
                }),
                data_version: Box::new(data_version),
            }),
        }
    }

    /// The generation now; empties the cache when it has moved on. The date
    /// is worked out again only once it has ended.
    fn generation(&self) -> Generation {
        let data_version = (self.inner.data_version)();
        let mut seen = self.inner.seen.lock().unwrap_or_else(|p| p.into_inner());
        let now = jiff::Timestamp::now();
        if now >= seen.date_ends {
            (seen.date, seen.date_ends) = samverkan_domain::time::day_in_sweden(now);
        }
        let generation = Generation {
            data_version,
            date: seen.date,
        };
        if seen.generation != Some(generation) {
            self.inner.answers.clear();
            seen.generation = Some(generation);
        }
        generation
    }

    /// How many bytes the cache holds now (for metrics and tests).
    pub fn weight(&self) -> u64 {
        self.inner.answers.weight()
    }
}

/// Whether the client takes gzip, by its `Accept-Encoding`: named with a
/// quality above zero, or not named and `*` taken.
fn takes_gzip(headers: &HeaderMap) -> bool {
    let (mut gzip, mut any) = (None, None);
    for coding in headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
    {
        let mut parts = coding.split(';');
        let name = parts.next().unwrap_or("").trim();
        let refused = parts.any(|p| {
            p.trim()
                .strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        if name.eq_ignore_ascii_case("gzip") {
            gzip = Some(!refused);
        } else if name == "*" {
            any = Some(!refused);
        }
    }
    gzip.or(any).unwrap_or(false)
}

fn matches(if_none_match: Option<&HeaderValue>, etag: &HeaderValue) -> bool {
    let Some(Ok(wanted)) = if_none_match.map(|v| v.to_str()) else {
        return false;
    };
    let etag = etag.to_str().unwrap_or("");
    // Weak comparison, as RFC 9110 asks for If-None-Match.
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
    wanted
        .split(',')
        .any(|t| t.trim() == "*" || bare(t) == bare(etag))
}

fn answer(stored: &Stored, if_none_match: Option<&HeaderValue>) -> Response {
    if matches(if_none_match, &stored.etag) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        let headers = response.headers_mut();
        for name in [header::ETAG, header::CACHE_CONTROL, header::VARY] {
            if let Some(v) = stored.headers.get(&name) {
                headers.insert(name, v.clone());
            }
        }
        return response;
    }
    let mut response = Response::new(Body::from(stored.body.clone()));
    *response.status_mut() = stored.status;
    *response.headers_mut() = stored.headers.clone();
    response
}

fn storable(response: &Response) -> bool {
    let headers = response.headers();
    let cache_control = headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    response.status() == StatusCode::OK
        && !headers.contains_key(header::SET_COOKIE)
        && !cache_control.contains("no-store")
        && !cache_control.contains("private")
}

/// The middleware: answers from the cache, or lets the request through and
/// keeps what came back when it may.
pub async fn serve(State(cache): State<ResponseCache>, mut request: Request, next: Next) -> Response {
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    let started = Instant::now();
    let generation = cache.generation();
    let gzip = takes_gzip(request.headers());
    // What the compression layer sees is what the key says.
    if gzip {
        request
            .headers_mut()
            .insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
    } else {
        request.headers_mut().remove(header::ACCEPT_ENCODING);
    }
    let key = Key {
        generation,
        gzip,
        path_and_query: request.uri().path_and_query().map_or("/", |p| p.as_str()).into(),
    };
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    if let Some(stored) = cache.inner.answers.get(&key) {
        let response = answer(&stored, if_none_match.as_ref());
        crate::metrics::served_from_cache(stored.route.as_deref(), response.status(), started);
        return response;
    }

    let response = next.run(request).await;
    if !storable(&response) {
        return response;
    }
    if axum::body::HttpBody::size_hint(response.body()).lower() > MAX_BODY as u64 {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // Every answer is made in memory before it is sent, so collecting it
    // holds nothing that was not held already.
    let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if body.len() > MAX_BODY {
        return Response::from_parts(parts, Body::from(body));
    }
    let etag = match parts.headers.get(header::ETAG) {
        Some(etag) => etag.clone(),
        None => {
            let tag = format!(
                "\"{}-{}-{:016x}\"",
                generation.data_version,
                generation.date,
                content_hash(&body)
            );
            let value = HeaderValue::from_str(&tag).expect("an ETag is ASCII");
            parts.headers.insert(header::ETAG, value.clone());
            value
        }
    };
    if !parts.headers.contains_key(header::CACHE_CONTROL) {
        parts.headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(PUBLIC_CACHE_CONTROL),
        );
    }
    let stored = Arc::new(Stored {
        status: parts.status,
        headers: parts.headers,
        body,
        etag,
        route: parts.extensions.get::<RouteName>().map(|r| r.0.clone()),
    });
    // Kept under the generation it was made in; should that have moved on
    // meanwhile, no lookup finds it and the next change empties it.
    cache.inner.answers.insert(key, stored.clone());
    answer(&stored, if_none_match.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn gzip_is_taken_when_listed_with_a_quality_above_zero() {
        assert!(takes_gzip(&accept("gzip, deflate, br")));
        assert!(takes_gzip(&accept("br;q=1.0, gzip;q=0.8")));
        assert!(takes_gzip(&accept("*")));
        assert!(!takes_gzip(&accept("gzip;q=0")));
        assert!(!takes_gzip(&accept("gzip;q=0, *")));
        assert!(!takes_gzip(&accept("*;q=0")));
        assert!(!takes_gzip(&accept("br, deflate")));
        assert!(!takes_gzip(&accept("identity")));
        assert!(!takes_gzip(&HeaderMap::new()));
    }

    #[test]
    fn if_none_match_compares_weakly_and_takes_lists_and_star() {
        let etag = HeaderValue::from_static("\"1-a\"");
        let m = |v: &'static str| matches(Some(&HeaderValue::from_static(v)), &etag);
        assert!(m("\"1-a\""));
        assert!(m("W/\"1-a\""));
        assert!(m("\"x\", \"1-a\""));
        assert!(m("*"));
        assert!(!m("\"1-b\""));
        assert!(!matches(None, &etag));
    }
}
