//! The public website: server-rendered HTML that works without JavaScript,
//! Swedish at `/` and English under `/en/`.
//!
//! Every page is an askama template (compiled, auto-escaping) filled from a
//! view model built here; the templates hold no business rules. Every state
//! has a URL: filters are plain GET forms, and `on=YYYY-MM-DD` sets the
//! reference date on any page that shows deadlines.

mod about;
mod actors;
mod areas;
mod calendar;
mod common;
mod grants;
mod home;
mod ics;
mod initiatives;
mod overlaps;
mod search;
mod structured;
mod svg;

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::response::Html;
use axum::routing::get;
use jiff::civil::Date;

pub use crate::html::{HtmlError, Layout, Nav};
pub use crate::i18n::Lang;
pub use crate::urls::Route;
pub use common::*;

use crate::state::AppState;

/// The website's routes, in both languages.
pub fn routes() -> Router<AppState> {
    let mut router = Router::new().route("/static/{file}", get(crate::html::static_file));
    for lang in Lang::ALL {
        router = router
            .route(
                &Route::Home.href(lang),
                get(move |s: State<AppState>, q: RawQuery| home::home(lang, s, q)),
            )
            .route(
                &Route::Area("{id}".into()).href(lang),
                get(move |s: State<AppState>, p: Path<String>, q: RawQuery| areas::area(lang, s, p, q)),
            )
            .route(
                &Route::Actors.href(lang),
                get(move |s: State<AppState>, q: RawQuery| actors::actors(lang, s, q)),
            )
            .route(
                &Route::Actor("{id}".into()).href(lang),
                get(move |s: State<AppState>, p: Path<String>, q: RawQuery| actors::actor(lang, s, p, q)),
            )
            .route(
                &Route::Grants.href(lang),
                get(move |s: State<AppState>, q: RawQuery| grants::grants(lang, s, q)),
            )
            .route(
                &Route::Grant("{id}".into()).href(lang),
                get(move |s: State<AppState>, p: Path<String>, q: RawQuery| grants::grant(lang, s, p, q)),
            )
            .route(
                &Route::GrantIcs("{id}".into()).href(lang),
                get(move |s: State<AppState>, p: Path<String>, q: RawQuery| ics::grant_ics(lang, s, p, q)),
            )
            .route(
                &Route::GrantsIcs.href(lang),
                get(move |s: State<AppState>, q: RawQuery, h: axum::http::HeaderMap| {
                    ics::grants_ics(lang, s, q, h)
                }),
            )
            .route(
                &Route::Initiative("{id}".into()).href(lang),
                get(move |s: State<AppState>, p: Path<String>, q: RawQuery| {
                    initiatives::initiative(lang, s, p, q)
                }),
            )
            .route(
                &Route::Search.href(lang),
                get(move |s: State<AppState>, q: RawQuery| search::search(lang, s, q)),
            )
            .route(
                &Route::Calendar.href(lang),
                get(move |s: State<AppState>, q: RawQuery| calendar::calendar(lang, s, q)),
            )
            .route(
                &Route::Overlaps.href(lang),
                get(move |s: State<AppState>, q: RawQuery| overlaps::overlaps(lang, s, q)),
            )
            .route(
                &Route::About.href(lang),
                get(move |s: State<AppState>, q: RawQuery| about::about(lang, s, q)),
            );
    }
    // "/en" without the slash is where people type it.
    router.route(
        "/en",
        get(|| async { axum::response::Redirect::permanent("/en/") }),
    )
}

/// Reads a page's parameters leniently into `T` (unknown parameters are
/// ignored, as on any website, whose links may carry anything), but a bad
/// value is a 400 page that says what was wrong. See [`crate::http::query`].
fn page_params<T>(query: Option<&str>) -> Result<T, HtmlError>
where
    T: serde::de::DeserializeOwned + utoipa::IntoParams + 'static,
{
    Ok(crate::http::query::read(query, false)?)
}

/// The reference date of a page that takes no other parameter.
fn page_on(query: Option<&str>) -> Result<Date, HtmlError> {
    let p: crate::http::query::OnParam = page_params(query)?;
    reference_date(p.on.as_deref())
}

/// The reference date of a page: `on`, by default today in Sweden.
fn reference_date(on: Option<&str>) -> Result<Date, HtmlError> {
    Ok(crate::http::query::reference_date(on)?)
}

fn render(_lang: Lang, page: &impl askama::Template) -> Result<Html<String>, HtmlError> {
    crate::html::render(page)
}

#[cfg(test)]
mod tests {
    use samverkan_domain::model::{ActorKind, AreaRole, SourceGroup};
    use samverkan_domain::{DeadlineStatus, Filter, GrantSort};

    use super::Lang;

    /// Every message key the public site builds from a value exists in both
    /// languages, for every value it can be built from.
    #[test]
    fn every_message_key_the_site_builds_exists() {
        let mut keys: Vec<String> = Vec::new();
        keys.extend(ActorKind::ALL.map(|k| format!("kind-{}", k.as_str())));
        keys.extend(AreaRole::ALL.map(|r| format!("role-{}", r.as_str())));
        keys.extend(SourceGroup::ALL.map(|g| format!("actors-group-{}", g.as_str())));
        keys.extend(DeadlineStatus::ALL.map(|s| format!("filter-status-{}", s.as_str())));
        keys.extend(GrantSort::ALL.map(|s| format!("sort-{}", s.as_str())));
        keys.extend(Filter::ALL.map(|f| format!("way-out-{}", f.params()[0])));
        keys.extend(samverkan_search::Kind::ALL.map(|k| format!("search-kind-{}", k.as_str())));
        keys.extend(samverkan_search::Kind::ALL.map(|k| format!("search-kinds-{}", k.as_str())));
        keys.extend((1..=12).map(|m| format!("month-{m}")));
        for key in crate::html::PUBLIC_ERROR_KEYS {
            keys.push(format!("{key}-title"));
            keys.push(format!("{key}-text"));
        }
        for lang in Lang::ALL {
            let missing: Vec<&String> = keys.iter().filter(|k| !lang.has(k)).collect();
            assert!(missing.is_empty(), "missing in {}.ftl: {missing:?}", lang.code());
        }
    }
}
