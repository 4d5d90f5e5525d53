//! The public website: server-rendered HTML that works without JavaScript,
//! Swedish at `/` and English under `/en/`.
//!
//! Every page is an askama template (compiled, auto-escaping) filled from a
//! view model built here; the templates hold no business rules. Every state
//! has a URL: filters are plain GET forms, and `on=YYYY-MM-DD` sets the
//! reference date on any page that shows deadlines.

mod data_pages;
mod ics;
mod pages;
mod structured;
mod svg;

use std::sync::LazyLock;

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use jiff::civil::Date;

pub use crate::i18n::Lang;
pub use crate::routes::Route;
pub use pages::*;

use crate::params::{Arity, Params};
use crate::state::AppState;

/// The stylesheet, served under a name that changes with its content so that
/// it can be cached for a year.
const STYLE: &str = include_str!("../../static/style.css");

static STYLE_HREF: LazyLock<String> = LazyLock::new(|| {
    format!(
        "/static/style.{:016x}.css",
        crate::respond::fnv1a(STYLE.as_bytes())
    )
});

/// The website's routes, in both languages.
pub fn routes() -> Router<AppState> {
    let mut router = Router::new().route("/static/{file}", get(static_file));
    for lang in Lang::ALL {
        router = router
            .route(
                &Route::Home.href(lang),
                get(move |s: State<AppState>, q: RawQuery| pages::home(lang, s, q)),
            )
            .route(
                &Route::Area("{id}".into()).href(lang),
                get(move |s: State<AppState>, p: Path<String>, q: RawQuery| pages::area(lang, s, p, q)),
            )
            .route(
                &Route::Actors.href(lang),
                get(move |s: State<AppState>, q: RawQuery| pages::actors(lang, s, q)),
            )
            .route(
                &Route::Actor("{id}".into()).href(lang),
                get(move |s: State<AppState>, p: Path<String>, q: RawQuery| pages::actor(lang, s, p, q)),
            )
            .route(
                &Route::Grants.href(lang),
                get(move |s: State<AppState>, q: RawQuery| pages::grants(lang, s, q)),
            )
            .route(
                &Route::Grant("{id}".into()).href(lang),
                get(move |s: State<AppState>, p: Path<String>, q: RawQuery| pages::grant(lang, s, p, q)),
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
                &crate::feeds::feed_href(lang, None),
                get(move |s: State<AppState>, h: axum::http::HeaderMap| {
                    crate::feeds::all_changes(lang, s, h)
                }),
            )
            .route(
                &crate::feeds::feed_href(lang, Some("{id}")),
                get(
                    move |s: State<AppState>, p: Path<String>, h: axum::http::HeaderMap| {
                        crate::feeds::area_changes(lang, s, p, h)
                    },
                ),
            )
            .route(
                &Route::Initiative("{id}".into()).href(lang),
                get(move |s: State<AppState>, p: Path<String>, q: RawQuery| pages::initiative(lang, s, p, q)),
            )
            .route(
                &Route::Search.href(lang),
                get(move |s: State<AppState>, q: RawQuery| pages::search(lang, s, q)),
            )
            .route(
                &Route::Calendar.href(lang),
                get(move |s: State<AppState>, q: RawQuery| pages::calendar(lang, s, q)),
            )
            .route(
                &Route::Overlaps.href(lang),
                get(move |s: State<AppState>, q: RawQuery| pages::overlaps(lang, s, q)),
            )
            .route(
                &Route::About.href(lang),
                get(move |s: State<AppState>, q: RawQuery| pages::about(lang, s, q)),
            )
            .route(
                &Route::OpenData.href(lang),
                get(move |s: State<AppState>| data_pages::open_data(lang, s)),
            )
            .route(
                &Route::ApiDocs.href(lang),
                get(move |s: State<AppState>| data_pages::api_docs(lang, s)),
            );
    }
    // "/en" without the slash is where people type it.
    router.route(
        "/en",
        get(|| async { axum::response::Redirect::permanent("/en/") }),
    )
}

