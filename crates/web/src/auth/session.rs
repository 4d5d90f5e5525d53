//! Who is asking: server-side sessions for the browser, bearer tokens for the
//! write API, and cross-site request forgery checks. (The login rate limit
//! is in [`crate::auth::limiter`].)
//!
//! A session cookie holds 32 random bytes (from the operating system, via
//! `getrandom`); the database keeps only their SHA-256, as it does for API
//! tokens. A stolen database therefore signs nobody in. High-entropy secrets
//! need no slow hash: SHA-256 is enough, and lets a token be found by its hash.

use std::time::Duration;

use axum::http::{HeaderMap, HeaderValue, header};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use axum_extra::headers::HeaderMapExt;
use axum_extra::headers::authorization::{Authorization, Bearer};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use samverkan_store::{Role, Session, User};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::Auth;

/// How long a session lasts from login (a working day).
pub const SESSION_LIFETIME: Duration = Duration::from_secs(10 * 60 * 60);

/// How many sessions an account may have at once; a new login ends the oldest
/// beyond this.
pub const MAX_SESSIONS_PER_ACCOUNT: u32 = 5;

/// API tokens start with this, so that a leaked one is easy to recognise.
pub const TOKEN_PREFIX: &str = "svk_";

/// A new random secret: 32 bytes from the operating system, URL-safe base64.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides random bytes");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The SHA-256 of a secret, in lower-case hex: what the database keeps.
pub fn secret_hash(secret: &str) -> String {
    format!("{:x}", Sha256::digest(secret.as_bytes()))
}

/// Whether two secrets are equal, in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// The session cookie's name. Over HTTPS it carries the `__Host-` prefix, which
/// browsers accept only with `Secure`, `Path=/` and no `Domain`.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-samverkan-session"
    } else {
        "samverkan-session"
    }
}

/// The login form's double-submit cookie, against login cross-site request forgery.
pub fn login_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-samverkan-login"
    } else {
        "samverkan-login"
    }
}

/// A `Set-Cookie` value, written by the `cookie` crate: HttpOnly,
/// SameSite=Lax, Path=/, and Secure over HTTPS. `max_age` of zero removes
/// the cookie.
pub fn set_cookie(name: &str, value: &str, max_age: Duration, secure: bool) -> HeaderValue {
    let max_age = i64::try_from(max_age.as_secs()).unwrap_or(i64::MAX);
    let cookie = Cookie::build((name, value))
        .max_age(time::Duration::seconds(max_age))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build();
    HeaderValue::from_str(&cookie.encoded().to_string()).expect("a cookie is a valid header value")
}

/// The value of cookie `name`, if the request carries it (read by the
/// `cookie` crate, through axum-extra's `CookieJar`).
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    CookieJar::from_headers(headers)
        .get(name)
        .map(|c| c.value().to_string())
}

/// The signed-in editor behind a request, if any, with the hash of the
/// session's secret (which names the session in the store).
pub async fn current(
    auth: &Auth,
    headers: &HeaderMap,
) -> Result<Option<(Session, String)>, samverkan_store::StoreError> {
    let Some(secret) = cookie(headers, cookie_name(auth.secure_cookies())) else {
        return Ok(None);
    };
    let hash = secret_hash(&secret);
    Ok(auth.store.session(&hash).await?.map(|s| (s, hash)))
}

/// Why a request that needs an account was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// No live session (never signed in, expired, logged out or disabled).
    SignedOut,
    /// Signed in, but the account's role does not allow this.
    Role,
    /// A form without the session's token, or posted from another site.
    Forgery,
    /// No valid bearer token (the API).
    Token,
}

/// Whether a user's role allows what needs `needed`.
pub fn allows(user: &User, needed: Role) -> bool {
    match needed {
        Role::Editor => true,
        Role::Admin => user.role == Role::Admin,
    }
}

