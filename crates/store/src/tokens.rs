//! API tokens for the write API. The store keeps only the SHA-256 of each
//! token.

use jiff::Timestamp;
use sqlx::Row;

use crate::time::{now, read, stored};
use crate::users::User;
use crate::{Backend, Store, StoreError};

/// An API token, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ApiToken {
    pub id: i64,
    /// What the token is for, as the admin who made it wrote it.
    pub name: String,
    /// The account the token acts as.
    pub username: String,
    pub created_by: String,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

/// The columns of a token, in [`TokenRow`]'s order.
const TOKEN_SELECT: &str = "SELECT id, name, username, created_by, created_at, revoked_at FROM api_tokens";

#[derive(sqlx::FromRow)]
struct TokenRow {
    id: i64,
    name: String,
    username: String,
    created_by: String,
    created_at: String,
    revoked_at: Option<String>,
}

impl TokenRow {
    fn decode(self) -> Result<ApiToken, StoreError> {
        let id = self.id.to_string();
        Ok(ApiToken {
            id: self.id,
            created_at: read(&self.created_at, "API token", &id)?,
            revoked_at: self
                .revoked_at
                .as_deref()
                .map(|t| read(t, "API token", &id))
                .transpose()?,
            name: self.name,
            username: self.username,
            created_by: self.created_by,
        })
    }
}

impl Store {
    /// Stores a new API token (its hash) acting as `username`.
    pub async fn create_token(
        &self,
        name: &str,
        username: &str,
        token_hash: &str,
        created_by: &str,
    ) -> Result<ApiToken, StoreError> {
        if self.user(username).await?.is_none() {
            return Err(StoreError::NoUser(username.to_string()));
        }
        let at = now();
        let id: i64 = dispatch!(self, pool => {
            sqlx::query(
                "INSERT INTO api_tokens (name, username, token_hash, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(name)
            .bind(username)
            .bind(token_hash)
            .bind(created_by)
            .bind(stored(at))
            .fetch_one(pool)
            .await?
            .try_get(0)?
        });
        Ok(ApiToken {
            id,
            name: name.to_string(),
            username: username.to_string(),
            created_by: created_by.to_string(),
            created_at: at,
            revoked_at: None,
        })
    }

    /// Every API token, revoked ones too, newest first.
    pub async fn tokens(&self) -> Result<Vec<ApiToken>, StoreError> {
        let rows: Vec<TokenRow> = dispatch!(self, pool => {
            sqlx::query_as(&format!("{TOKEN_SELECT} ORDER BY id DESC"))
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(TokenRow::decode).collect()
    }

    /// The live token with this hash and its account; `None` if there is none,
    /// it is revoked, or its account is disabled.
    pub async fn token_user(&self, token_hash: &str) -> Result<Option<(ApiToken, User)>, StoreError> {
        let row: Option<TokenRow> = dispatch!(self, pool => {
            sqlx::query_as(&format!("{TOKEN_SELECT} WHERE token_hash = $1 AND revoked_at IS NULL"))
                .bind(token_hash)
                .fetch_optional(pool)
                .await?
        });
        let Some(token) = row.map(TokenRow::decode).transpose()? else {
            return Ok(None);
        };
        Ok(self
            .user(&token.username)
            .await?
            .filter(|u| !u.disabled)
            .map(|u| (token, u)))
    }

    /// Revokes a token for good.
    pub async fn revoke_token(&self, id: i64) -> Result<(), StoreError> {
        let at = stored(now());
        let done = dispatch!(self, pool => {
            sqlx::query("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2")
                .bind(&at)
                .bind(id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        if done == 1 {
            Ok(())
        } else {
            Err(StoreError::NoToken(id))
        }
    }
}
