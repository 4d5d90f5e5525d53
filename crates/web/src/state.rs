//! The application's state: the store, and a snapshot of the catalogue and its
//! search index that requests read without touching the database.
//!
//! When the database changes — by this instance or by any other serving the
//! same database — the entries written since the snapshot's change marker
//! are read and applied in place to a copy of the snapshot
//! ([`Catalog::with_changes`], [`SearchIndex::with_changes`]), which then
//! replaces it; only a large change (an import) loads everything again. This
//! instance applies its own writes before answering them; on PostgreSQL the
//! others hear of each write as it commits (`LISTEN`), and poll the marker
//! every second only while that connection is down; on SQLite they poll.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use samverkan_domain::Catalog;
use samverkan_search::SearchIndex;
use samverkan_store::{Changes, Heard, Store, StoreError};

use crate::http::response_cache::ResponseCache;

/// Settings that shape answers.
#[derive(Debug, Clone)]
pub struct Config {
    /// An entry is due to be checked again this many days after it was
    /// last checked (and a grant also before each dated deadline); past
    /// that it is overdue ("stale").
    pub stale_days: u32,
    /// How many days before an entry's check falls due its organisation's
    /// editors are reminded by e-mail, and the dashboard lists it.
    pub verify_remind_days: u32,
    /// The address the site is published at (`https://samverkan.example`),
    /// for absolute links in feeds, calendar files, the sitemap and the DCAT
    /// description, and as the origin forms must come from. `samverkan serve`
    /// always sets it: from `--public-url`, else from the address it listens
    /// on. The request's `Host` is never used for it: anyone can set that, and
    /// those answers are cached publicly.
    pub public_url: Option<String>,
    /// Where people report problems with the site (the accessibility
    /// statement names it).
    pub contact_email: Option<String>,
    /// Who publishes the data, named in the feeds and the DCAT description.
    pub publisher: String,
    /// Who runs this installation, named in every page's footer and the
    /// accessibility statement.
    pub operator: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` is believed (none by default).
    pub trusted_proxies: Vec<crate::http::net::IpRange>,
    /// Whether the link checker may ask loopback, private and other
    /// non-public addresses (never by default: that would let an editor
    /// probe the service's own network).
    pub allow_private_links: bool,
    /// Where to report a vulnerability (`mailto:…` or `https://…`), served in
    /// `/.well-known/security.txt`.
    pub security_contact: Option<String>,
    /// Serving a database that cannot be written (a replica, a snapshot):
    /// the editors' area and the write API are switched off and say so.
    pub read_only: bool,
    /// How many bytes the cache of public answers may hold; 0 turns it off
    /// (see [`crate::http::response_cache`]).
    pub response_cache_bytes: u64,
    /// Where the search index is kept between runs, so that start-up opens
    /// it instead of indexing everything again; `None` keeps it in memory
    /// only.
    pub search_dir: Option<std::path::PathBuf>,
    /// The sender of alert messages (`Samverkan <bevakning@kommun.example>`);
    /// when `None`, `samverkan@` the public address's host.
    pub mail_from: Option<String>,
}

impl Config {
    /// The sender of alert messages, as a mailbox.
    pub fn mail_from(&self) -> Result<lettre::message::Mailbox, String> {
        let text = match &self.mail_from {
            Some(from) => from.clone(),
            None => {
                let host = url::Url::parse(self.base_url())
                    .ok()
                    .and_then(|u| u.host_str().map(str::to_string))
                    .unwrap_or_else(|| "localhost".into());
                format!("Samverkan <samverkan@{host}>")
            }
        };
        text.parse()
            .map_err(|e| format!("\"{text}\" is not an e-mail address: {e}"))
    }

    /// The site's address for absolute links, without a trailing slash; when
    /// none is configured (tests, embedding), `http://localhost`.
    pub fn base_url(&self) -> &str {
        self.public_url
            .as_deref()
            .map_or("http://localhost", |u| u.trim_end_matches('/'))
    }

    /// Whether to send `Strict-Transport-Security`: when published over HTTPS.
    pub fn hsts(&self) -> bool {
        self.secure_cookies()
    }

