//! The link checker: asks every web address in the catalogue whether it still
//! answers, politely — a named user agent, a few requests at a time, a time
//! limit on each — and records the results for the dashboard and `samverkan
//! check --links`.
//!
//! HTTP is `reqwest` (rustls for TLS, so no system OpenSSL), which follows up
//! to ten redirects. A `HEAD` request is tried first; when it gets anything
//! but a success status (some servers refuse `HEAD` with 405 or 501), a `GET`.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use samverkan_domain::{Catalog, EntryKind, Slug};
use samverkan_store::LinkCheck;
use tokio::sync::Semaphore;

/// How links are checked.
#[derive(Debug, Clone)]
pub struct LinkOptions {
    /// The time limit for each address, redirects included.
    pub timeout: Duration,
    /// How many addresses are asked at once.
    pub concurrency: usize,
    /// Who is asking, with a way to reach the service.
    pub user_agent: String,
}

impl LinkOptions {
    /// Ten seconds per address, four at a time, and a user agent that names
    /// the service and where it is published.
    pub fn polite(public_url: Option<&str>) -> LinkOptions {
        let contact = public_url.unwrap_or("https://github.com/samverkan");
        LinkOptions {
            timeout: Duration::from_secs(10),
            concurrency: 4,
            user_agent: format!(
                "Samverkan-lankkontroll/{} (+{contact})",
                env!("CARGO_PKG_VERSION")
            ),
        }
    }
}

/// Where each address is used: the entries that link to it.
pub fn links_in(catalog: &Catalog) -> BTreeMap<String, Vec<(EntryKind, Slug)>> {
    let mut out: BTreeMap<String, Vec<(EntryKind, Slug)>> = BTreeMap::new();
    for a in catalog.actors() {
        if let Some(url) = &a.website {
            out.entry(url.clone())
                .or_default()
                .push((EntryKind::Actor, a.id.clone()));
        }
    }
    for g in catalog.grants() {
        if let Some(url) = &g.url {
            out.entry(url.clone())
                .or_default()
                .push((EntryKind::Grant, g.id.clone()));
        }
    }
    out
}

/// Checks every address, at most `options.concurrency` at a time. The results
/// come back in the order of `urls`.
pub async fn check_links(urls: Vec<String>, options: &LinkOptions) -> Result<Vec<LinkCheck>, reqwest::Error> {
    let client = reqwest::Client::builder()
        .user_agent(options.user_agent.clone())
        .timeout(options.timeout)
        .connect_timeout(options.timeout)
        .build()?;
    let permits = Arc::new(Semaphore::new(options.concurrency.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    for (i, url) in urls.into_iter().enumerate() {
        let (client, permits) = (client.clone(), permits.clone());
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            (i, check_one(&client, url).await)
        });
    }
    let mut results = Vec::new();
    while let Some(done) = tasks.join_next().await {
        match done {
            Ok(result) => results.push(result),
            Err(e) => tracing::error!(error = %e, "a link check task failed"),
        }
    }
    results.sort_by_key(|(i, _)| *i);
    Ok(results.into_iter().map(|(_, r)| r).collect())
}

async fn check_one(client: &reqwest::Client, url: String) -> LinkCheck {
    let head = client.head(&url).send().await;
    let answer = match head {
        // Some servers do not do HEAD, or do it wrong; ask properly.
        Ok(r) if !r.status().is_success() => client.get(&url).send().await,
        other => other,
    };
    let checked_at = samverkan_store::now();
    match answer {
        Ok(r) => LinkCheck {
            ok: r.status().is_success(),
            status: Some(i32::from(r.status().as_u16())),
            error: None,
            url,
            checked_at,
        },
        Err(e) => LinkCheck {
            ok: false,
            status: None,
            error: Some(describe(&e)),
            url,
            checked_at,
        },
    }
}

/// A short English reason for a failed request.
fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        "could not connect".into()
    } else if e.is_redirect() {
        "too many redirects".into()
    } else if e.is_builder() {
        "not a usable address".into()
    } else {
        let mut text = e.to_string();
        text.truncate(200);
        text
    }
}
