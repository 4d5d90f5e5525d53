//! Bevakningar: e-mail alerts for the grant finder's results and for one
//! grant, without an account (issue 15; docs/ALERTS.md).
//!
//! - [`pages`]: subscribing (double opt-in), confirming, managing, leaving
//!   (RFC 8058 one-click) and asking for a management link, in both
//!   languages, without JavaScript.
//! - [`plan`]: which digests and reminders are due, written to the store's
//!   outbox; run by the sender in `serve` and by `samverkan alerts send`.
//! - [`compose`]: the messages (plain text and HTML, Swedish or English)
//!   built with lettre's message builder.
//! - [`send`]: delivering the outbox over SMTP (lettre) or into `.eml` files.
//! - [`token`]: the signed links in every message.

pub mod compose;
pub mod pages;
pub mod plan;
pub mod send;
pub mod token;
pub mod verify;

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use samverkan_domain::{Catalog, GrantQuery, GrantSort, Slug};
use samverkan_search::SearchIndex;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::filters::{self, DefaultSort, GrantFilters};
use crate::http::query::ParamError;
use crate::i18n::Lang;

/// Reminder days a subscriber may choose, and those chosen by default.
pub const REMINDER_CHOICES: [u32; 5] = [30, 14, 7, 3, 1];
pub const REMINDER_DEFAULT: [u32; 2] = [14, 3];

/// How long a confirmation link works.
pub const CONFIRM_WITHIN: jiff::SignedDuration = jiff::SignedDuration::from_hours(48);

/// Confirmation and management messages to one address in a day, at most.
pub const PER_ADDRESS_PER_DAY: usize = 3;

/// Subscription requests from one client address in an hour, at most.
pub const PER_CLIENT_PER_HOUR: u32 = 10;

/// What the alerts share across requests and the sender.
#[derive(Clone, Default)]
pub struct Alerts {
    /// Wakes the sender when a message was written (a confirmation).
    pub wake: Arc<tokio::sync::Notify>,
    /// Requests per client address in the current hour.
    clients: Arc<Mutex<ClientWindow>>,
    /// Error reports per client address in the current hour.
    reporters: Arc<Mutex<ClientWindow>>,
    /// The signing key, read from the store once.
    signer: Arc<tokio::sync::OnceCell<token::Signer>>,
}

#[derive(Default)]
struct ClientWindow {
    started: Option<Instant>,
    counts: HashMap<IpAddr, u32>,
}

impl Alerts {
    /// Counts a request from `ip`; false once the hour's allowance is spent.
    /// IPv6 clients count by their /64, which one household usually has.
    pub fn allow(&self, ip: IpAddr) -> bool {
        counted(&self.clients, ip)
    }

    /// The same for error reports ("Rapportera fel"), counted apart.
    pub fn allow_report(&self, ip: IpAddr) -> bool {
        counted(&self.reporters, ip)
    }

    /// The key that signs links, from the store (made there on first use).
    pub async fn signer(
        &self,
        store: &samverkan_store::Store,
    ) -> Result<&token::Signer, samverkan_store::StoreError> {
        self.signer
            .get_or_try_init(|| async { Ok(token::Signer::new(&store.alert_key().await?)) })
            .await
    }
}

/// Counts a request from `ip` in `window`; false once the hour's allowance is spent.
fn counted(window: &Mutex<ClientWindow>, ip: IpAddr) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => {
            let mut bytes = v6.octets();
            bytes[8..].fill(0);
            IpAddr::from(bytes)
        }
        v4 => v4,
    };
    let mut window = window.lock().unwrap_or_else(|p| p.into_inner());
    let now = Instant::now();
    if window
        .started
        .is_none_or(|s| now.duration_since(s) >= Duration::from_secs(3600))
    {
        window.started = Some(now);
        window.counts.clear();
    }
    let n = window.counts.entry(ip).or_insert(0);
    *n += 1;
    *n <= PER_CLIENT_PER_HOUR
}

