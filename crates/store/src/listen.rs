//! Hearing other instances' changes as they commit: on PostgreSQL every write
//! sends a [`Notice`] on [`CHANGES_CHANNEL`] (see `entries.rs`), and a
//! [`Listener`] receives those of this installation's schema. SQLite has no
//! such channel; its instances poll the change marker.

use sqlx::postgres::PgListener;

use crate::entries::{CHANGES_CHANNEL, Notice};
use crate::{Backend, Store, StoreError};

/// A connection that hears every change committed to this installation's
/// PostgreSQL schema.
pub struct Listener {
    listener: PgListener,
    schema: String,
    pid: Option<i32>,
}

/// What a listener heard.
#[derive(Debug)]
pub enum Heard {
    /// A change, with what it wrote.
    Notice(Notice),
    /// The connection was lost: changes made meanwhile were not heard. The
    /// next call connects again.
    Lost,
}

impl Store {
    /// A listener for this database's changes, or `None` on SQLite.
    pub async fn listen(&self) -> Result<Option<Listener>, StoreError> {
        let Backend::Postgres(pool) = &self.backend else {
            return Ok(None);
        };
        let schema: String = sqlx::query_scalar("SELECT current_schema()")
            .fetch_one(pool)
            .await?;
        let mut listener = PgListener::connect_with(pool).await?;
        listener.listen(CHANGES_CHANNEL).await?;
        let mut listener = Listener {
            listener,
            schema,
            pid: None,
        };
        listener.pid = listener.backend_pid().await.ok();
        Ok(Some(listener))
    }
}

impl Listener {
    /// The next change to this installation's schema, or word that the
    /// connection was lost.
    pub async fn next(&mut self) -> Result<Heard, StoreError> {
        loop {
            let Some(notification) = self.listener.try_recv().await? else {
                self.pid = None;
                return Ok(Heard::Lost);
            };
            if self.pid.is_none() {
                // Connected again: the new connection's process.
                self.pid = self.backend_pid().await.ok();
            }
            match serde_json::from_str::<Notice>(notification.payload()) {
                Ok(notice) if notice.schema == self.schema => return Ok(Heard::Notice(notice)),
                // Another installation's schema in the same database.
                Ok(_) => continue,
                Err(e) => {
                    tracing::warn!(error = %e, payload = notification.payload(), "a change notice that could not be read");
                    continue;
                }
            }
        }
    }

    /// The PostgreSQL server process of the listening connection, as last
    /// known (`None` while it is being replaced).
    pub fn pid(&self) -> Option<i32> {
        self.pid
    }

    async fn backend_pid(&mut self) -> Result<i32, StoreError> {
        Ok(sqlx::query_scalar("SELECT pg_backend_pid()")
            .fetch_one(&mut self.listener)
            .await?)
    }
}
