//! Editors' credentials: Argon2id password hashes (the `argon2` crate, with its
//! default parameters: 19 MiB of memory, 2 passes, 1 lane, as OWASP
//! recommends), and the rules for names and passwords.

use argon2::{Argon2, PasswordHasher, PasswordVerifier};

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// The longest password accepted (hashing cost grows with length).
pub const MAX_PASSWORD_CHARS: usize = 1024;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error(
        "\"{0}\" is not a username: use 2–64 lower-case letters a–z, digits, dots, hyphens and underscores"
    )]
    Username(String),
    #[error("the password must be {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters long")]
    PasswordLength,
    #[error("the password could not be hashed: {0}")]
    Hash(String),
}

/// Checks a username: 2–64 characters of a–z, 0–9, `.`, `-`, `_`.
pub fn check_username(name: &str) -> Result<(), AuthError> {
    let ok = (2..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(AuthError::Username(name.chars().take(80).collect()))
    }
}

/// Hashes a password with Argon2id and a random salt, as a PHC string.
pub fn hash_password(password: &str) -> Result<String, AuthError> {
    let chars = password.chars().count();
    if !(MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&chars) {
        return Err(AuthError::PasswordLength);
    }
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AuthError::Hash(e.to_string()))
}

/// Whether `password` matches a stored PHC string. A malformed hash matches nothing.
pub fn verify_password(password: &str, hash: &str) -> bool {
    password.chars().count() <= MAX_PASSWORD_CHARS
        && Argon2::default()
            .verify_password(password.as_bytes(), hash)
            .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hashed_with_argon2id_and_verified() {
        let hash = hash_password("korrekt häst batteri").unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(verify_password("korrekt häst batteri", &hash));
        assert!(!verify_password("korrekt hast batteri", &hash));
        assert!(!verify_password("korrekt häst batteri", "not a hash"));
        assert_ne!(
            hash,
            hash_password("korrekt häst batteri").unwrap(),
            "a fresh salt every time"
        );
        assert_eq!(hash_password("för kort"), Err(AuthError::PasswordLength));
    }

    #[test]
    fn usernames_are_plain() {
        for ok in ["anna", "anna.svensson", "ed_2", "b-o"] {
            assert!(check_username(ok).is_ok(), "{ok}");
        }
        for bad in ["", "a", "Anna", "anna svensson", "åsa", "a/b", &"a".repeat(65)] {
            assert!(check_username(bad).is_err(), "{bad}");
        }
    }
}
