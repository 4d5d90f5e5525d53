//! `samverkan alerts`: planning and sending e-mail alerts from the command
//! line (for cron, and for catching up), and their counts; and the sender
//! that `serve` runs.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use jiff::Timestamp;
use samverkan_web::alerts::send::{Sender, Transport};
use samverkan_web::{AppState, Config};

use crate::cli::*;
use crate::open_seeded;

/// The sender that `args` describe: SMTP when a URL is given, else `.eml`
/// files in the mail directory. Also says, for the start-up message, where
/// messages go.
pub(crate) fn sender(args: &MailArgs, config: &Config) -> Result<(Sender, String)> {
    let from = config
        .mail_from()
        .map_err(anyhow::Error::msg)
        .context("--mail-from")?;
    let password = match (
        &args.smtp_password_file,
        std::env::var("SAMVERKAN_SMTP_PASSWORD").ok(),
    ) {
        (Some(file), _) => Some(
            std::fs::read_to_string(file)
                .with_context(|| format!("cannot read the SMTP password from {}", file.display()))?,
        ),
        (None, env) => env.filter(|p| !p.is_empty()),
    };
    let (transport, said) = match &args.smtp_url {
        Some(url) => {
            let transport = Transport::smtp(url, password.as_deref()).map_err(anyhow::Error::msg)?;
            let shown = url::Url::parse(url)
                .map(|mut u| {
                    let _ = u.set_password(None);
                    u.to_string()
                })
                .unwrap_or_default();
            (
                transport,
                format!("Alerts are sent over SMTP ({shown}) from {from}."),
            )
        }
        None => {
            if password.is_some() {
                bail!("an SMTP password was given but no --smtp-url");
            }
            let dir = match &args.mail_dir {
                Some(dir) => dir.clone(),
                None => crate::data_dir()?.join("mail"),
            };
            let said = format!(
                "No SMTP server (--smtp-url): alert messages are written as .eml files in {}.",
                dir.display()
            );
            (Transport::Files(dir), said)
        }
    };
    Ok((
        Sender {
            transport,
            from: from.email,
            lease: Duration::from_secs(args.mail_lease_seconds),
            retry: Duration::from_secs(args.mail_retry_seconds),
            poll: Duration::from_secs(args.mail_poll_seconds),
        },
        said,
    ))
}

/// Noon in Sweden on `on`, the moment `alerts send --on` plans as.
fn noon_in_sweden(on: jiff::civil::Date) -> Result<Timestamp> {
    Ok(on
        .at(12, 0, 0, 0)
        .to_zoned(samverkan_domain::time::sweden())
        .context("that day has no noon in Sweden")?
        .timestamp())
}

pub(crate) async fn alerts(url: &str, command: AlertsCommand) -> Result<ExitCode> {
    match command {
        AlertsCommand::Send { on, public_url, mail } => {
            let store = open_seeded(url).await?;
            let config = Config {
                public_url: public_url.clone(),
                mail_from: mail.mail_from.clone(),
                // The service's own kept index may be in use; this builds one in memory.
                search_dir: None,
                response_cache_bytes: 0,
                ..Config::default()
            };
            if public_url.is_none() {
                eprintln!("warning: no --public-url: the links in messages point at http://localhost");
            }
            let (sender, said) = sender(&mail, &config)?;
            eprintln!("{said}");
            let state = AppState::new(store.clone(), config).await?;
            let (now, day) = match on {
                Some(day) => (noon_in_sweden(day)?, day),
                None => {
                    let now = Timestamp::now();
                    (now, samverkan_domain::time::date_in_sweden(now))
                }
            };
            let purged = store.purge_alerts().await?;
            let planned = samverkan_web::alerts::plan::plan(&state, now, day).await?;
            let sent = sender.send_due(&store).await?;
            println!(
                "Planned {} new message(s) for {} subscription(s) on {day}; sent {}, to be tried again {}, failed {}.",
                planned.messages, planned.subscriptions, sent.sent, sent.retried, sent.failed
            );
            if purged > 0 {
                println!("Deleted {purged} expired subscription(s) and old message record(s).");
            }
            if planned.unusable > 0 {
                println!(
                    "{} subscription(s) have filters the catalogue no longer has (see the log).",
                    planned.unusable
                );
            }
            Ok(if sent.failed > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        AlertsCommand::Status { format } => {
            let store = open_seeded(url).await?;
            let c = store.alert_counts().await?;
            let rows = [
                ("subscriptions_confirmed", c.confirmed),
                ("subscriptions_unconfirmed", c.unconfirmed),
                ("daily_digests", c.daily),
                ("weekly_digests", c.weekly),
                ("with_reminders", c.with_reminders),
                ("messages_pending", c.pending),
                ("messages_retrying", c.retrying),
                ("messages_sent", c.sent),
                ("messages_failed", c.failed),
            ];
            match format {
                OutputFormat::Json => {
                    let map: serde_json::Map<String, serde_json::Value> =
                        rows.iter().map(|(k, v)| (k.to_string(), (*v).into())).collect();
                    println!("{}", serde_json::Value::Object(map));
                }
                OutputFormat::Table => super::print_table(
                    &["what", "count"],
                    &rows
                        .iter()
                        .map(|(k, v)| vec![k.replace('_', " "), v.to_string()])
                        .collect::<Vec<_>>(),
                ),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `samverkan harvest`: every organisation's file (or one), a line each.
pub(crate) async fn harvest(url: &str, args: HarvestArgs) -> Result<ExitCode> {
    let store = open_seeded(url).await?;
    if let (Some(org), Some(address)) = (&args.organisation, &args.set) {
        if store
            .get(samverkan_domain::EntryKind::Actor, org)
            .await?
            .is_none_or(|a| a.retired)
        {
            bail!("there is no actor \"{org}\"");
        }
        if !samverkan_web::harvest::usable_url(address) {
            bail!("\"{address}\" is not an http or https address");
        }
        store
            .set_organisation_feed(
                org,
                Some((address, args.direct)),
                samverkan_web::harvest::COMMAND_LINE,
            )
            .await?;
    }
    if let Some(org) = &args.organisation
        && !store
            .organisation_feeds()
            .await?
            .iter()
            .any(|f| &f.actor_id == org)
    {
        anyhow::bail!(
            "\"{org}\" has given no file to harvest (an editor of the organisation gives its address in the editors' area)"
        );
    }
    let config = Config {
        public_url: args.public_url.clone(),
        allow_private_links: args.allow_private_links,
        search_dir: None,
        response_cache_bytes: 0,
        ..Config::default()
    };
    let state = AppState::new(store, config).await?;
    let options = samverkan_web::harvest::fetch_options(&state);
    let outcomes =
        samverkan_web::harvest::harvest_all(&state, args.organisation.as_deref(), &options).await?;
    if outcomes.is_empty() {
        println!("No organisation has given a file to harvest.");
    }
    let mut refused = false;
    for o in &outcomes {
        refused |= o.status == "error";
        println!("{} ({}): {}", o.actor_id, o.status, o.message);
    }
    Ok(if refused {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
