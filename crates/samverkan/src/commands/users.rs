//! `samverkan user` and `samverkan token`: editors' accounts and API tokens
//! from the command line.

use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use super::print_table;
use crate::cli::*;
use crate::open_seeded;

/// Reads a password from standard input: everything up to the end, without a
/// final line break.
pub(crate) fn read_password() -> Result<String> {
    use std::io::{IsTerminal, Read};
    if std::io::stdin().is_terminal() {
        eprintln!(
            "Type the password, then press Enter and Ctrl-D (it is shown as you type; pipe it in to avoid that):"
        );
    }
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .context("cannot read the password from standard input")?;
    Ok(text
        .strip_suffix('\n')
        .map(|t| t.strip_suffix('\r').unwrap_or(t))
        .unwrap_or(&text)
        .to_string())
}

pub(crate) async fn user(url: &str, command: UserCommand) -> Result<ExitCode> {
    use samverkan_web::auth::{check_username, hash_password};
    // Seeded: organisations are actors of the catalogue, which must be there to be named.
    let store = open_seeded(url).await?;
    match command {
        UserCommand::Add {
            name,
            role,
            organisations,
        } => {
            check_username(&name)?;
            if store.user(&name).await?.is_some() {
                bail!("there is already an account \"{name}\"");
            }
            let role = match role {
                RoleArg::Editor => samverkan_store::Role::Editor,
                RoleArg::Admin => samverkan_store::Role::Admin,
            };
            if role == samverkan_store::Role::Admin && !organisations.is_empty() {
                bail!("an admin cannot belong to an organisation; use --role editor");
            }
            for actor in &organisations {
                check_actor(&store, actor).await?;
            }
            let hash = hash_password(&read_password()?)?;
            if organisations.is_empty() {
                store.create_user(&name, role, &hash).await?;
            } else {
                store
                    .create_member(&name, &hash, &organisations, COMMAND_LINE)
                    .await?;
            }
            if organisations.is_empty() {
                println!("Created the account \"{name}\" ({}).", role.as_str());
            } else {
                println!(
                    "Created the account \"{name}\" (editor for {}).",
                    organisations.join(", ")
                );
            }
        }
        UserCommand::Join { name, actor } => {
            match store.user(&name).await? {
                None => bail!("there is no account \"{name}\""),
                Some(u) if u.role == samverkan_store::Role::Admin => {
                    bail!("\"{name}\" is an admin; an admin cannot belong to an organisation")
                }
                Some(_) => {}
            }
            check_actor(&store, &actor).await?;
            store.add_membership(&name, &actor, COMMAND_LINE).await?;
            println!("\"{name}\" now belongs to \"{actor}\" and can change only what its organisations own.");
        }
        UserCommand::Leave { name, actor } => {
            store.remove_membership(&name, &actor).await?;
            println!("\"{name}\" no longer belongs to \"{actor}\".");
        }
        UserCommand::Email { name, address } => {
            let address = match address {
                Some(a) => Some(samverkan_web::alerts::pages::checked_email(&a).with_context(|| {
                    format!("\"{a}\" is not an e-mail address that can be written to (name@example.se)")
                })?),
                None => None,
            };
            store.set_email(&name, address.as_deref()).await?;
            match address {
                Some(a) => println!("Reminders for \"{name}\" now go to {a}."),
                None => println!("\"{name}\" has no e-mail address now, and gets no reminders."),
            }
        }
        UserCommand::Passwd { name } => {
            if store.user(&name).await?.is_none() {
                bail!("there is no account \"{name}\"");
            }
            let hash = hash_password(&read_password()?)?;
            store.set_password(&name, &hash).await?;
            println!("Set a new password for \"{name}\".");
        }
        UserCommand::Disable { name } => {
            store.set_disabled(&name, true).await?;
            println!("Disabled the account \"{name}\".");
        }
        UserCommand::Enable { name } => {
            store.set_disabled(&name, false).await?;
            println!("Enabled the account \"{name}\".");
        }
        UserCommand::List { format } => {
            let users = store.users().await?;
            let memberships = store.memberships().await?;
            let organisations = |name: &str| -> Vec<String> {
                memberships
                    .iter()
                    .filter(|(u, _)| u == name)
                    .map(|(_, a)| a.clone())
                    .collect()
            };
            match format {
                OutputFormat::Json => {
                    let listed: Vec<serde_json::Value> = users
                        .iter()
                        .map(|u| {
                            let mut v = serde_json::to_value(u).unwrap_or_default();
                            v["organisations"] = organisations(&u.username).into();
                            v
                        })
                        .collect();
                    println!("{}", serde_json::to_string_pretty(&listed)?)
                }
                OutputFormat::Table => {
                    let rows: Vec<Vec<String>> = users
                        .iter()
                        .map(|u| {
                            vec![
                                u.username.clone(),
                                u.role.as_str().to_string(),
                                organisations(&u.username).join(", "),
                                u.email.clone().unwrap_or_default(),
                                if u.disabled { "disabled" } else { "active" }.to_string(),
                                samverkan_domain::time::date_in_sweden(u.created_at).to_string(),
                            ]
                        })
                        .collect();
                    print_table(
                        &["Account", "Role", "Organisations", "E-mail", "State", "Created"],
                        &rows,
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Who tokens made on the command line are recorded as made by.
const COMMAND_LINE: &str = "(command line)";

/// Refuses an actor id the catalogue does not have (retired ones included:
/// nobody keeps a retired actor's entries).
async fn check_actor(store: &samverkan_store::Store, actor: &str) -> Result<()> {
    let known = store
        .get(samverkan_domain::EntryKind::Actor, actor)
        .await?
        .is_some_and(|e| !e.retired);
    if known {
        Ok(())
    } else {
        bail!("there is no actor \"{actor}\" in the catalogue (see `samverkan export` for the ids)")
    }
}

pub(crate) async fn token(url: &str, command: TokenCommand) -> Result<ExitCode> {
    let store = open_seeded(url).await?;
    match command {
        TokenCommand::Add { account, name } => {
            let (token, made) =
                samverkan_web::auth::issue_token(&store, &name, &account, COMMAND_LINE).await?;
            eprintln!(
                "Made token {} (\"{}\") acting as \"{}\". It is shown this once:",
                made.id, made.name, made.username
            );
            println!("{token}");
        }
        TokenCommand::List { format } => {
            let tokens = store.tokens().await?;
            match format {
                OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&tokens)?),
                OutputFormat::Table => {
                    let rows: Vec<Vec<String>> = tokens
                        .iter()
                        .map(|t| {
                            vec![
                                t.id.to_string(),
                                t.name.clone(),
                                t.username.clone(),
                                t.created_by.clone(),
                                samverkan_domain::time::date_in_sweden(t.created_at).to_string(),
                                t.revoked_at
                                    .map(|r| format!("revoked {}", samverkan_domain::time::date_in_sweden(r)))
                                    .unwrap_or_else(|| "live".into()),
                            ]
                        })
                        .collect();
                    print_table(&["Id", "Name", "Account", "Made by", "Made", "State"], &rows);
                }
            }
        }
        TokenCommand::Revoke { id } => {
            store.revoke_token(id).await?;
            println!("Revoked token {id}.");
        }
    }
    Ok(ExitCode::SUCCESS)
}
