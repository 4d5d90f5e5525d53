//! `sitemap.xml`: every page, in each language with its alternates. Written
//! by an askama template, which escapes every value for XML.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};

use crate::html::HtmlError;
use crate::http::cache::revalidated;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::urls::Route;

/// One address in the sitemap, with the same page in every language.
struct Page {
    href: String,
    alternates: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "files/sitemap.xml", escape = "html")]
struct Sitemap<'a> {
    base: &'a str,
    pages: Vec<Page>,
}

/// `GET /sitemap.xml`
pub async fn sitemap(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let catalog = state.catalog();
    let mut routes = vec![
        Route::Home,
        Route::Actors,
        Route::Grants,
        Route::Calendar,
        Route::Overlaps,
        Route::About,
    ];
    routes.extend(catalog.areas().iter().map(|a| Route::Area(a.id.to_string())));
    routes.extend(catalog.actors().iter().map(|a| Route::Actor(a.id.to_string())));
    routes.extend(catalog.grants().map(|g| Route::Grant(g.id.to_string())));
    routes.extend(
        catalog
            .initiatives()
            .iter()
            .map(|i| Route::Initiative(i.id.to_string())),
    );
    let pages = routes
        .iter()
        .flat_map(|route| {
            Lang::ALL.map(|lang| Page {
                href: route.href(lang),
                alternates: Lang::ALL.map(|alt| (alt.code(), route.href(alt))).to_vec(),
            })
        })
        .collect();
    let page = Sitemap {
        base: state.config.base_url(),
        pages,
    };
    match page.render() {
        Ok(body) => revalidated(&headers, "application/xml; charset=utf-8", None, body),
        Err(e) => HtmlError::internal(&e).into_response(),
    }
}