    /// Whether cookies get `Secure`: when the site is published over HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            stale_days: 365,
            verify_remind_days: 14,
            public_url: None,
            contact_email: None,
            publisher: "Samverkan".to_string(),
            operator: None,
            trusted_proxies: Vec::new(),
            allow_private_links: false,
            security_contact: None,
            read_only: false,
            response_cache_bytes: 64 * 1024 * 1024,
            search_dir: None,
            mail_from: None,
        }
    }
}

/// Why the catalogue could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Search(#[from] samverkan_search::SearchError),
    #[error("building the search index stopped: {0}")]
    Join(#[from] tokio::task::JoinError),
}

/// How often an instance that listens for changes checks the database all
/// the same: a connection can hang without failing (a firewall dropping it
/// silently), and a pooler in transaction mode never delivers notifications.
const SAFETY_CHECK: Duration = Duration::from_secs(30);

/// A task that is stopped when this is dropped.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// At most this many changed entries are applied in place; a larger change
/// (an import) loads everything again.
const IN_PLACE_AT_MOST: usize = 500;

/// Reads the catalogue (at change marker `marker` or later) and indexes it,
/// or opens the index kept in `search_dir` if it is of that marker; the
/// indexing runs off the async threads.
async fn load(
    store: &Store,
    marker: i64,
    search_dir: Option<&std::path::Path>,
) -> Result<(Arc<Catalog>, Arc<SearchIndex>), StateError> {
    let data = store.load().await?;
    // A kept index of `marker` fits only data of `marker`: were anything
    // written while the data was read, the data could be newer than the
    // index, and applying those changes again would not re-index what a
    // renamed actor's name shows in.
    let reuse = store.change_marker().await? == marker;
    let database = if search_dir.is_some() {
        store.installation().await?
    } else {
        String::new()
    };
    let dir = search_dir.map(std::path::Path::to_path_buf);
    let (catalog, search) = tokio::task::spawn_blocking(move || {
        let catalog = Catalog::new(data);
        let search = std::thread::scope(|threads| {
            // Today's deadline facts are worked out before the first request
            // asks, on a second core while the search index opens or builds.
            threads.spawn(|| catalog.prepare_day(samverkan_domain::time::today_in_sweden()));
            match dir {
                Some(dir) => SearchIndex::kept_in(&dir, &catalog, &database, marker, reuse),
                None => SearchIndex::build(&catalog),
            }
        });
        search.map(|search| (catalog, search))
    })
    .await??;
    Ok((Arc::new(catalog), Arc::new(search)))
}

