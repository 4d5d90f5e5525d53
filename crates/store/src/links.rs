//! The link checker's latest result for each address.

use jiff::Timestamp;

use crate::time::{read, stored};
use crate::{Backend, Store, StoreError};

/// The result of checking one link.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LinkCheck {
    pub url: String,
    pub checked_at: Timestamp,
    /// Whether the address answered with a success status (after redirects).
    pub ok: bool,
    /// The final HTTP status, if there was an answer.
    pub status: Option<i32>,
    /// Why there was no usable answer (timeout, DNS, TLS …).
    pub error: Option<String>,
}

#[derive(sqlx::FromRow)]
struct LinkCheckRow {
    url: String,
    checked_at: String,
    ok: bool,
    status: Option<i32>,
    error: Option<String>,
}

impl Store {
    /// Records the results of a link check, replacing earlier results for the same addresses.
    pub async fn record_link_checks(&self, checks: &[LinkCheck]) -> Result<(), StoreError> {
        in_write_tx!(self, conn => {
            for c in checks {
                sqlx::query(
                    "INSERT INTO link_checks (url, checked_at, ok, status, error) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (url) DO UPDATE SET checked_at = $2, ok = $3, status = $4, error = $5",
                )
                .bind(&c.url)
                .bind(stored(c.checked_at))
                .bind(c.ok)
                .bind(c.status)
                .bind(&c.error)
                .execute(&mut *conn)
                .await?;
            }
        })?;
        Ok(())
    }

    /// The latest result for every checked address, by address.
    pub async fn link_checks(&self) -> Result<Vec<LinkCheck>, StoreError> {
        let rows: Vec<LinkCheckRow> = dispatch!(self, pool => {
            sqlx::query_as("SELECT url, checked_at, ok, status, error FROM link_checks ORDER BY url")
                .fetch_all(pool)
                .await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(LinkCheck {
                    checked_at: read(&r.checked_at, "link check", &r.url)?,
                    url: r.url,
                    ok: r.ok,
                    status: r.status,
                    error: r.error,
                })
            })
            .collect()
    }
}