async fn static_file(Path(file): Path<String>) -> Response {
    if format!("/static/{file}") == *STYLE_HREF {
        (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/css; charset=utf-8"),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
            ],
            STYLE,
        )
            .into_response()
    } else {
        (StatusCode::NOT_FOUND, "Not found\n").into_response()
    }
}

/// The page for a URL no route serves, in the language its path suggests.
pub fn not_found_page(path: &str) -> Response {
    let lang = if path == "/en" || path.starts_with("/en/") {
        Lang::En
    } else {
        Lang::Sv
    };
    SiteError::not_found(lang).into_response()
}

/// A page that could not be shown, rendered as a helpful HTML page.
#[derive(Debug)]
pub struct SiteError {
    status: StatusCode,
    lang: Lang,
    detail: Option<String>,
}

impl SiteError {
    pub fn not_found(lang: Lang) -> Self {
        SiteError {
            status: StatusCode::NOT_FOUND,
            lang,
            detail: None,
        }
    }

    fn bad_request(lang: Lang, detail: String) -> Self {
        SiteError {
            status: StatusCode::BAD_REQUEST,
            lang,
            detail: Some(detail),
        }
    }

    pub(crate) fn internal(lang: Lang, cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error on a page");
        SiteError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            lang,
            detail: None,
        }
    }
}

impl IntoResponse for SiteError {
    fn into_response(self) -> Response {
        let key = match self.status {
            StatusCode::NOT_FOUND => "error-404",
            StatusCode::BAD_REQUEST => "error-400",
            _ => "error-500",
        };
        let page = ErrorPage {
            layout: Layout::new(
                self.lang,
                self.lang.t(&format!("{key}-title")),
                Route::Home,
                None,
                None,
            ),
            heading: self.lang.t(&format!("{key}-title")),
            text: self.lang.t(&format!("{key}-text")),
            detail: self.detail,
            search_href: Route::Search.href(self.lang),
        };
        match askama::Template::render(&page) {
            Ok(html) => (self.status, Html(html)).into_response(),
            Err(e) => {
                tracing::error!(error = %e, "the error page did not render");
                (self.status, "Error\n").into_response()
            }
        }
    }
}

/// What every page shares: language, title, where it is, and the URL of the
/// same page in the other language.
pub struct Layout {
    pub lang: Lang,
    pub title: String,
    here: Route,
    query: Option<String>,
    nav: Option<Nav>,
    /// The Atom feed of the area the page is about, besides the site's.
    pub area_feed: Option<String>,
    /// schema.org JSON-LD for the page, ready for a `<script>` element.
    pub json_ld: Option<String>,
    /// On the editors' pages: who is signed in, their menu and the logout form.
    pub editor: Option<EditorBar>,
}

/// The editors' menu bar.
pub struct EditorBar {
    pub username: String,
    pub csrf: String,
    pub logout_href: String,
    pub links: Vec<NavLink>,
}

/// Who runs the installation and how to reach them, for every page's footer.
#[derive(Debug, Clone, Default)]
pub struct Operator {
    pub name: Option<String>,
    pub email: Option<String>,
}

tokio::task_local! {
    /// Set for each request from the configuration (see `lib.rs`), so that
    /// every page's footer can name the operator without every handler
    /// passing it along.
    pub static OPERATOR: std::sync::Arc<Operator>;
}

/// The main navigation's entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Search,
    Grants,
    Actors,
    Calendar,
    Overlaps,
    OpenData,
    About,
}

/// A link in the main navigation.
pub struct NavLink {
    pub href: String,
    pub label: String,
    pub current: bool,
}

impl Layout {
    pub fn new(lang: Lang, title: String, here: Route, query: Option<&str>, nav: Option<Nav>) -> Layout {
        Layout {
            lang,
            title,
            here,
            query: query.filter(|q| !q.is_empty()).map(str::to_string),
            nav,
            area_feed: None,
            json_ld: None,
            editor: None,
        }
    }