/// Refuses requests that a browser marks as coming from another site:
/// `Sec-Fetch-Site: cross-site`, or an `Origin` that is not this site's. This
/// site's origin is the configured public URL's, or else `http://` and the
/// `Host` the request was sent to (the service itself speaks plain HTTP; a
/// site behind an HTTPS proxy must configure its public URL). Scheme, host and
/// port must all match. (The SameSite=Lax cookie and the form token already
/// stop cross-site forms; this is a third lock on the same door.)
pub fn same_site(headers: &HeaderMap, public_url: Option<&str>) -> bool {
    if headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"cross-site")
    {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let public = public_url.map(origin_of);
    if public.is_some_and(|p| p.eq_ignore_ascii_case(origin)) {
        return true;
    }
    let scheme = public
        .and_then(|p| p.split_once("://"))
        .map_or("http", |(scheme, _)| scheme);
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    origin
        .strip_prefix(scheme)
        .and_then(|rest| rest.strip_prefix("://"))
        .is_some_and(|rest| rest.eq_ignore_ascii_case(host))
}

/// The origin of a URL: `https://samverkan.example:8443` of
/// `https://samverkan.example:8443/path`.
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(i) => &url[..after_scheme + i],
        None => url,
    }
}

/// The bearer token of an API request, if it has one (read by the
/// `headers` crate's typed `Authorization<Bearer>`).
pub fn bearer(headers: &HeaderMap) -> Option<String> {
    headers
        .typed_get::<Authorization<Bearer>>()
        .map(|a| a.token().trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_and_hashed() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43, "32 bytes in unpadded base64");
        assert_eq!(secret_hash(&a).len(), 64);
        assert_eq!(secret_hash(&a), secret_hash(&a));
        assert!(same_secret(&a, &a.clone()));
        assert!(!same_secret(&a, &b));
        assert!(!same_secret(&a, ""));
    }

    #[test]
    fn cookies_are_read_and_written_safely() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; samverkan-session=xyz; b=2"),
        );
        assert_eq!(cookie(&headers, "samverkan-session").as_deref(), Some("xyz"));
        assert_eq!(cookie(&headers, "c"), None);
        let set = set_cookie("__Host-samverkan-session", "v", SESSION_LIFETIME, true);
        let set = set.to_str().unwrap();
        for part in ["HttpOnly", "SameSite=Lax", "Path=/", "Secure", "Max-Age=36000"] {
            assert!(set.contains(part), "{set}");
        }
        assert!(
            !set_cookie("samverkan-session", "v", Duration::ZERO, false)
                .to_str()
                .unwrap()
                .contains("Secure")
        );
    }

    #[test]
    fn cross_site_requests_are_recognised() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut h = HeaderMap::new();
            for (k, v) in pairs {
                h.insert(*k, HeaderValue::from_static(v));
            }
            h
        };
        let plain = |pairs: &[(&'static str, &'static str)]| same_site(&headers(pairs), None);
        assert!(
            plain(&[("host", "samverkan.se")]),
            "no Origin: not a browser's cross-site form"
        );
        assert!(plain(&[
            ("host", "samverkan.se"),
            ("origin", "http://samverkan.se")
        ]));
        assert!(
            !plain(&[("host", "samverkan.se"), ("origin", "https://samverkan.se")]),
            "the scheme counts: this site is served over http"
        );
        assert!(!plain(&[
            ("host", "samverkan.se"),
            ("origin", "http://samverkan.se:8080")
        ]));
        assert!(!plain(&[
            ("host", "samverkan.se"),
            ("origin", "http://evil.example")
        ]));
        assert!(!plain(&[
            ("host", "samverkan.se"),
            ("origin", "http://samverkan.se.evil.example")
        ]));
        assert!(!plain(&[("host", "samverkan.se"), ("origin", "null")]));
        assert!(!plain(&[("sec-fetch-site", "cross-site")]));
        let public = Some("https://samverkan.se/");
        let behind = |pairs: &[(&'static str, &'static str)]| same_site(&headers(pairs), public);
        assert!(behind(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "https://samverkan.se")
        ]));
        assert!(behind(&[
            ("host", "samverkan.se"),
            ("origin", "https://samverkan.se")
        ]));
        assert!(!behind(&[
            ("host", "samverkan.se"),
            ("origin", "http://samverkan.se")
        ]));
        assert!(!behind(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "https://evil.example")
        ]));
    }
}
