//! Editors' accounts: name, role, whether disabled, and the password hash
//! (which leaves the store only for signing in).

use jiff::Timestamp;

use crate::time::{now, read, stored};
use crate::{Backend, Store, StoreError};

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Edits actors, grants and initiatives.
    Editor,
    /// Also manages accounts and API tokens.
    Admin,
}

impl Role {
    pub const ALL: [Role; 2] = [Role::Editor, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// An editor's account, without its password hash.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct User {
    pub username: String,
    pub role: Role,
    pub disabled: bool,
    /// Where reminders to check entries go; none by default.
    pub email: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// The columns of an account, in [`UserRow`]'s order (the session query
/// names the same columns).
pub(crate) const USER_SELECT: &str = "SELECT username, role, disabled, email, created_at, updated_at";

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    username: String,
    role: String,
    disabled: bool,
    email: Option<String>,
    created_at: String,
    updated_at: String,
}

impl UserRow {
    pub(crate) fn decode(self) -> Result<User, StoreError> {
        let role = Role::parse(&self.role).ok_or_else(|| StoreError::Corrupt {
            kind: "user".into(),
            id: self.username.clone(),
            message: format!("unknown role \"{}\"", self.role),
        })?;
        Ok(User {
            role,
            disabled: self.disabled,
            email: self.email,
            created_at: read(&self.created_at, "user", &self.username)?,
            updated_at: read(&self.updated_at, "user", &self.username)?,
            username: self.username,
        })
    }
}

#[derive(sqlx::FromRow)]
struct CredentialsRow {
    #[sqlx(flatten)]
    user: UserRow,
    password_hash: String,
}

impl Store {
    /// Creates an account. `password_hash` must already be a PHC string.
    pub async fn create_user(
        &self,
        username: &str,
        role: Role,
        password_hash: &str,
    ) -> Result<User, StoreError> {
        if self.user(username).await?.is_some() {
            return Err(StoreError::UserExists(username.to_string()));
        }
        let at = stored(now());
        let inserted = dispatch!(self, pool => {
            sqlx::query(
                "INSERT INTO users (username, role, password_hash, disabled, created_at, updated_at) \
                 VALUES ($1, $2, $3, FALSE, $4, $4)",
            )
            .bind(username)
            .bind(role.as_str())
            .bind(password_hash)
            .bind(&at)
            .execute(pool)
            .await
            .map(|_| ())
        });
        match inserted {
            Ok(_) => {}
            // Someone created the same account at the same moment.
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                return Err(StoreError::UserExists(username.to_string()));
            }
            Err(e) => return Err(e.into()),
        }
        self.user(username)
            .await?
            .ok_or_else(|| StoreError::NoUser(username.to_string()))
    }

    /// Every account, by name.
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let rows: Vec<UserRow> = dispatch!(self, pool => {
            sqlx::query_as(&format!("{USER_SELECT} FROM users ORDER BY username"))
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(UserRow::decode).collect()
    }

    /// One account.
    pub async fn user(&self, username: &str) -> Result<Option<User>, StoreError> {
        Ok(self.credentials(username).await?.map(|(user, _)| user))
    }

    /// An account and its password hash, for signing in.
    pub async fn credentials(&self, username: &str) -> Result<Option<(User, String)>, StoreError> {
        let row: Option<CredentialsRow> = dispatch!(self, pool => {
            sqlx::query_as(&format!("{USER_SELECT}, password_hash FROM users WHERE username = $1"))
                .bind(username)
                .fetch_optional(pool)
                .await?
        });
        row.map(|r| Ok((r.user.decode()?, r.password_hash))).transpose()
    }

    /// Replaces an account's password hash.
    pub async fn set_password(&self, username: &str, password_hash: &str) -> Result<(), StoreError> {
        let at = stored(now());
        let done = dispatch!(self, pool => {
            sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE username = $3")
                .bind(password_hash)
                .bind(&at)
                .bind(username)
                .execute(pool)
                .await?
                .rows_affected()
        });
        self.account_changed(username, done).await
    }

    /// Disables or enables an account. A disabled account cannot sign in.
    pub async fn set_disabled(&self, username: &str, disabled: bool) -> Result<(), StoreError> {
        let at = stored(now());
        let done = dispatch!(self, pool => {
            sqlx::query("UPDATE users SET disabled = $1, updated_at = $2 WHERE username = $3")
                .bind(disabled)
                .bind(&at)
                .bind(username)
                .execute(pool)
                .await?
                .rows_affected()
        });
        self.account_changed(username, done).await
    }

    /// Sets or clears the address an account's reminders go to. It does not
    /// end the account's sessions.
    pub async fn set_email(&self, username: &str, email: Option<&str>) -> Result<(), StoreError> {
        let at = stored(now());
        let done = dispatch!(self, pool => {
            sqlx::query("UPDATE users SET email = $1, updated_at = $2 WHERE username = $3")
                .bind(email)
                .bind(&at)
                .bind(username)
                .execute(pool)
                .await?
                .rows_affected()
        });
        if done == 1 {
            Ok(())
        } else {
            Err(StoreError::NoUser(username.to_string()))
        }
    }

    /// After a change to an account's password or state (`rows` rows
    /// updated): whoever was signed in as it must sign in again.
    async fn account_changed(&self, username: &str, rows: u64) -> Result<(), StoreError> {
        if rows == 1 {
            self.end_sessions_of(username).await
        } else {
            Err(StoreError::NoUser(username.to_string()))
        }
    }
}
