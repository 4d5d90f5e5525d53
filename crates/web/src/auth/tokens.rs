//! API tokens: made for an account by an admin (in the editors' area) or an
//! operator (`samverkan token add`), under the same rules in both places.

use samverkan_store::{ApiToken, Store, StoreError};

use super::session::{TOKEN_PREFIX, new_secret, secret_hash};

/// The longest name a token may have.
pub const MAX_TOKEN_NAME_CHARS: usize = 100;

/// Why a token was not made.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// The name is empty, too long, or holds control characters.
    #[error("a token's name is 1 to {MAX_TOKEN_NAME_CHARS} characters of plain text")]
    BadName,
    /// No such account, or it is disabled.
    #[error("there is no enabled account \"{0}\"")]
    NoAccount(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Whether `name` may name a token.
pub fn valid_token_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= MAX_TOKEN_NAME_CHARS
        && samverkan_domain::text::check_text(name, false).is_ok()
}

/// Makes a token named `name` that acts as `username`; returns the token
/// (shown once, never stored) and what the store keeps of it.
pub async fn issue_token(
    store: &Store,
    name: &str,
    username: &str,
    created_by: &str,
) -> Result<(String, ApiToken), TokenError> {
    if !valid_token_name(name) {
        return Err(TokenError::BadName);
    }
    if store.user(username).await?.is_none_or(|u| u.disabled) {
        return Err(TokenError::NoAccount(username.to_string()));
    }
    let token = format!("{TOKEN_PREFIX}{}", new_secret());
    let created = store
        .create_token(name, username, &secret_hash(&token), created_by)
        .await?;
    tracing::info!(token = created.id, username, by = created_by, "API token created");
    Ok((token, created))
}
