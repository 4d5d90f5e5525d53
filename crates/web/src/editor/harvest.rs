//! The editors' page for bulk upkeep: each organisation the account keeps
//! gives the address of the file it publishes with its grants, chooses
//! whether differences become proposals for review or direct changes, sees
//! what the last harvest found, and can harvest at once. The harvest itself
//! is [`crate::harvest`].

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;

use super::{Answer, layout, render, see_other, stamp};
use crate::auth::{CsrfForm, EditorSession};
use crate::editing::Scope;
use crate::html::{HtmlError, Layout, Refusal};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::urls::EdPath;

pub struct FeedRow {
    pub actor_id: String,
    pub name: String,
    pub url: String,
    pub direct: bool,
    /// What the last harvest found, when there was one.
    pub last: Option<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "editor_harvest.html")]
pub struct HarvestPage {
    pub layout: Layout,
    pub csrf: String,
    pub action: String,
    pub rows: Vec<FeedRow>,
    pub notice: Option<String>,
    pub errors: Vec<String>,
}

async fn page(
    lang: Lang,
    state: &AppState,
    session: &EditorSession,
    notice: Option<String>,
    errors: Vec<String>,
    status: StatusCode,
) -> Answer {
    let scope = Scope::of(&state.store, &session.user).await?;
    let feeds = state.store.organisation_feeds().await?;
    let catalog = state.catalog();
    // An organisation's editor sees its organisations; the service's
    // editors see every organisation that has a file, and may add any.
    let mut ids: Vec<String> = match &scope {
        Scope::Organisations(ids) => ids.clone(),
        Scope::Everything => catalog.actors().iter().map(|a| a.id.to_string()).collect(),
    };
    ids.sort();
    let rows = ids
        .into_iter()
        .filter_map(|id| {
            let feed = feeds.iter().find(|f| f.actor_id == id);
            if matches!(scope, Scope::Everything) && feed.is_none() {
                return None;
            }
            let name = catalog.actor(&id).map_or_else(|| id.clone(), |a| a.name.clone());
            Some(FeedRow {
                url: feed.map(|f| f.url.clone()).unwrap_or_default(),
                direct: feed.is_some_and(|f| f.direct),
                last: feed.and_then(|f| {
                    Some((
                        f.checked_at.map(stamp)?,
                        lang.t(&format!(
                            "harvest-status-{}",
                            f.status.as_deref().unwrap_or("error")
                        )),
                        f.message.clone().unwrap_or_default(),
                    ))
                }),
                actor_id: id,
                name,
            })
        })
        .collect();
    let page = HarvestPage {
        layout: layout(lang, lang.t("harvest-title"), EdPath::Harvest, session),
        csrf: session.csrf.clone(),
        action: EdPath::Harvest.href(lang),
        rows,
        notice,
        errors,
    };
    render(status, &page)
}

/// `GET /redaktion/hamtning`
pub async fn harvest_page(lang: Lang, State(state): State<AppState>, session: EditorSession) -> Answer {
    page(lang, &state, &session, None, Vec::new(), StatusCode::OK).await
}

/// `POST /redaktion/hamtning`: `action` is `set` (with `url` and
/// `direct`), `remove` or `run`, for the organisation `actor`.
pub async fn harvest_action(
    lang: Lang,
    State(state): State<AppState>,
    CsrfForm { session, form }: CsrfForm,
) -> Answer {
    let actor = form.text("actor");
    if state.catalog().actor(&actor).is_none() {
        return Err(HtmlError::editor(StatusCode::BAD_REQUEST, Refusal::BadForm));
    }
    let scope = Scope::of(&state.store, &session.user).await?;
    if !scope.covers([actor.as_str()]) {
        return Err(HtmlError::editor(StatusCode::FORBIDDEN, Refusal::Organisation));
    }
    let by = session.user.username.clone();
    let action = form.get("action");
    // "Hämta nu" takes the address in the field, saving it first.
    let typed = form.text("url");
    let typed = typed.trim();
    let saved = state
        .store
        .organisation_feeds()
        .await?
        .into_iter()
        .find(|f| f.actor_id == actor);
    let save_first = action == Some("run")
        && !typed.is_empty()
        && saved
            .as_ref()
            .is_none_or(|f| f.url != typed || f.direct != (form.get("direct") == Some("yes")));
    match action {
        Some("set") | Some("run") if save_first || action == Some("set") => {
            let url = form.text("url").trim().to_string();
            if !crate::harvest::usable_url(&url) {
                let errors = vec![lang.t("harvest-error-url")];
                return page(
                    lang,
                    &state,
                    &session,
                    None,
                    errors,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            }
            let direct = form.get("direct") == Some("yes");
            state
                .store
                .set_organisation_feed(&actor, Some((&url, direct)), &by)
                .await?;
            tracing::info!(organisation = actor, by, direct, "harvest file set");
            if action == Some("run") {
                let feed = state
                    .store
                    .organisation_feeds()
                    .await?
                    .into_iter()
                    .find(|f| f.actor_id == actor)
                    .ok_or_else(HtmlError::not_found)?;
                let options = crate::harvest::fetch_options(&state);
                crate::harvest::harvest_one(&state, &feed, &options).await?;
            }
        }
        Some("remove") => {
            state.store.set_organisation_feed(&actor, None, &by).await?;
            tracing::info!(organisation = actor, by, "harvest file removed");
        }
        Some("run") => {
            let Some(feed) = saved else {
                return Err(HtmlError::editor(StatusCode::NOT_FOUND, Refusal::NotFound));
            };
            let options = crate::harvest::fetch_options(&state);
            crate::harvest::harvest_one(&state, &feed, &options).await?;
        }
        _ => return Err(HtmlError::editor(StatusCode::BAD_REQUEST, Refusal::BadForm)),
    }
    Ok(see_other(&format!("{}#{actor}", EdPath::Harvest.href(lang))))
}
