//! The verification cycle's reminders: before an entry falls due to be
//! checked again (see [`samverkan_domain::time::verify_by`]), the editors
//! who keep it get one e-mail naming it, with a link to its edit form.
//!
//! Who keeps an entry: the editors of the organisations that own it (see
//! [`crate::editing::Scope`]); an entry no organisation's editor keeps is
//! the service's, and its editors and admins are reminded of it. Only
//! accounts that are enabled and have an e-mail address are written to.
//! Each entry is named once per due date: which were named is stored with
//! the message, in one transaction, and a day's message is planned once.

use std::collections::HashSet;

use jiff::civil::Date;
use samverkan_domain::check::{Due, due_for_check};

use super::compose::Mailing;
use super::plan::AlertError;
use crate::editing::Scope;
use crate::state::AppState;

/// Plans the reminders due on `on`; how many messages were new.
pub async fn plan_verify_reminders(state: &AppState, on: Date) -> Result<u64, AlertError> {
    let users: Vec<_> = state
        .store
        .users()
        .await?
        .into_iter()
        .filter(|u| !u.disabled && u.email.is_some())
        .collect();
    if users.is_empty() {
        return Ok(0);
    }
    let catalog = state.catalog();
    let upcoming: Vec<Due> = due_for_check(
        &catalog,
        on,
        state.config.stale_days,
        state.config.verify_remind_days,
    )
    .into_iter()
    // Overdue entries are on the dashboard; the e-mail comes before.
    .filter(|d| d.verify_by >= on)
    .collect();
    if upcoming.is_empty() {
        return Ok(0);
    }
    // The organisations that have editors of their own keep their entries.
    let kept: HashSet<String> = state
        .store
        .memberships()
        .await?
        .into_iter()
        .map(|(_, actor)| actor)
        .collect();
    let kept = Scope::Organisations(kept.into_iter().collect());
    let mailing = Mailing::with_catalog(state, catalog.clone()).await?;
    let composer = mailing.composer();
    let mut added = 0;
    for user in &users {
        let Some(email) = user.email.as_deref() else {
            continue;
        };
        let scope = Scope::of(&state.store, user).await?;
        let reminded = state.store.verify_reminded(&user.username).await?;
        let mine: Vec<Due> = upcoming
            .iter()
            .filter(|d| match &scope {
                Scope::Organisations(_) => scope.covers_in(&catalog, d.kind, d.id.as_str()),
                Scope::Everything => !kept.covers_in(&catalog, d.kind, d.id.as_str()),
            })
            .filter(|d| !reminded.contains(&key(d)))
            .cloned()
            .collect();
        if mine.is_empty() {
            continue;
        }
        let dedupe = format!("verify:{}:{on}", user.username);
        let message = match composer.verify_reminder(email, &mine, &dedupe) {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!(user = %user.username, error = %e, "a check reminder could not be written");
                continue;
            }
        };
        let named: Vec<_> = mine.iter().map(key).collect();
        if state
            .store
            .record_verify_reminder(&user.username, &named, &on.to_string(), &message)
            .await?
        {
            added += 1;
        }
    }
    if added > 0 {
        state.alerts.wake.notify_one();
    }
    Ok(added)
}

fn key(d: &Due) -> (String, String, String) {
    (
        d.kind.as_str().to_string(),
        d.id.to_string(),
        d.verify_by.to_string(),
    )
}
