//! `samverkan serve`: the web service, until it is told to stop.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use samverkan_web::{AppState, Config};

use crate::cli::*;
use crate::{open_seeded, redact};

/// Where the search index is kept by default: beside an SQLite database
/// file; for PostgreSQL, in the data directory (when there is one).
fn search_dir(url: &str) -> Option<std::path::PathBuf> {
    if url.starts_with("postgres") {
        crate::data_dir().ok().map(|dir| dir.join("postgres-search"))
    } else {
        beside_sqlite(url)
    }
}

/// The directory beside an SQLite database file, for its search index.
pub(crate) fn beside_sqlite(url: &str) -> Option<std::path::PathBuf> {
    let path = url.strip_prefix("sqlite://")?.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| std::path::PathBuf::from(format!("{path}-search")))
}

pub(crate) async fn serve(url: &str, args: ServeArgs) -> Result<ExitCode> {
    if args.public_url.is_none() && args.addr.ip().is_unspecified() {
        bail!(
            "listening on every interface ({}) needs --public-url (or SAMVERKAN_PUBLIC_URL): the address people reach the site at, for its links and to check where forms come from",
            args.addr
        );
    }
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let addr = listener.local_addr()?;
    let store = if args.read_only {
        samverkan_store::Store::connect_read_only(url)
            .await
            .with_context(|| format!("cannot open the database {} read-only", redact(url)))?
    } else {
        open_seeded(url).await?
    };
    let backend = store.backend_name();
    let security_contact = args
        .security_contact
        .or_else(|| args.contact_email.as_ref().map(|e| format!("mailto:{e}")));
    let config = Config {
        stale_days: args.stale_days,
        verify_remind_days: args.verify_remind_days,
        public_url: Some(args.public_url.unwrap_or_else(|| format!("http://{addr}"))),
        contact_email: args.contact_email,
        publisher: args.publisher,
        operator: args.operator,
        trusted_proxies: args.trusted_proxies,
        allow_private_links: args.allow_private_links,
        security_contact,
        read_only: args.read_only,
        response_cache_bytes: args.response_cache_mib * 1024 * 1024,
        search_dir: args.search_index_dir.or_else(|| search_dir(url)),
        mail_from: args.mail.mail_from.clone(),
    };
    // Checked before anything is loaded, so that a bad setting stops start-up at once.
    let mail = (!args.read_only)
        .then(|| crate::commands::alerts::sender(&args.mail, &config))
        .transpose()?;
    let state = AppState::new(store, config).await?;
    state.spawn_watcher(Duration::from_secs(1));
    if let Some((sender, said)) = mail {
        tracing::info!("{said}");
        eprintln!("{said}");
        samverkan_web::alerts::send::spawn(state.clone(), sender);
    }
    if !args.read_only {
        samverkan_web::harvest::spawn_daily(state.clone());
    }
    tracing::info!(%addr, database = %redact(url), backend, "serving");
    eprintln!("Samverkan serves http://{addr}/  (database: {})", redact(url));
    if args.read_only {
        tracing::info!("read-only: the editors' area and the write API are switched off");
        eprintln!("Read-only: the editors' area and the write API are switched off.");
    }
    if let Some(metrics_addr) = args.metrics_addr {
        let listener = tokio::net::TcpListener::bind(metrics_addr)
            .await
            .with_context(|| format!("cannot listen on {metrics_addr} for metrics"))?;
        samverkan_web::metrics::handle();
        eprintln!("Metrics at http://{metrics_addr}/metrics");
        tokio::spawn(async move {
            let served = samverkan_web::server::serve(
                listener,
                samverkan_web::metrics::router(),
                samverkan_web::server::Limits::default(),
                std::future::pending(),
            )
            .await;
            if let Err(e) = served {
                tracing::error!(error = %e, "the metrics listener stopped");
            }
        });
    }
    let limits = samverkan_web::server::Limits {
        max_connections: args.max_connections as usize,
        ..Default::default()
    };
    samverkan_web::server::serve(listener, samverkan_web::router(state), limits, shutdown_signal())
        .await
        .context("the server stopped")?;
    Ok(ExitCode::SUCCESS)
}

pub(crate) async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
