//! Who is asking: server-side sessions for the browser, bearer tokens for the
//! write API, cross-site request forgery checks, and the login rate limit.
//!
//! A session cookie holds 32 random bytes (from the operating system, via
//! `getrandom`); the database keeps only their SHA-256, as it does for API
//! tokens. A stolen database therefore signs nobody in. High-entropy secrets
//! need no slow hash: SHA-256 is enough, and lets a token be found by its hash.

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, HeaderValue, header};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use samverkan_store::{Role, Session, User};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::state::AppState;

/// How long a session lasts from login (a working day).
pub const SESSION_LIFETIME: Duration = Duration::from_secs(10 * 60 * 60);

/// API tokens start with this, so that a leaked one is easy to recognise.
pub const TOKEN_PREFIX: &str = "svk_";

/// A new random secret: 32 bytes from the operating system, URL-safe base64.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides random bytes");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The SHA-256 of a secret, in hex: what the database keeps.
pub fn secret_hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
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

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Path=/, and Secure over HTTPS.
/// `max_age` of zero removes the cookie.
pub fn set_cookie(name: &str, value: &str, max_age: Duration, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = format!(
        "{name}={value}; Max-Age={}; Path=/; HttpOnly; SameSite=Lax{secure}",
        max_age.as_secs()
    );
    HeaderValue::from_str(&text).expect("cookie values are URL-safe base64")
}

/// The value of cookie `name`, if the request carries it.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The signed-in editor behind a request, if any.
pub async fn current(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<(Session, String)>, samverkan_store::StoreError> {
    let Some(secret) = cookie(headers, cookie_name(state.config.secure_cookies())) else {
        return Ok(None);
    };
    let hash = secret_hash(secret);
    Ok(state.store.session(&hash).await?.map(|s| (s, hash)))
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

/// Refuses requests that a browser marks as coming from another site: an
/// `Origin` naming another host, or `Sec-Fetch-Site: cross-site`. (The
/// SameSite=Lax cookie and the form token already stop them; this is a third
/// lock on the same door.)
pub fn same_site(headers: &HeaderMap) -> bool {
    if headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"cross-site")
    {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin
        .to_str()
        .ok()
        .and_then(|o| o.split_once("://"))
        .map(|(_, rest)| rest.trim_end_matches('/'));
    matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
}

/// The bearer token of an API request, if it has one.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// The client's address as the socket saw it. (Behind a reverse proxy this is
/// the proxy; `X-Forwarded-For` is not trusted because anyone can send it.)
pub fn client_ip(extensions: &axum::http::Extensions) -> IpAddr {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED))
}

/// Failed logins allowed per account within [`LOGIN_WINDOW`].
pub const MAX_FAILURES_PER_ACCOUNT: usize = 5;
/// Failed logins allowed per address within [`LOGIN_WINDOW`] (an office shares one).
pub const MAX_FAILURES_PER_ADDRESS: usize = 20;
/// The window the failures are counted in.
pub const LOGIN_WINDOW: Duration = Duration::from_secs(15 * 60);
/// At most this many accounts and addresses are tracked; the oldest go first.
const MAX_TRACKED: usize = 10_000;

/// Counts failed logins per account and per address in a sliding window, in
/// memory. Each instance counts its own; behind a load balancer with N
/// instances an attacker gets at most N times the allowance.
#[derive(Debug, Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl LoginLimiter {
    /// How long until the next attempt is allowed for this account and address;
    /// `None` if it is allowed now.
    pub fn wait(&self, username: &str, ip: IpAddr) -> Option<Duration> {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let mut wait = None;
        for (key, max) in [
            (format!("u:{username}"), MAX_FAILURES_PER_ACCOUNT),
            (format!("a:{ip}"), MAX_FAILURES_PER_ADDRESS),
        ] {
            if let Some(times) = failures.get_mut(&key) {
                while times
                    .front()
                    .is_some_and(|t| now.duration_since(*t) >= LOGIN_WINDOW)
                {
                    times.pop_front();
                }
                if times.len() >= max
                    && let Some(oldest) = times.front()
                {
                    let left = LOGIN_WINDOW.saturating_sub(now.duration_since(*oldest));
                    wait = Some(wait.map_or(left, |w: Duration| w.max(left)));
                }
            }
        }
        wait
    }

    /// Records a failed login.
    pub fn fail(&self, username: &str, ip: IpAddr) {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if failures.len() >= MAX_TRACKED {
            let cutoff = now.checked_sub(LOGIN_WINDOW);
            failures.retain(|_, times| times.back().is_some_and(|t| Some(*t) > cutoff));
            if failures.len() >= MAX_TRACKED {
                failures.clear();
            }
        }
        for key in [format!("u:{username}"), format!("a:{ip}")] {
            failures.entry(key).or_default().push_back(now);
        }
    }

    /// Forgets an account's failures after it signs in.
    pub fn succeed(&self, username: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(&format!("u:{username}"));
    }
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
        assert_eq!(cookie(&headers, "samverkan-session"), Some("xyz"));
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
        assert!(same_site(&headers(&[("host", "samverkan.se")])));
        assert!(same_site(&headers(&[
            ("host", "samverkan.se"),
            ("origin", "https://samverkan.se")
        ])));
        assert!(!same_site(&headers(&[
            ("host", "samverkan.se"),
            ("origin", "https://evil.example")
        ])));
        assert!(!same_site(&headers(&[
            ("host", "samverkan.se"),
            ("origin", "null")
        ])));
        assert!(!same_site(&headers(&[("sec-fetch-site", "cross-site")])));
    }

    #[test]
    fn failed_logins_are_limited_per_account_and_per_address() {
        let limiter = LoginLimiter::default();
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        let other: IpAddr = "192.0.2.2".parse().unwrap();
        for _ in 0..MAX_FAILURES_PER_ACCOUNT {
            assert_eq!(limiter.wait("anna", ip), None);
            limiter.fail("anna", ip);
        }
        let wait = limiter
            .wait("anna", other)
            .expect("the account is locked from any address");
        assert!(
            wait > Duration::from_secs(14 * 60) && wait <= LOGIN_WINDOW,
            "{wait:?}"
        );
        assert_eq!(limiter.wait("bo", other), None, "other accounts are not");

        for i in 0..MAX_FAILURES_PER_ADDRESS {
            limiter.fail(&format!("user{i}"), other);
        }
        assert!(
            limiter.wait("cecilia", other).is_some(),
            "the address is locked for any account"
        );
        limiter.succeed("anna");
        assert_eq!(
            limiter.wait("anna", ip),
            None,
            "a successful login clears the account"
        );
    }
}
