//! Signed-in editors' sessions. The store keeps only the SHA-256 of each
//! session's secret.

use std::time::Duration;

use jiff::Timestamp;

use crate::time::{now, read, stored, timestamp_after};
use crate::users::{User, UserRow};
use crate::{Backend, Store, StoreError};

/// A signed-in editor's session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: User,
    /// The session's token for forms (cross-site request forgery protection).
    pub csrf: String,
    pub expires_at: Timestamp,
}

/// One of an account's sessions, as its owner sees it in the list of sign-ins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    /// The SHA-256 of the session's cookie (the cookie itself is not stored).
    pub secret_hash: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    #[sqlx(flatten)]
    user: UserRow,
    csrf: String,
    expires_at: String,
}

impl Store {
    /// Starts a session for `username`, valid for `lifetime`. Expired sessions
    /// are cleared out on the way, and of the account's live sessions only the
    /// newest `keep` remain: repeated logins cannot pile up sessions.
    pub async fn create_session(
        &self,
        secret_hash: &str,
        username: &str,
        csrf: &str,
        lifetime: Duration,
        keep: u32,
    ) -> Result<(), StoreError> {
        let at = stored(now());
        let expires = stored(timestamp_after(lifetime));
        in_write_tx!(self, conn => {
            sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
                .bind(&at)
                .execute(&mut *conn)
                .await?;
            sqlx::query(
                "INSERT INTO sessions (secret_hash, username, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(secret_hash)
            .bind(username)
            .bind(csrf)
            .bind(&at)
            .bind(&expires)
            .execute(&mut *conn)
            .await?;
            sqlx::query(
                "DELETE FROM sessions WHERE username = $1 AND secret_hash NOT IN \
                 (SELECT secret_hash FROM sessions WHERE username = $1 \
                  ORDER BY created_at DESC, secret_hash LIMIT $2)",
            )
            .bind(username)
            .bind(i64::from(keep.max(1)))
            .execute(&mut *conn)
            .await?;
        })?;
        Ok(())
    }

    /// The live sessions of an account, newest first.
    pub async fn sessions_of(&self, username: &str) -> Result<Vec<SessionInfo>, StoreError> {
        let at = stored(now());
        let rows: Vec<(String, String, String)> = dispatch!(self, pool => {
            sqlx::query_as(
                "SELECT secret_hash, created_at, expires_at FROM sessions \
                 WHERE username = $1 AND expires_at > $2 ORDER BY created_at DESC, secret_hash",
            )
            .bind(username)
            .bind(&at)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(secret_hash, created_at, expires_at)| {
                Ok(SessionInfo {
                    created_at: read(&created_at, "session", username)?,
                    expires_at: read(&expires_at, "session", username)?,
                    secret_hash,
                })
            })
            .collect()
    }

    /// The live session with this secret hash and its account; `None` if
    /// there is none, it has expired, or the account is disabled.
    pub async fn session(&self, secret_hash: &str) -> Result<Option<Session>, StoreError> {
        let at = stored(now());
        let row: Option<SessionRow> = dispatch!(self, pool => {
            sqlx::query_as(
                "SELECT u.username, u.role, u.disabled, u.email, u.created_at, u.updated_at, s.csrf, s.expires_at \
                 FROM sessions s JOIN users u ON u.username = s.username \
                 WHERE s.secret_hash = $1 AND s.expires_at > $2 AND NOT u.disabled",
            )
            .bind(secret_hash)
            .bind(&at)
            .fetch_optional(pool)
            .await?
        });
        row.map(|r| {
            let user = r.user.decode()?;
            Ok(Session {
                expires_at: read(&r.expires_at, "session", &user.username)?,
                csrf: r.csrf,
                user,
            })
        })
        .transpose()
    }

    /// Ends one session (logout).
    pub async fn end_session(&self, secret_hash: &str) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            sqlx::query("DELETE FROM sessions WHERE secret_hash = $1")
                .bind(secret_hash)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Ends every session of an account.
    pub async fn end_sessions_of(&self, username: &str) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            sqlx::query("DELETE FROM sessions WHERE username = $1")
                .bind(username)
                .execute(pool)
                .await?;
        });
        Ok(())
    }
}
