//! `samverkan user` and `samverkan token`: editors' accounts and API tokens
//! from the command line.

use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use super::print_table;
use crate::cli::*;
use crate::{open, open_seeded};

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
    let store = open(url).await?;
    match command {
        UserCommand::Add { name, role } => {
            check_username(&name)?;
            if store.user(&name).await?.is_some() {
                bail!("there is already an account \"{name}\"");
            }
            let hash = hash_password(&read_password()?)?;
            let role = match role {
                RoleArg::Editor => samverkan_store::Role::Editor,
                RoleArg::Admin => samverkan_store::Role::Admin,
            };
            store.create_user(&name, role, &hash).await?;
            println!("Created the account \"{name}\" ({}).", role.as_str());
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
            match format {
                OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&users)?),
                OutputFormat::Table => {
                    let rows: Vec<Vec<String>> = users
                        .iter()
                        .map(|u| {
                            vec![
                                u.username.clone(),
                                u.role.as_str().to_string(),
                                if u.disabled { "disabled" } else { "active" }.to_string(),
                                samverkan_domain::time::date_in_sweden(u.created_at).to_string(),
                            ]
                        })
                        .collect();
                    print_table(&["Account", "Role", "State", "Created"], &rows);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Who tokens made on the command line are recorded as made by.
const COMMAND_LINE: &str = "(command line)";

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
