//! HTML that every part of the site shares: the page layout (header,
//! navigation, footer, language switch), the stylesheet, and the error page
//! ([`HtmlError`]), whose language and wording follow the request's path.
//!
//! Templates are askama's: compiled with the crate and escaped for HTML by
//! default, so no handler writes markup by hand.

mod error;

use std::sync::{Arc, LazyLock};

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

pub use error::{ErrorPage, HtmlError, PUBLIC_ERROR_KEYS, Refusal};

use crate::i18n::Lang;
use crate::urls::Route;

/// The stylesheet, served under a name that changes with its content so that
/// it can be cached for a year.
const STYLE: &str = include_str!("../../static/style.css");

pub static STYLE_HREF: LazyLock<String> = LazyLock::new(|| {
    format!(
        "/static/style.{:016x}.css",
        crate::http::cache::content_hash(STYLE.as_bytes())
    )
});

/// Serves the stylesheet under its content-named path.
pub async fn static_file(Path(file): Path<String>) -> Response {
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

/// What a page needs to know about the request it answers, set once per
/// request by the response middleware in `lib.rs`: who runs the site (for
/// every footer) and which part of the site and language the path is in (for
/// error pages, which may be produced far from any handler).
#[derive(Debug, Clone)]
pub struct RequestContext {
    pub operator: Arc<Operator>,
    pub lang: Lang,
    /// Whether the path is in the editors' area.
    pub editor: bool,
}

impl RequestContext {
    /// The context of a request for `path`.
    pub fn of_path(path: &str, operator: Arc<Operator>) -> RequestContext {
        RequestContext {
            operator,
            lang: Lang::of_path(path),
            editor: crate::urls::in_editor_area(path),
        }
    }
}

tokio::task_local! {
    pub static REQUEST: RequestContext;
}

/// A checkbox, radio button or option of a form.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// Renders a page, or the error page if the template fails.
pub fn render(page: &impl askama::Template) -> Result<Html<String>, HtmlError> {
    page.render().map(Html).map_err(|e| HtmlError::internal(&e))
}

/// What every page shares: language, title, where it is, and the URL of the
/// same page in the other language.
pub struct Layout {
    pub lang: Lang,
    pub title: String,
    pub(crate) here: Route,
    pub(crate) query: Option<String>,
    pub(crate) nav: Option<Nav>,
    /// The Atom feed of the area the page is about, besides the site's.
    pub area_feed: Option<String>,
    /// schema.org JSON-LD for the page, ready for a `<script>` element.
    pub json_ld: Option<String>,
    /// On the editors' pages: who is signed in, their menu and the logout form.
    pub editor: Option<EditorBar>,
    /// On an entry's public page: where to report an error in it.
    pub report: Option<String>,
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
            report: None,
        }
    }

    /// The site's Atom feed of changes, in this language.
    pub fn feed_href(&self) -> String {
        Route::Changes.href(self.lang)
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
        REQUEST.try_with(|r| r.operator.clone()).unwrap_or_default()
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
