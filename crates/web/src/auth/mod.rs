//! Who is asking, for the whole application: editors' passwords
//! ([`password`]), sessions, API tokens and the cross-site request checks
//! ([`session`]), and the limits on password guessing ([`limiter`]). The
//! editors' area and the write API both build on it; it depends on neither.

pub mod limiter;
pub mod password;
pub mod session;

pub use password::{
    AuthError, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, check_username, hash_password, verify_password,
};
