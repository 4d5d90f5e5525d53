//! The link checker: asks every web address in the catalogue whether it still
//! answers, politely — a named user agent, a few requests at a time, a time
//! limit on each — and records the results for the dashboard and `samverkan
//! check --links`.
//!
//! HTTP is `reqwest` (rustls for TLS, so no system OpenSSL), which follows up
//! to ten redirects. A `HEAD` request is tried first; when it gets anything
//! but a success status (some servers refuse `HEAD` with 405 or 501), a `GET`.
//!
//! An editor chooses the addresses, so the checker must not become a way to
//! probe the service's own network (server-side request forgery). Unless the
//! operator allows it, it asks only public addresses
//! ([`crate::addr::is_public`]): a host name is resolved by [`PublicOnly`],
//! which drops every non-public address, and the connection goes to an
//! address it returned (never a second lookup that could answer otherwise);
//! an address written as an IP, which needs no lookup, is checked before the
//! request and at every redirect; and no proxy from the environment is used.

pub mod addr;
pub mod fetch;

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

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
    /// Whether non-public addresses (loopback, private, link-local, …) may be
    /// asked. Off unless the operator turns it on.
    pub allow_private: bool,
    /// Particular non-public addresses that may be asked although
    /// `allow_private` is off (tests use a server on loopback).
    pub allowed_addresses: Vec<IpAddr>,
}

impl LinkOptions {
    /// Whether the checker may connect to `ip`.
    pub fn may_ask(&self, ip: IpAddr) -> bool {
        self.allow_private
            || crate::addr::is_public(ip)
            || self
                .allowed_addresses
                .iter()
                .any(|a| crate::addr::canonical(*a) == crate::addr::canonical(ip))
    }
}

/// Why an address was not asked.
#[derive(Debug, thiserror::Error)]
#[error("refused: {0} is not a public address")]
pub struct NotPublic(pub(crate) String);

/// Resolves host names with the system resolver and keeps only the addresses
/// the checker may ask.
struct PublicOnly(Arc<LinkOptions>);

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let options = self.0.clone();
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = found
                .iter()
                .copied()
                .filter(|a| options.may_ask(a.ip()))
                .collect();
            if allowed.is_empty() && !found.is_empty() {
                return Err(Box::new(NotPublic(host)) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}

/// Whether a URL names an IP the checker may not ask (names are left to the resolver).
fn refused_literal(url: &reqwest::Url, options: &LinkOptions) -> Option<NotPublic> {
    // The URL parser has already turned every way of writing an IPv4 address
    // (`2130706433`, `0x7f.1`) into dotted form; IPv6 comes in brackets.
    let host = url.host_str()?;
    let ip: IpAddr = host.trim_start_matches('[').trim_end_matches(']').parse().ok()?;
    (!options.may_ask(ip)).then(|| NotPublic(ip.to_string()))
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
            allow_private: false,
            allowed_addresses: Vec::new(),
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

/// An HTTP client held to `options`: its time limit, user agent, at most
/// ten redirects, no proxy, and only the addresses it may ask (checked at
/// the lookup and at every redirect).
fn client(options: &LinkOptions) -> Result<reqwest::Client, reqwest::Error> {
    let guard = Arc::new(options.clone());
    let policy_options = guard.clone();
    let redirects = reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() >= 10 {
            attempt.error("too many redirects")
        } else if let Some(refused) = refused_literal(attempt.url(), &policy_options) {
            attempt.error(refused)
        } else {
            attempt.follow()
        }
    });
    reqwest::Client::builder()
        .user_agent(options.user_agent.clone())
        .timeout(options.timeout)
        .connect_timeout(options.timeout)
        .redirect(redirects)
        .no_proxy()
        .dns_resolver(Arc::new(PublicOnly(guard)))
        .build()
}

/// Checks every address, at most `options.concurrency` at a time. The results
/// come back in the order of `urls`.
pub async fn check_links(urls: Vec<String>, options: &LinkOptions) -> Result<Vec<LinkCheck>, reqwest::Error> {
    let guard = Arc::new(options.clone());
    let client = client(options)?;
    let permits = Arc::new(Semaphore::new(options.concurrency.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    for (i, url) in urls.into_iter().enumerate() {
        let (client, permits, guard) = (client.clone(), permits.clone(), guard.clone());
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            (i, check_one(&client, url, &guard).await)
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

async fn check_one(client: &reqwest::Client, url: String, options: &LinkOptions) -> LinkCheck {
    let refused = reqwest::Url::parse(&url)
        .ok()
        .and_then(|u| refused_literal(&u, options));
    if let Some(refused) = refused {
        return LinkCheck {
            ok: false,
            status: None,
            error: Some(refused.to_string()),
            url,
            checked_at: samverkan_store::now(),
        };
    }
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
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        if let Some(refused) = c.downcast_ref::<NotPublic>() {
            return refused.to_string();
        }
        cause = c.source();
    }
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