impl axum::extract::FromRef<AppState> for crate::auth::Auth {
    fn from_ref(state: &AppState) -> Self {
        crate::auth::Auth {
            store: state.store.clone(),
            public_url: state.config.public_url.as_deref().map(Arc::from),
            trusted_proxies: Arc::from(state.config.trusted_proxies.as_slice()),
            limiter: state.limiter.clone(),
            hash_gate: state.hash_gate.clone(),
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    snapshot: Arc<RwLock<Snapshot>>,
    /// Failed logins, per address and account.
    pub limiter: Arc<crate::auth::limiter::LoginLimiter>,
    /// At most one password hash per core at a time.
    pub hash_gate: crate::auth::limiter::HashGate,
    /// Whether a link check started from the dashboard is running.
    pub link_check_running: Arc<std::sync::atomic::AtomicBool>,
    /// Public answers kept in memory (none when the configuration turns it off).
    pub response_cache: Option<ResponseCache>,
    /// One refresh at a time: each applies the changes after the marker of
    /// the snapshot it starts from.
    refreshing: Arc<tokio::sync::Mutex<()>>,
    /// The PostgreSQL server process listening for changes, while it listens.
    listener_pid: Arc<std::sync::atomic::AtomicI32>,
    /// What the e-mail alerts share: the signing key, the per-client
    /// limit, the sender's wake-up.
    pub alerts: crate::alerts::Alerts,
}

struct Snapshot {
    catalog: Arc<Catalog>,
    search: Arc<SearchIndex>,
    /// The store's change marker when the catalogue was loaded.
    marker: i64,
}

impl AppState {
    /// Loads the catalogue from the store and indexes it.
    pub async fn new(store: Store, config: Config) -> Result<AppState, StateError> {
        let marker = store.change_marker().await?;
        let (catalog, search) = load(&store, marker, config.search_dir.as_deref()).await?;
        crate::metrics::catalog_loaded(&catalog, marker);
        let snapshot = Arc::new(RwLock::new(Snapshot {
            catalog,
            search,
            marker,
        }));
        let response_cache = (config.response_cache_bytes > 0).then(|| {
            let snapshot = snapshot.clone();
            ResponseCache::new(config.response_cache_bytes, move || {
                snapshot.read().unwrap_or_else(|p| p.into_inner()).marker
            })
        });
        Ok(AppState {
            store,
            config: Arc::new(config),
            snapshot,
            response_cache,
            limiter: Arc::default(),
            hash_gate: crate::auth::limiter::HashGate::default(),
            link_check_running: Arc::default(),
            refreshing: Arc::default(),
            listener_pid: Arc::default(),
            alerts: crate::alerts::Alerts::default(),
        })
    }

    /// The current catalogue and its search index, taken together.
    pub fn catalog_and_search(&self) -> (Arc<Catalog>, Arc<SearchIndex>) {
        let snapshot = self.snapshot.read().unwrap_or_else(|p| p.into_inner());
        (snapshot.catalog.clone(), snapshot.search.clone())
    }

    /// The current catalogue, its search index and the change marker they
    /// are of, taken together.
    pub fn snapshot_parts(&self) -> (Arc<Catalog>, Arc<SearchIndex>, i64) {
        let snapshot = self.snapshot.read().unwrap_or_else(|p| p.into_inner());
        (snapshot.catalog.clone(), snapshot.search.clone(), snapshot.marker)
    }

    /// The store's change marker when the catalogue served now was loaded.
    pub fn data_version(&self) -> i64 {
        self.snapshot.read().unwrap_or_else(|p| p.into_inner()).marker
    }

    /// The current catalogue.
    pub fn catalog(&self) -> Arc<Catalog> {
        self.snapshot
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .catalog
            .clone()
    }

    /// Brings the catalogue up to date with the database: the entries
    /// changed since it was loaded are applied in place, or, after a large
    /// change, everything is loaded again. Returns whether anything changed.
    ///
    /// It runs as a task of its own, to the end even if the caller stops
    /// waiting (a request that times out or whose client leaves): a refresh
    /// cut off halfway would leave the next one to redo its index commits.
    pub async fn refresh(&self) -> Result<bool, StateError> {
        let state = self.clone();
        tokio::spawn(async move { state.refresh_now().await }).await?
    }

    async fn refresh_now(&self) -> Result<bool, StateError> {
        let _one = self.refreshing.lock().await;
        let (catalog, search, marker) = {
            let s = self.snapshot.read().unwrap_or_else(|p| p.into_inner());
            (s.catalog.clone(), s.search.clone(), s.marker)
        };
        let (catalog, search, marker) = match self.store.changes_since(marker, IN_PLACE_AT_MOST).await? {
            Changes::None => return Ok(false),
            Changes::Entries { marker, entries } => {
                let (catalog, search) = tokio::task::spawn_blocking(move || {
                    let after = catalog.with_changes(&entries);
                    after.prepare_day(samverkan_domain::time::today_in_sweden());
                    let search = search
                        .with_changes(&catalog, &after, &entries, marker)
                        .or_else(|e| {
                            tracing::warn!(error = %e, "the search index could not be changed in place; indexing everything in memory");
                            SearchIndex::build(&after)
                        })?;
                    Ok::<_, StateError>((Arc::new(after), Arc::new(search)))
                })
                .await??;
                (catalog, search, marker)
            }
            Changes::Reload { marker } => {
                let (catalog, search) = load(&self.store, marker, self.config.search_dir.as_deref()).await?;
                (catalog, search, marker)
            }
        };
        crate::metrics::catalog_loaded(&catalog, marker);
        *self.snapshot.write().unwrap_or_else(|p| p.into_inner()) = Snapshot {
            catalog,
            search,
            marker,
        };
        Ok(true)
    }

    /// Applies this instance's write to its catalogue, so that the answer to
    /// the write (and the page after it) already shows it. A failure is
    /// logged; the watcher applies it when it hears of the write (PostgreSQL)
    /// or within a second (SQLite).
    pub async fn reload_after_write(&self) {
        if let Err(e) = self.refresh().await {
            tracing::error!(error = %e, "the catalogue could not be reloaded after a write");
        }
    }

    /// Keeps the catalogue up to date with changes made by other instances,
    /// for as long as the process runs: on PostgreSQL by listening for each
    /// change as it commits (checking the database every half minute as
    /// well, in case a connection hangs without failing), and polling every
    /// `interval` while not listening or after a refresh failed; on SQLite
    /// (and read-only installations, whose replicas cannot listen) by
    /// polling every `interval`.
    pub fn spawn_watcher(&self, interval: Duration) -> tokio::task::JoinHandle<()> {
        let (heard, mut hearing) = tokio::sync::mpsc::channel::<&'static str>(16);
        let listener = (!self.config.read_only).then(|| self.spawn_listener(heard, interval));
        let state = self.clone();
        tokio::spawn(async move {
            let _listener = listener.map(AbortOnDrop);
            let mut failed = false;
            loop {
                let wait = if failed || state.listener_pid().is_none() {
                    interval
                } else {
                    SAFETY_CHECK
                };
                let why = tokio::select! {
                    why = hearing.recv() => why.unwrap_or("polled"),
                    () = tokio::time::sleep(wait) => "polled",
                };
                failed = !state.refresh_logged(why).await;
            }
        })
    }

    /// Listens for changes on PostgreSQL, and tells the watcher of each one
    /// (and of each new start of listening, after which it catches up).
    /// Ends at once on SQLite.
    fn spawn_listener(
        &self,
        heard: tokio::sync::mpsc::Sender<&'static str>,
        interval: Duration,
    ) -> tokio::task::JoinHandle<()> {
        let state = self.clone();
        tokio::spawn(async move {
            loop {
                let mut listener = match state.store.listen().await {
                    Ok(Some(l)) => l,
                    Ok(None) => return,
                    Err(e) => {
                        tracing::warn!(error = %e, "could not listen for changes; polling");
                        tokio::time::sleep(interval * 5).await;
                        continue;
                    }
                };
                tracing::info!("listening for changes made by other instances");
                state.set_listener_pid(listener.pid());
                // Whatever changed while no one listened.
                if heard.send("after starting to listen").await.is_err() {
                    return;
                }
                loop {
                    match listener.next().await {
                        Ok(Heard::Notice(notice)) => {
                            tracing::debug!(change = notice.change, entries = ?notice.entries, "heard a change");
                            state.set_listener_pid(listener.pid());
                            // This instance's own writes are applied already.
                            if notice.change > state.data_version()
                                && heard.send("heard a change").await.is_err()
                            {
                                return;
                            }
                        }
                        // Listening again first and then catching up
                        // misses nothing that commits in between.
                        Ok(Heard::Lost) => {
                            tracing::warn!("the connection listening for changes was lost; listening again");
                            break;
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "listening for changes failed; polling until it works again");
                            break;
                        }
                    }
                }
                state.set_listener_pid(None);
            }
        })
    }

    /// Refreshes, logging what happened; returns whether it worked.
    async fn refresh_logged(&self, why: &str) -> bool {
        match self.refresh().await {
            Ok(true) => {
                tracing::info!(why, "the data changed; catalogue brought up to date");
                true
            }
            Ok(false) => true,
            Err(e) => {
                tracing::warn!(error = %e, why, "could not bring the catalogue up to date");
                false
            }
        }
    }

    fn set_listener_pid(&self, pid: Option<i32>) {
        self.listener_pid
            .store(pid.unwrap_or(0), std::sync::atomic::Ordering::Relaxed);
    }

    /// The PostgreSQL server process of the connection listening for
    /// changes, while there is one.
    pub fn listener_pid(&self) -> Option<i32> {
        let pid = self.listener_pid.load(std::sync::atomic::Ordering::Relaxed);
        (pid != 0).then_some(pid)
    }
}
