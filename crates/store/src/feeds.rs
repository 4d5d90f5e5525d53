//! The files organisations publish with their grants, for the harvest: the
//! address, how differences are taken (proposals or direct changes), and
//! what the last harvest found.

use jiff::Timestamp;

use crate::time::{now, read, stored};
use crate::{Backend, Store, StoreError};

/// An organisation's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationFeed {
    pub actor_id: String,
    pub url: String,
    /// Publish differences directly instead of as proposals for review.
    pub direct: bool,
    pub set_by: String,
    pub set_at: Timestamp,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub checked_at: Option<Timestamp>,
    /// `ok`, `unchanged` or `error`.
    pub status: Option<String>,
    pub message: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Row {
    actor_id: String,
    url: String,
    direct: bool,
    set_by: String,
    set_at: String,
    etag: Option<String>,
    last_modified: Option<String>,
    checked_at: Option<String>,
    status: Option<String>,
    message: Option<String>,
}

impl Row {
    fn decode(self) -> Result<OrganisationFeed, StoreError> {
        Ok(OrganisationFeed {
            set_at: read(&self.set_at, "feed", &self.actor_id)?,
            checked_at: self
                .checked_at
                .as_deref()
                .map(|t| read(t, "feed", &self.actor_id))
                .transpose()?,
            actor_id: self.actor_id,
            url: self.url,
            direct: self.direct,
            set_by: self.set_by,
            etag: self.etag,
            last_modified: self.last_modified,
            status: self.status,
            message: self.message,
        })
    }
}

const SELECT: &str = "SELECT actor_id, url, direct, set_by, set_at, etag, last_modified, checked_at, status, message \
     FROM organisation_feeds";

/// What a harvest found, to record.
#[derive(Debug, Clone)]
pub struct HarvestResult<'a> {
    pub status: &'a str,
    pub message: &'a str,
    /// The validators of a file that was read and taken; `None` keeps the
    /// stored ones (a 304, or a failure, which is fetched whole next time).
    pub validators: Option<(Option<&'a str>, Option<&'a str>)>,
}

impl Store {
    /// Every organisation's file, by actor id.
    pub async fn organisation_feeds(&self) -> Result<Vec<OrganisationFeed>, StoreError> {
        let rows: Vec<Row> = dispatch!(self, pool => {
            sqlx::query_as(&format!("{SELECT} ORDER BY actor_id")).fetch_all(pool).await?
        });
        rows.into_iter().map(Row::decode).collect()
    }

    /// Sets an organisation's file (forgetting what was fetched from any
    /// earlier address), or removes it with `None`.
    pub async fn set_organisation_feed(
        &self,
        actor_id: &str,
        feed: Option<(&str, bool)>,
        by: &str,
    ) -> Result<(), StoreError> {
        let at = stored(now());
        dispatch!(self, pool => {
            match feed {
                Some((url, direct)) => sqlx::query(
                    "INSERT INTO organisation_feeds (actor_id, url, direct, set_by, set_at) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (actor_id) DO UPDATE SET url = excluded.url, direct = excluded.direct, \
                     set_by = excluded.set_by, set_at = excluded.set_at, \
                     etag = CASE WHEN organisation_feeds.url = excluded.url THEN organisation_feeds.etag END, \
                     last_modified = CASE WHEN organisation_feeds.url = excluded.url THEN organisation_feeds.last_modified END",
                )
                .bind(actor_id)
                .bind(url)
                .bind(direct)
                .bind(by)
                .bind(&at)
                .execute(pool)
                .await?,
                None => sqlx::query("DELETE FROM organisation_feeds WHERE actor_id = $1")
                    .bind(actor_id)
                    .execute(pool)
                    .await?,
            };
        });
        Ok(())
    }

    /// Records what a harvest of `actor_id`'s file found.
    pub async fn record_harvest(&self, actor_id: &str, result: &HarvestResult<'_>) -> Result<(), StoreError> {
        let at = stored(now());
        dispatch!(self, pool => {
            match result.validators {
                Some((etag, last_modified)) => sqlx::query(
                    "UPDATE organisation_feeds SET checked_at = $1, status = $2, message = $3, etag = $4, \
                     last_modified = $5 WHERE actor_id = $6",
                )
                .bind(&at)
                .bind(result.status)
                .bind(result.message)
                .bind(etag)
                .bind(last_modified)
                .bind(actor_id)
                .execute(pool)
                .await?,
                None => sqlx::query(
                    "UPDATE organisation_feeds SET checked_at = $1, status = $2, message = $3 WHERE actor_id = $4",
                )
                .bind(&at)
                .bind(result.status)
                .bind(result.message)
                .bind(actor_id)
                .execute(pool)
                .await?,
            };
        });
        Ok(())
    }
}
