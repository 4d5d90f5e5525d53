//! The start page: the five areas, the next deadlines and the latest changes.

use askama::Template;
use axum::extract::{RawQuery, State};
use samverkan_domain::{DeadlineStatus, GrantHit, GrantQuery};

use super::{Layout, Route, page_on, render};
use crate::site::Lang;
use crate::state::AppState;

use super::common::*;

pub struct AreaSummary {
    pub link: Link,
    pub actors: String,
    pub grants: String,
}

pub struct ChangeView {
    pub text: String,
    pub href: Option<String>,
    pub action: String,
    pub date: DateView,
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub layout: Layout,
    pub areas: Vec<AreaSummary>,
    pub soon: Vec<GrantCard>,
    pub later: Vec<GrantCard>,
    pub changes: Vec<ChangeView>,
    /// A link to the rest when there are more deadlines than the page shows.
    pub soon_more: Option<(String, String)>,
    pub finder_href: String,
    pub today: DateView,
}

pub async fn home(lang: Lang, State(state): State<AppState>, RawQuery(query): RawQuery) -> Page {
    let on = page_on(query.as_deref())?;
    let catalog = state.catalog();
    let stale_days = state.config.stale_days;
    let areas = catalog
        .areas()
        .iter()
        .map(|a| {
            let grants = catalog.grant_count_in_area(a.id.as_str());
            AreaSummary {
                link: area_link(lang, a),
                actors: lang.t1(
                    "count-actors",
                    "count",
                    catalog.actors_in_area(a.id.as_str()).len(),
                ),
                grants: lang.t1("count-grants", "count", grants),
            }
        })
        .collect();
    let upcoming = GrantQuery {
        statuses: vec![DeadlineStatus::Upcoming],
        ..Default::default()
    };
    let within_60 = GrantQuery {
        within_days: Some(60),
        ..upcoming.clone()
    };
    let (soon, soon_total) = catalog.find_grants_page(&within_60, on, 0, HOME_DEADLINES);
    let later = if soon.is_empty() {
        catalog.find_grants_page(&upcoming, on, 0, 3).0
    } else {
        Vec::new()
    };
    let card = |h: &GrantHit<'_>| grant_card(lang, &catalog, h, on, stale_days);
    let changes = match state.store.recent_changes(5).await {
        Ok(revisions) => revisions
            .into_iter()
            .map(|r| {
                let text = r.title();
                let href = Route::of_entry(r.kind, r.entry_id.as_str())
                    .filter(|_| !r.retired)
                    .map(|route| route.href(lang));
                let date = samverkan_domain::time::date_in_sweden(r.at);
                ChangeView {
                    text,
                    href,
                    action: lang.t(&format!("change-{}", r.action.as_str())),
                    date: DateView::new(lang, &date),
                }
            })
            .collect(),
        Err(e) => {
            tracing::warn!(error = %e, "could not read the latest changes");
            Vec::new()
        }
    };
    render(
        lang,
        &HomePage {
            layout: Layout::new(lang, lang.t("home-title"), Route::Home, query.as_deref(), None),
            areas,
            soon: soon.iter().map(card).collect(),
            later: later.iter().map(card).collect(),
            soon_more: (soon_total > HOME_DEADLINES).then(|| {
                (
                    format!("{}?within_days=60&status=upcoming", Route::Grants.href(lang)),
                    lang.t1("show-all-grants", "count", soon_total),
                )
            }),
            changes,
            finder_href: Route::Search.href(lang),
            today: DateView::new(lang, &on),
        },
    )
}