    /// That grants in a list may be out of date, said once for the list.
    pub fn stale_among(&self, cards: &[pages::GrantCard]) -> Option<String> {
        pages::stale_among(self.lang, cards)
    }

    /// The site's Atom feed of changes, in this language.
    pub fn feed_href(&self) -> String {
        crate::feeds::feed_href(self.lang, None)
    }

    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// The message `key` with one argument.
    pub fn t1(&self, key: &str, name: &str, value: impl Into<fluent_bundle::FluentValue<'static>>) -> String {
        self.lang.t1(key, name, value)
    }

    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    /// ` lang="sv"` on English pages, for content that exists only in
    /// Swedish (WCAG 2.1, 3.1.2 Language of Parts); empty on Swedish pages.
    pub fn sv(&self) -> &'static str {
        match self.lang {
            Lang::Sv => "",
            Lang::En => r#" lang="sv""#,
        }
    }

    pub fn css(&self) -> &str {
        &STYLE_HREF
    }

    fn with_query(&self, path: String) -> String {
        match &self.query {
            Some(q) => format!("{path}?{q}"),
            None => path,
        }
    }

    /// The same page in the other language.
    pub fn switch_href(&self) -> String {
        self.with_query(self.here.href(self.lang.other()))
    }

    pub fn switch_code(&self) -> &'static str {
        self.lang.other().code()
    }

    pub fn href_in(&self, code: &str) -> String {
        let lang = if code == "en" { Lang::En } else { Lang::Sv };
        self.with_query(self.here.href(lang))
    }

    pub fn home_href(&self) -> String {
        Route::Home.href(self.lang)
    }

    pub fn about_href(&self) -> String {
        Route::About.href(self.lang)
    }

    pub fn open_data_href(&self) -> String {
        Route::OpenData.href(self.lang)
    }

    pub fn api_href(&self) -> String {
        Route::ApiDocs.href(self.lang)
    }

    /// Who runs this installation (empty outside a request).
    pub fn operator(&self) -> std::sync::Arc<Operator> {
        OPERATOR.try_with(Clone::clone).unwrap_or_default()
    }

    /// Whether the page is in English and shows the source's Swedish texts.
    pub fn english(&self) -> bool {
        self.lang == Lang::En && self.editor.is_none()
    }

    pub fn nav_links(&self) -> Vec<NavLink> {
        [
            (Nav::Search, Route::Search, "nav-search"),
            (Nav::Grants, Route::Grants, "nav-grants"),
            (Nav::Actors, Route::Actors, "nav-actors"),
            (Nav::Calendar, Route::Calendar, "nav-calendar"),
            (Nav::Overlaps, Route::Overlaps, "nav-overlaps"),
            (Nav::OpenData, Route::OpenData, "nav-open-data"),
            (Nav::About, Route::About, "nav-about"),
        ]
        .into_iter()
        .map(|(nav, route, key)| NavLink {
            href: route.href(self.lang),
            label: self.t(key),
            current: self.nav == Some(nav),
        })
        .collect()
    }
}

/// Reads a page's query string leniently (unknown parameters are ignored, as
/// on any website), but a bad value is a 400 page that says what was wrong.
fn page_params(
    lang: Lang,
    query: Option<&str>,
    accepted: &[(&'static str, Arity)],
) -> Result<Params, SiteError> {
    Params::parse_lenient(query, accepted).map_err(|e| SiteError::bad_request(lang, e.message))
}

fn reference_date(lang: Lang, params: &Params) -> Result<Date, SiteError> {
    params.on().map_err(|e| SiteError::bad_request(lang, e.message))
}

fn render(lang: Lang, page: &impl askama::Template) -> Result<Html<String>, SiteError> {
    page.render().map(Html).map_err(|e| SiteError::internal(lang, &e))
}
