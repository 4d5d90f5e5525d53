//! Which actors (organisations) an account belongs to. An editor who belongs
//! to any may change only what those actors own (see the web crate's
//! `editing` module, which decides); one who belongs to none is one of the
//! service's own editors.

use crate::time::{now, stored};
use crate::{Backend, Store, StoreError};

impl Store {
    /// The actors an account belongs to, by id.
    pub async fn organisations_of(&self, username: &str) -> Result<Vec<String>, StoreError> {
        let ids: Vec<String> = dispatch!(self, pool => {
            sqlx::query_scalar("SELECT actor_id FROM memberships WHERE username = $1 ORDER BY actor_id")
                .bind(username)
                .fetch_all(pool)
                .await?
        });
        Ok(ids)
    }

    /// Every membership, as (account, actor), by account.
    pub async fn memberships(&self) -> Result<Vec<(String, String)>, StoreError> {
        let rows: Vec<(String, String)> = dispatch!(self, pool => {
            sqlx::query_as("SELECT username, actor_id FROM memberships ORDER BY username, actor_id")
                .fetch_all(pool)
                .await?
        });
        Ok(rows)
    }

    /// Creates an organisation's editor: the account and its memberships in
    /// one transaction, so that it never exists without them (an editor
    /// without an organisation may change everything).
    pub async fn create_member(
        &self,
        username: &str,
        password_hash: &str,
        organisations: &[String],
        added_by: &str,
    ) -> Result<crate::User, StoreError> {
        if organisations.is_empty() {
            return Err(StoreError::Unsupported(
                "an organisation's editor needs an organisation".into(),
            ));
        }
        if self.user(username).await?.is_some() {
            return Err(StoreError::UserExists(username.to_string()));
        }
        let at = stored(now());
        let created = in_write_tx!(self, conn => {
            sqlx::query(
                "INSERT INTO users (username, role, password_hash, disabled, created_at, updated_at) \
                 VALUES ($1, 'editor', $2, FALSE, $3, $3)",
            )
            .bind(username)
            .bind(password_hash)
            .bind(&at)
            .execute(&mut *conn)
            .await?;
            for actor in organisations {
                sqlx::query(
                    "INSERT INTO memberships (username, actor_id, added_by, added_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (username, actor_id) DO NOTHING",
                )
                .bind(username)
                .bind(actor)
                .bind(added_by)
                .bind(&at)
                .execute(&mut *conn)
                .await?;
            }
        });
        match created {
            Ok(()) => {}
            Err(StoreError::Database(sqlx::Error::Database(e))) if e.is_unique_violation() => {
                return Err(StoreError::UserExists(username.to_string()));
            }
            Err(e) => return Err(e),
        }
        self.user(username)
            .await?
            .ok_or_else(|| StoreError::NoUser(username.to_string()))
    }

    /// Makes an account a member of an actor (which the caller has checked
    /// exists). Being a member already is no error. Whoever was signed in
    /// as the account signs in again, with the new rights.
    pub async fn add_membership(
        &self,
        username: &str,
        actor_id: &str,
        added_by: &str,
    ) -> Result<(), StoreError> {
        if self.user(username).await?.is_none() {
            return Err(StoreError::NoUser(username.to_string()));
        }
        let at = stored(now());
        dispatch!(self, pool => {
            sqlx::query(
                "INSERT INTO memberships (username, actor_id, added_by, added_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (username, actor_id) DO NOTHING",
            )
            .bind(username)
            .bind(actor_id)
            .bind(added_by)
            .bind(&at)
            .execute(pool)
            .await?;
        });
        self.end_sessions_of(username).await
    }

    /// Ends an account's membership of an actor. The last membership cannot
    /// be removed: without one the account would be one of the service's
    /// own editors, with rights over everything.
    pub async fn remove_membership(&self, username: &str, actor_id: &str) -> Result<(), StoreError> {
        let removed = in_write_tx!(self, conn => {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM memberships WHERE username = $1")
                .bind(username)
                .fetch_one(&mut *conn)
                .await?;
            if n <= 1 {
                0
            } else {
                sqlx::query("DELETE FROM memberships WHERE username = $1 AND actor_id = $2")
                    .bind(username)
                    .bind(actor_id)
                    .execute(&mut *conn)
                    .await?
                    .rows_affected()
            }
        })?;
        if removed == 1 {
            self.end_sessions_of(username).await
        } else if self
            .organisations_of(username)
            .await?
            .iter()
            .any(|a| a == actor_id)
        {
            Err(StoreError::LastMembership(username.to_string()))
        } else {
            Err(StoreError::NoMembership {
                username: username.to_string(),
                actor: actor_id.to_string(),
            })
        }
    }
}
