//! `samverkan`: the command-line tool and server.
//!
//! Thin glue over the `domain`, `store` and `web` crates: it reads arguments,
//! opens the database (an SQLite file in the data directory unless told
//! otherwise), and prints tables for people or JSON for programs.
//!
//! [`cli`] declares the commands; [`commands`] carries them out.

mod cli;
mod commands;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;

use crate::cli::*;
use samverkan_domain::bundled;
use samverkan_store::{Change, Store, StoreError};

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.log_format, matches!(cli.command, Command::Serve(_)));
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(format: LogFormat, serving: bool) {
    let default = if serving { "info,sqlx=warn" } else { "warn" };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

async fn run(cli: Cli) -> Result<ExitCode> {
    if let Command::Generate(args) = &cli.command {
        // Needs no database.
        let data =
            samverkan_domain::synthetic::generate(args.grants as usize, args.actors as usize, args.seed);
        print!(
            "{}",
            match args.format {
                ExportFormat::Json => data.to_json(),
                ExportFormat::Toml => data.to_toml(),
            }
        );
        return Ok(ExitCode::SUCCESS);
    }
    let url = database_url(cli.database.as_deref())?;
    match cli.command {
        Command::Serve(args) => commands::serve::serve(&url, *args).await,
        Command::Import(args) => commands::data::import(&url, args).await,
        Command::Export(args) => {
            let store = open_seeded(&url).await?;
            let data = store.load().await?.sorted();
            print!(
                "{}",
                match args.format {
                    ExportFormat::Json => data.to_json(),
                    ExportFormat::Toml => data.to_toml(),
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Deadlines(args) => commands::deadlines::deadlines(&url, args).await,
        Command::Check(args) => commands::data::check_data(&url, args).await,
        Command::Generate(_) => unreachable!("handled before the database is opened"),
        Command::User(command) => commands::users::user(&url, command).await,
        Command::Token(command) => commands::users::token(&url, command).await,
        Command::Alerts(command) => commands::alerts::alerts(&url, command).await,
        Command::Harvest(args) => commands::alerts::harvest(&url, args).await,
        Command::Backup { dest } => commands::backup::backup(&url, &dest).await,
        Command::Restore { source } => commands::backup::restore(&url, &source).await,
    }
}

/// The database URL: the one given, else an SQLite file in the data directory.
fn database_url(given: Option<&str>) -> Result<String> {
    if let Some(url) = given.filter(|u| !u.trim().is_empty()) {
        return Ok(url.to_string());
    }
    let dir = data_dir()?;
    Ok(format!("sqlite://{}", dir.join("samverkan.db").display()))
}

/// The data directory ($SAMVERKAN_DATA_DIR, else the platform's), created
/// if missing.
pub(crate) fn data_dir() -> Result<PathBuf> {
    let dir = match std::env::var_os("SAMVERKAN_DATA_DIR").filter(|d| !d.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => dirs::data_dir()
            .context("cannot find a data directory; set SAMVERKAN_DATA_DIR or give --database")?
            .join("samverkan"),
    };
    // Only its owner may look inside: the database holds password hashes.
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(&dir)
        .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
    Ok(dir)
}

pub(crate) async fn open(url: &str) -> Result<Store> {
    Store::connect(url)
        .await
        .with_context(|| format!("cannot open the database {}", redact(url)))
}

/// Opens the database and, if it is empty, loads the bundled dataset.
pub(crate) async fn open_seeded(url: &str) -> Result<Store> {
    let store = open(url).await?;
    if store.is_empty().await? {
        let data = bundled::dataset().context("the bundled dataset is invalid")?;
        let change = Change {
            author: samverkan_store::FIRST_LOAD_AUTHOR,
            // Revision comments are data, and the data is Swedish.
            comment: "den medföljande datamängden, inläst vid första start",
        };
        match store.import(&data, &Default::default(), &change).await {
            Ok(report) => tracing::info!(
                created = report.created,
                "loaded the bundled dataset into the empty database"
            ),
            // Another instance seeded the same database at the same moment.
            Err(StoreError::Database(_)) | Err(StoreError::Conflict { .. }) if !store.is_empty().await? => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(store)
}

/// The URL without its password, for messages (parsed by the `url` crate;
/// a URL it cannot read is shown as it was given, since it holds no
/// password it could find either).
pub(crate) fn redact(text: &str) -> String {
    match url::Url::parse(text) {
        Ok(mut parsed) if parsed.password().is_some() => {
            // Cannot fail: the URL has a password, so it has a host.
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn database_passwords_are_never_shown() {
        assert_eq!(
            redact("postgres://samverkan:hemligt@db.example:5432/samverkan"),
            "postgres://samverkan:***@db.example:5432/samverkan"
        );
        assert_eq!(
            redact("postgres://samverkan@127.0.0.1/test"),
            "postgres://samverkan@127.0.0.1/test"
        );
        assert_eq!(
            redact("sqlite:///var/lib/samverkan/samverkan.db"),
            "sqlite:///var/lib/samverkan/samverkan.db"
        );
        assert!(!redact("postgres://a:p%40ss@h/d").contains("p%40ss"));
    }
}
