//! Who is asking, for the whole application: editors' passwords
//! ([`password`]), sessions, API tokens and the cross-site request checks
//! ([`session`]), the limits on password guessing ([`limiter`]), and the
//! extractors handlers take to require them ([`extract`]). The editors' area
//! and the write API both build on it; it depends on neither, and never names
//! the application's state: it reads what it needs through [`Auth`], which
//! any state provides with `FromRef`.

pub mod extract;
pub mod limiter;
pub mod password;
pub mod session;
pub mod tokens;

use std::sync::Arc;

use samverkan_store::Store;

pub use extract::{Admin, ApiCaller, CsrfForm, Editor, EditorSession, Requirement};
pub use password::{
    AuthError, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, check_username, hash_password, verify_password,
};
pub use tokens::{TokenError, issue_token};

use crate::http::net::IpRange;
use limiter::{HashGate, LoginLimiter};

/// What authentication needs from the application: the store, the site's
/// public address (for cookies and the same-site check), the proxies whose
/// `X-Forwarded-For` is believed, and the guessing limits. Cheap to clone.
#[derive(Clone)]
pub struct Auth {
    pub store: Store,
    pub public_url: Option<Arc<str>>,
    pub trusted_proxies: Arc<[IpRange]>,
    pub limiter: Arc<LoginLimiter>,
    pub hash_gate: HashGate,
}

impl Auth {
    /// Whether cookies get `Secure` (and the `__Host-` prefix): when the site
    /// is published over HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }
}