/// What a subscription follows, as its query string holds it: the grant
/// finder's filters, or one grant (`grant`).
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct Follow {
    #[param(max_length = 500)]
    pub q: Option<String>,
    pub area: Option<Vec<String>>,
    pub applicant: Option<Vec<String>>,
    pub provider: Option<Vec<String>>,
    pub status: Option<Vec<String>>,
    #[param(minimum = 0, maximum = 3660)]
    pub within_days: Option<u32>,
    /// One grant, instead of filters.
    pub grant: Option<String>,
}

impl Follow {
    /// Reads a query string (a finder URL's, or a stored filter); other
    /// parameters (`page`, `sort`, `on`) are ignored.
    pub fn read(query: Option<&str>) -> Result<Follow, ParamError> {
        let mut follow: Follow = crate::http::query::read(query, false)?;
        follow.q = follow.q.map(|q| q.trim().to_string()).filter(|q| !q.is_empty());
        Ok(follow)
    }

    /// The normalised query string: each filter in a fixed order, values
    /// as given.
    pub fn to_query(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if let Some(grant) = &self.grant {
            out.append_pair("grant", grant);
            return out.finish();
        }
        if let Some(q) = &self.q {
            out.append_pair("q", q);
        }
        for (name, values) in [
            ("area", &self.area),
            ("applicant", &self.applicant),
            ("provider", &self.provider),
            ("status", &self.status),
        ] {
            for v in values.iter().flatten() {
                out.append_pair(name, v);
            }
        }
        if let Some(n) = self.within_days {
            out.append_pair("within_days", &n.to_string());
        }
        out.finish()
    }

    /// Where it is seen on the site: the grant's page, or the finder with
    /// these filters.
    pub fn page_href(&self, lang: Lang) -> String {
        match &self.grant {
            Some(id) => crate::urls::Route::Grant(id.clone()).href(lang),
            None => with_query(&crate::urls::Route::Grants.href(lang), &self.to_query()),
        }
    }

    /// The alert form for it.
    pub fn form_href(&self, lang: Lang) -> String {
        with_query(
            compose::pages_path(lang, compose::Page::Subscribe),
            &self.to_query(),
        )
    }

    /// What it selects in the catalogue: a grant query, or one grant.
    pub fn select(&self, catalog: &Catalog, search: &SearchIndex) -> Result<Selection, SelectError> {
        if let Some(id) = &self.grant {
            return match Slug::parse(id)
                .ok()
                .filter(|id| catalog.grant(id.as_str()).is_some())
            {
                Some(id) => Ok(Selection::Grant(id)),
                None => Err(SelectError::Param(crate::http::query::invalid(
                    "grant",
                    format!(
                        "there is no grant \"{}\"",
                        id.chars().take(80).collect::<String>()
                    ),
                ))),
            };
        }
        let mut query = filters::grant_query(
            GrantFilters {
                q: self.q.as_deref(),
                area: self.area.as_deref(),
                applicant: self.applicant.as_deref(),
                provider: self.provider.as_deref(),
                status: self.status.as_deref(),
                within_days: self.within_days,
                sort: None,
            },
            catalog,
            search,
            DefaultSort::Deadline,
        )
        .map_err(|e| match e {
            filters::FilterError::Param(p) => SelectError::Param(p),
            filters::FilterError::Search(s) => SelectError::Search(s),
        })?;
        query.sort = GrantSort::Deadline;
        Ok(Selection::Query(Box::new(query)))
    }

    /// [`Follow::describe`], with the words searched for not repeated (for
    /// the confirmation message, which goes to an address nobody has
    /// confirmed yet).
    pub fn describe_without_text(&self, lang: Lang, catalog: &Catalog) -> Vec<String> {
        let text = self.q.is_some().then(|| lang.t("alerts-follow-some-text"));
        let rest = Follow {
            q: None,
            area: self.area.clone(),
            applicant: self.applicant.clone(),
            provider: self.provider.clone(),
            status: self.status.clone(),
            within_days: self.within_days,
            grant: self.grant.clone(),
        };
        let mut lines: Vec<String> = text.into_iter().collect();
        let described = rest.describe(lang, catalog);
        // "All grants" is not true of a text search.
        if lines.is_empty() || described != [lang.t("alerts-follow-all")] {
            lines.extend(described);
        }
        lines
    }

