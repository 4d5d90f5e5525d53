//! For admins: editors' accounts (create, disable, enable) and API tokens
//! (create, shown once; revoke).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use samverkan_store::{Role, Session, StoreError};

use super::{Answer, layout, render, see_other, stamp};
use crate::auth::{Admin, CsrfForm, EditorSession, TokenError, check_username, hash_password, issue_token};
use crate::html::Choice;
use crate::html::{HtmlError, Layout, Refusal};
use crate::http::form::FormData;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::urls::EdPath;

// ---------------------------------------------------------------- accounts

pub struct AccountRow {
    pub username: String,
    pub role: String,
    pub disabled: bool,
    pub action: String,
    pub is_self: bool,
    /// The actors the account belongs to, as (id, name); none for admins
    /// and the service's own editors.
    pub organisations: Vec<(String, String)>,
    /// Whether organisations can be added (editors, not admins).
    pub can_join: bool,
    /// Where the account's reminders go ("" for none).
    pub email: String,
    /// The organisations it can still be added to.
    pub join: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "editor_accounts.html")]
pub struct AccountsPage {
    pub layout: Layout,
    pub csrf: String,
    pub action: String,
    pub accounts: Vec<AccountRow>,
    pub username: String,
    pub email: String,
    pub role_admin: bool,
    pub errors: Vec<String>,
    pub notice: Option<String>,
    pub min_password: usize,
    /// Every current actor, for the organisation choices.
    pub actors: Vec<Choice>,
    /// Where review is on: (scope, its name).
    pub review: Vec<(String, String)>,
    pub review_action: String,
}

async fn accounts_page(
    lang: Lang,
    state: &AppState,
    session: &Session,
    form: Option<&FormData>,
    errors: Vec<String>,
    notice: Option<String>,
    status: StatusCode,
) -> Answer {
    let users = state.store.users().await?;
    let memberships = state.store.memberships().await?;
    let catalog = state.catalog();
    let name_of = |id: &str| {
        catalog
            .actor(id)
            .map_or_else(|| id.to_string(), |a| a.name.clone())
    };
    let chosen = form.and_then(|f| f.get("organisation")).unwrap_or("");
    let mut actors: Vec<Choice> = catalog
        .actors()
        .iter()
        .map(|a| Choice {
            value: a.id.to_string(),
            label: a.name.clone(),
            checked: a.id.as_str() == chosen,
        })
        .collect();
    actors.sort_by_cached_key(|a| samverkan_domain::catalog::swedish_key(&a.label));
    let page = AccountsPage {
        layout: layout(lang, lang.t("editor-accounts-title"), EdPath::Accounts, session),
        csrf: session.csrf.clone(),
        action: EdPath::Accounts.href(lang),
        accounts: users
            .into_iter()
            .map(|u| AccountRow {
                action: EdPath::AccountStatus(u.username.clone()).href(lang),
                is_self: u.username == session.user.username,
                organisations: memberships
                    .iter()
                    .filter(|(user, _)| *user == u.username)
                    .map(|(_, actor)| (actor.clone(), name_of(actor)))
                    .collect(),
                role: lang.t(&format!(
                    "account-role-{}",
                    match u.role {
                        Role::Editor if memberships.iter().any(|(user, _)| *user == u.username) =>
                            "organisation",
                        other => other.as_str(),
                    }
                )),
                can_join: u.role == Role::Editor,
                email: u.email.clone().unwrap_or_default(),
                join: actors
                    .iter()
                    .filter(|c| {
                        !memberships
                            .iter()
                            .any(|(user, a)| *user == u.username && *a == c.value)
                    })
                    .map(|c| Choice {
                        value: c.value.clone(),
                        label: c.label.clone(),
                        checked: false,
                    })
                    .collect(),
                disabled: u.disabled,
                username: u.username,
            })
            .collect(),
        review: state
            .store
            .review_scopes()
            .await?
            .into_iter()
            .map(|scope| {
                let name = if scope == "*" {
                    lang.t("review-site")
                } else {
                    name_of(&scope)
                };
                (scope, name)
            })
            .collect(),
        review_action: EdPath::Review.href(lang),
        actors,
        username: form.map(|f| f.text("username")).unwrap_or_default(),
        email: form.map(|f| f.text("email")).unwrap_or_default(),
        role_admin: form.is_some_and(|f| f.get("role") == Some("admin")),
        errors,
        notice,
        min_password: crate::auth::MIN_PASSWORD_CHARS,
    };
    render(status, &page)
}

