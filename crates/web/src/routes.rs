//! The public site's pages and their addresses in each language. Anything
//! that links to a page (the site, the feeds, the API's search results, the
//! calendar files) names it here rather than writing its path.

use crate::i18n::Lang;

/// The pages of the site. Each has a URL in each language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Home,
    Area(String),
    Actors,
    Actor(String),
    Grants,
    Grant(String),
    GrantIcs(String),
    GrantsIcs,
    Initiative(String),
    Search,
    Calendar,
    Overlaps,
    About,
    OpenData,
    ApiDocs,
    /// A page outside the public site, by its Swedish and English paths.
    Paths(String, String),
}

impl Route {
    pub fn href(&self, lang: Lang) -> String {
        use Lang::*;
        use Route::*;
        match (self, lang) {
            (Home, Sv) => "/".into(),
            (Home, En) => "/en/".into(),
            (Area(id), Sv) => format!("/omraden/{id}"),
            (Area(id), En) => format!("/en/areas/{id}"),
            (Actors, Sv) => "/aktorer".into(),
            (Actors, En) => "/en/actors".into(),
            (Actor(id), Sv) => format!("/aktorer/{id}"),
            (Actor(id), En) => format!("/en/actors/{id}"),
            (Grants, Sv) => "/bidrag".into(),
            (Grants, En) => "/en/grants".into(),
            (Grant(id), Sv) => format!("/bidrag/{id}"),
            (Grant(id), En) => format!("/en/grants/{id}"),
            (GrantIcs(id), Sv) => format!("/bidrag/{id}/kalender.ics"),
            (GrantIcs(id), En) => format!("/en/grants/{id}/calendar.ics"),
            (GrantsIcs, Sv) => "/bidrag.ics".into(),
            (GrantsIcs, En) => "/en/grants.ics".into(),
            (Initiative(id), Sv) => format!("/insatser/{id}"),
            (Initiative(id), En) => format!("/en/initiatives/{id}"),
            (Search, Sv) => "/sok".into(),
            (Search, En) => "/en/search".into(),
            (Calendar, Sv) => "/kalender".into(),
            (Calendar, En) => "/en/calendar".into(),
            (Overlaps, Sv) => "/overlapp".into(),
            (Overlaps, En) => "/en/overlaps".into(),
            (About, Sv) => "/om".into(),
            (About, En) => "/en/about".into(),
            (OpenData, Sv) => "/oppna-data".into(),
            (OpenData, En) => "/en/open-data".into(),
            (ApiDocs, Sv) => "/api".into(),
            (ApiDocs, En) => "/en/api".into(),
            (Paths(sv, _), Sv) => sv.clone(),
            (Paths(_, en), En) => en.clone(),
        }
    }
}