    /// The filters in words, one line each, for the forms and the messages.
    pub fn describe(&self, lang: Lang, catalog: &Catalog) -> Vec<String> {
        if let Some(id) = &self.grant {
            let title = catalog.grant(id).map_or_else(|| id.clone(), |g| g.title.clone());
            return vec![lang.t1("alerts-follow-grant", "title", title)];
        }
        let mut lines = Vec::new();
        let names = |values: &Option<Vec<String>>, name: &dyn Fn(&str) -> Option<String>| {
            values
                .iter()
                .flatten()
                .map(|v| name(v).unwrap_or_else(|| v.clone()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if let Some(q) = &self.q {
            lines.push(lang.t1("alerts-follow-text", "text", q.clone()));
        }
        let area = names(&self.area, &|id| {
            catalog.area(id).map(|a| crate::site::area_label(lang, a))
        });
        if !area.is_empty() {
            lines.push(lang.t1("alerts-follow-area", "names", area));
        }
        let applicant = names(&self.applicant, &|id| {
            catalog
                .applicant_type(id)
                .map(|_| crate::site::applicant_label(lang, catalog, id))
        });
        if !applicant.is_empty() {
            lines.push(lang.t1("alerts-follow-applicant", "names", applicant));
        }
        let provider = names(&self.provider, &|id| catalog.actor(id).map(|a| a.name.clone()));
        if !provider.is_empty() {
            lines.push(lang.t1("alerts-follow-provider", "names", provider));
        }
        let status = names(&self.status, &|s| Some(lang.t(&format!("filter-status-{s}"))));
        if !status.is_empty() {
            lines.push(lang.t1("alerts-follow-status", "names", status));
        }
        if let Some(n) = self.within_days {
            lines.push(lang.t1("alerts-follow-within", "days", n));
        }
        if lines.is_empty() {
            lines.push(lang.t("alerts-follow-all"));
        }
        lines
    }
}

/// `base`, with `query` after a `?` when there is one.
fn with_query(base: &str, query: &str) -> String {
    if query.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{query}")
    }
}

/// What a subscription selects.
pub enum Selection {
    Query(Box<GrantQuery>),
    Grant(Slug),
}

/// Why a subscription's filters select nothing.
#[derive(Debug)]
pub enum SelectError {
    Param(ParamError),
    Search(samverkan_search::SearchError),
}

impl std::fmt::Display for SelectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SelectError::Param(p) => f.write_str(&p.message),
            SelectError::Search(s) => write!(f, "{s}"),
        }
    }
}

/// A subscription's language.
pub fn lang_of(code: &str) -> Lang {
    if code == "en" { Lang::En } else { Lang::Sv }
}

/// A new random id or secret: 16 bytes as hex for ids.
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system provides random bytes");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_follow_keeps_only_filters_in_a_fixed_order() {
        let f = Follow::read(Some("page=3&status=upcoming&area=boende&q=+l%C3%A4xhj%C3%A4lp+&sort=relevance&on=2026-01-01&area=arbete"))
            .unwrap();
        assert_eq!(
            f.to_query(),
            "q=l%C3%A4xhj%C3%A4lp&area=boende&area=arbete&status=upcoming"
        );
        let g = Follow::read(Some("grant=boverket-svag-bostadsmarknad&area=boende")).unwrap();
        assert_eq!(g.to_query(), "grant=boverket-svag-bostadsmarknad");
        assert_eq!(Follow::read(Some("q=%20")).unwrap().to_query(), "");
        assert!(Follow::read(Some("within_days=x")).is_err());
    }

    #[test]
    fn each_client_may_ask_ten_times_an_hour() {
        let alerts = Alerts::default();
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        for _ in 0..PER_CLIENT_PER_HOUR {
            assert!(alerts.allow(a));
        }
        assert!(!alerts.allow(a));
        assert!(alerts.allow("192.0.2.2".parse().unwrap()), "another client");
        let v6a: IpAddr = "2001:db8::1".parse().unwrap();
        for _ in 0..PER_CLIENT_PER_HOUR {
            assert!(alerts.allow(v6a));
        }
        assert!(!alerts.allow("2001:db8::2".parse().unwrap()), "the same /64");
    }
}