pub async fn accounts(
    lang: Lang,
    State(state): State<AppState>,
    session: EditorSession<Admin>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Answer {
    let notice = super::query_value(query.as_deref(), "klart")
        .filter(|k| ACCOUNT_NOTICES.contains(&k.as_str()))
        .map(|k| lang.t(&format!("editor-done-{k}")));
    accounts_page(lang, &state, &session, None, vec![], notice, StatusCode::OK).await
}

/// What the accounts page says after a redirect, by `editor-done-{notice}`.
pub(crate) const ACCOUNT_NOTICES: [&str; 3] = ["email-saved", "review-on", "review-off"];

pub async fn create_account(
    lang: Lang,
    State(state): State<AppState>,
    CsrfForm { session, form }: CsrfForm<Admin>,
) -> Answer {
    let username = form.text("username");
    let role = Role::parse(form.get("role").unwrap_or("")).unwrap_or(Role::Editor);
    // An organisation's editor: an editor who belongs to an actor.
    let organisation = form
        .get("organisation")
        .filter(|o| !o.is_empty())
        .map(str::to_string);
    let password = form.get("password").unwrap_or("").to_string();
    let mut errors = Vec::new();
    let email = form.text("email");
    let email = if email.trim().is_empty() {
        None
    } else {
        let checked = crate::alerts::pages::checked_email(&email);
        if checked.is_none() {
            errors.push(lang.t("account-error-email"));
        }
        checked
    };
    if check_username(&username).is_err() {
        errors.push(lang.t("account-error-username"));
    }
    if form.get("password") != form.get("password2") {
        errors.push(lang.t("account-error-mismatch"));
    }
    if let Some(o) = &organisation {
        if role == Role::Admin {
            errors.push(lang.t("account-error-admin-organisation"));
        } else if state.catalog().actor(o).is_none() {
            errors.push(lang.t("account-error-organisation"));
        }
    }
    let chars = password.chars().count();
    if !(crate::auth::MIN_PASSWORD_CHARS..=crate::auth::MAX_PASSWORD_CHARS).contains(&chars) {
        errors.push(lang.t1("account-error-length", "min", crate::auth::MIN_PASSWORD_CHARS));
    }
    if !errors.is_empty() {
        return accounts_page(
            lang,
            &state,
            &session,
            Some(&form),
            errors,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| HtmlError::internal(&e))?
        .map_err(|e| HtmlError::internal(&e))?;
    let created = match &organisation {
        Some(o) => {
            state
                .store
                .create_member(&username, &hash, std::slice::from_ref(o), &session.user.username)
                .await
        }
        None => state.store.create_user(&username, role, &hash).await,
    };
    let created = match (created, &email) {
        (Ok(_), Some(address)) => state.store.set_email(&username, Some(address)).await,
        (result, _) => result.map(|_| ()),
    };
    match created {
        Ok(_) => {
            tracing::info!(username, by = session.user.username, "account created");
            let notice = lang.t1("account-created", "name", username);
            accounts_page(
                lang,
                &state,
                &session,
                None,
                vec![],
                Some(notice),
                StatusCode::CREATED,
            )
            .await
        }
        Err(StoreError::UserExists(_)) => {
            let errors = vec![lang.t("account-error-exists")];
            accounts_page(
                lang,
                &state,
                &session,
                Some(&form),
                errors,
                None,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// Disables or enables an account (never one's own: someone must be left to
/// enable it again).
pub async fn account_status(
    lang: Lang,
    State(state): State<AppState>,
    Path(name): Path<String>,
    CsrfForm { session, form }: CsrfForm<Admin>,
) -> Answer {
    let disable = match form.get("action") {
        Some("disable") => true,
        Some("enable") => false,
        Some("email") => return set_email(lang, &state, &session, &name, &form.text("email")).await,
        Some(action @ ("join" | "leave")) => {
            return membership(
                lang,
                &state,
                &session,
                &name,
                action,
                form.get("organisation").unwrap_or(""),
            )
            .await;
        }
        _ => return Err(HtmlError::editor(StatusCode::BAD_REQUEST, Refusal::BadForm)),
    };
    if disable && name == session.user.username {
        return Err(HtmlError::editor(StatusCode::CONFLICT, Refusal::DisableSelf));
    }
    state.store.set_disabled(&name, disable).await?;
    tracing::info!(
        username = name,
        disable,
        by = session.user.username,
        "account status changed"
    );
    Ok(see_other(&EdPath::Accounts.href(lang)))
}

/// Sets or (when empty) removes the address an account's reminders go to.
async fn set_email(lang: Lang, state: &AppState, session: &Session, name: &str, email: &str) -> Answer {
    let email = if email.trim().is_empty() {
        None
    } else {
        match crate::alerts::pages::checked_email(email) {
            Some(e) => Some(e),
            None => {
                let errors = vec![lang.t("account-error-email")];
                return accounts_page(
                    lang,
                    state,
                    session,
                    None,
                    errors,
                    None,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            }
        }
    };
    match state.store.set_email(name, email.as_deref()).await {
        Ok(()) => {
            tracing::info!(
                username = name,
                by = session.user.username,
                "account e-mail changed"
            );
            Ok(see_other(&format!(
                "{}?klart=email-saved",
                EdPath::Accounts.href(lang)
            )))
        }
        Err(StoreError::NoUser(_)) => Err(HtmlError::editor(StatusCode::NOT_FOUND, Refusal::NotFound)),
        Err(e) => Err(e.into()),
    }
}

/// Adds an account to an organisation (an actor of the catalogue), or ends
/// a membership. Admins belong to none; an editor's last membership cannot
/// end (that would give the account rights over everything).
async fn membership(
    lang: Lang,
    state: &AppState,
    session: &Session,
    name: &str,
    action: &str,
    actor: &str,
) -> Answer {
    let Some(user) = state.store.user(name).await? else {
        return Err(HtmlError::editor(StatusCode::NOT_FOUND, Refusal::NotFound));
    };
    let result = if action == "join" {
        if user.role != Role::Editor || state.catalog().actor(actor).is_none() {
            return Err(HtmlError::editor(StatusCode::BAD_REQUEST, Refusal::BadForm));
        }
        state
            .store
            .add_membership(name, actor, &session.user.username)
            .await
    } else {
        state.store.remove_membership(name, actor).await
    };
    match result {
        Ok(()) => {
            tracing::info!(
                username = name,
                actor,
                action,
                by = session.user.username,
                "membership changed"
            );
            Ok(see_other(&EdPath::Accounts.href(lang)))
        }
        Err(StoreError::LastMembership(_)) => {
            accounts_page(
                lang,
                state,
                session,
                None,
                vec![lang.t1("account-error-last-organisation", "name", name.to_string())],
                None,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(StoreError::NoMembership { .. }) => {
            Err(HtmlError::editor(StatusCode::NOT_FOUND, Refusal::NotFound))
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------- API tokens

pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub username: String,
    pub created: String,
    pub created_by: String,
    pub revoked: Option<String>,
    pub action: String,
}

#[derive(Template)]
#[template(path = "editor_tokens.html")]
pub struct TokensPage {
    pub layout: Layout,
    pub csrf: String,
    pub action: String,
    pub tokens: Vec<TokenRow>,
    pub accounts: Vec<Choice>,
    pub name: String,
    pub errors: Vec<String>,
    /// A token just made: shown this once, never again.
    pub new_token: Option<String>,
}

async fn tokens_page(
    lang: Lang,
    state: &AppState,
    session: &Session,
    form: Option<&FormData>,
    errors: Vec<String>,
    new_token: Option<String>,
    status: StatusCode,
) -> Answer {
    let tokens = state.store.tokens().await?;
    let users = state.store.users().await?;
    let chosen = form
        .and_then(|f| f.get("username"))
        .unwrap_or(&session.user.username);
    let page = TokensPage {
        layout: layout(lang, lang.t("editor-tokens-title"), EdPath::Tokens, session),
        csrf: session.csrf.clone(),
        action: EdPath::Tokens.href(lang),
        tokens: tokens
            .into_iter()
            .map(|t| TokenRow {
                action: EdPath::RevokeToken(t.id.to_string()).href(lang),
                id: t.id,
                name: t.name,
                username: t.username,
                created: stamp(t.created_at),
                created_by: t.created_by,
                revoked: t.revoked_at.map(stamp),
            })
            .collect(),
        accounts: users
            .into_iter()
            .filter(|u| !u.disabled)
            .map(|u| Choice {
                checked: u.username == chosen,
                label: u.username.clone(),
                value: u.username,
            })
            .collect(),
        name: form.map(|f| f.text("name")).unwrap_or_default(),
        errors,
        new_token,
    };
    render(status, &page)
}

pub async fn tokens(lang: Lang, State(state): State<AppState>, session: EditorSession<Admin>) -> Answer {
    tokens_page(lang, &state, &session, None, vec![], None, StatusCode::OK).await
}

pub async fn create_token(
    lang: Lang,
    State(state): State<AppState>,
    CsrfForm { session, form }: CsrfForm<Admin>,
) -> Answer {
    let name = form.text("name");
    let username = form.text("username");
    let refused = |key: &str| vec![lang.t(key)];
    let token = match issue_token(&state.store, &name, &username, &session.user.username).await {
        Ok((token, _)) => token,
        Err(TokenError::Store(e)) => return Err(e.into()),
        Err(e) => {
            let errors = match e {
                TokenError::BadName => refused("token-error-name"),
                _ => refused("token-error-account"),
            };
            return tokens_page(
                lang,
                &state,
                &session,
                Some(&form),
                errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    tokens_page(
        lang,
        &state,
        &session,
        None,
        vec![],
        Some(token),
        StatusCode::CREATED,
    )
    .await
}

pub async fn revoke_token(
    lang: Lang,
    State(state): State<AppState>,
    Path(id): Path<String>,
    CsrfForm { session, .. }: CsrfForm<Admin>,
) -> Answer {
    let id = id.parse::<i64>().map_err(|_| HtmlError::not_found())?;
    state.store.revoke_token(id).await?;
    tracing::info!(token = id, by = session.user.username, "API token revoked");
    Ok(see_other(&EdPath::Tokens.href(lang)))
}
