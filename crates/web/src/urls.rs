//! Every page's address in each language, in one place: the public site's
//! ([`Route`]) and the editors' area's ([`EdPath`]). Anything that links to a
//! page (the site, the feeds, the API's search results, the calendar files,
//! the router itself) names it here rather than writing its path.

use samverkan_domain::EntryKind;

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
    /// The Atom feed of every change.
    Changes,
    /// The Atom feed of changes that concern an area.
    AreaChanges(String),
    /// A page outside the public site, by its Swedish and English paths.
    Paths(String, String),
}

impl Route {
    /// The public page of an entry, if its kind has pages (perspectives and
    /// applicant types have none).
    pub fn of_entry(kind: EntryKind, id: &str) -> Option<Route> {
        let id = id.to_string();
        match kind {
            EntryKind::Grant => Some(Route::Grant(id)),
            EntryKind::Actor => Some(Route::Actor(id)),
            EntryKind::Area => Some(Route::Area(id)),
            EntryKind::Initiative => Some(Route::Initiative(id)),
            EntryKind::Perspective | EntryKind::ApplicantType => None,
        }
    }

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
            (Changes, Sv) => "/andringar.atom".into(),
            (Changes, En) => "/en/changes.atom".into(),
            (AreaChanges(id), Sv) => format!("/omraden/{id}/andringar.atom"),
            (AreaChanges(id), En) => format!("/en/areas/{id}/changes.atom"),
            (Paths(sv, _), Sv) => sv.clone(),
            (Paths(_, en), En) => en.clone(),
        }
    }
}

/// Where the editors' area starts, in each language.
pub const EDITOR_BASES: [&str; 2] = ["/redaktion", "/en/editor"];

/// Whether `path` is in the editors' area.
pub fn in_editor_area(path: &str) -> bool {
    EDITOR_BASES.iter().any(|base| {
        path.strip_prefix(base)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// Where the alert pages start, in each language.
pub const ALERTS_BASES: [&str; 2] = ["/bevaka", "/en/alerts"];

/// Whether `path` is one of the alert pages (subscribing, confirming,
/// managing, leaving).
pub fn in_alerts_area(path: &str) -> bool {
    ALERTS_BASES.iter().any(|base| {
        path.strip_prefix(base)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// The editors' pages. Each has a path in each language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EdPath {
    Dashboard,
    Login,
    Logout,
    List(EntryKind),
    New(EntryKind),
    Edit(EntryKind, String),
    Verified(EntryKind, String),
    Retire(EntryKind, String),
    History(EntryKind, String),
    Restore(String),
    LinkCheck,
    /// One error report from the public, to answer.
    Report(String),
    /// A proposal for review.
    Proposal(String),
    /// Where review is required (admins).
    Review,
    /// The organisations' files for the harvest.
    Harvest,
    Accounts,
    AccountStatus(String),
    Tokens,
    RevokeToken(String),
    Sessions,
    EndSessions,
}

fn kind_segment(kind: EntryKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (EntryKind::Actor, Lang::Sv) => "aktorer",
        (EntryKind::Grant, Lang::Sv) => "bidrag",
        (EntryKind::Initiative, Lang::Sv) => "insatser",
        (EntryKind::Actor, Lang::En) => "actors",
        (EntryKind::Grant, Lang::En) => "grants",
        (EntryKind::Initiative, Lang::En) => "initiatives",
        (other, _) => other.collection(),
    }
}

impl EdPath {
    pub fn href(&self, lang: Lang) -> String {
        use EdPath::*;
        let sv = lang == Lang::Sv;
        let base = if sv { "/redaktion" } else { "/en/editor" };
        let pick = |s: &'static str, e: &'static str| if sv { s } else { e };
        match self {
            Dashboard => base.to_string(),
            Login => format!("{base}/{}", pick("logga-in", "login")),
            Logout => format!("{base}/{}", pick("logga-ut", "logout")),
            List(k) => format!("{base}/{}", kind_segment(*k, lang)),
            New(k) => format!("{base}/{}/{}", pick("ny", "new"), kind_segment(*k, lang)),
            Edit(k, id) => format!("{base}/{}/{id}", kind_segment(*k, lang)),
            Verified(k, id) => format!(
                "{base}/{}/{id}/{}",
                kind_segment(*k, lang),
                pick("kontrollerad", "verified")
            ),
            Retire(k, id) => format!(
                "{base}/{}/{id}/{}",
                kind_segment(*k, lang),
                pick("ta-bort", "retire")
            ),
            History(k, id) => format!(
                "{base}/{}/{id}/{}",
                kind_segment(*k, lang),
                pick("historik", "history")
            ),
            Restore(rev) => format!(
                "{base}/{}/{rev}/{}",
                pick("versioner", "revisions"),
                pick("aterstall", "restore")
            ),
            LinkCheck => format!("{base}/{}", pick("lankkontroll", "link-check")),
            Report(id) => format!("{base}/{}/{id}", pick("rapporter", "reports")),
            Proposal(id) => format!("{base}/{}/{id}", pick("forslag", "proposals")),
            Review => format!("{base}/{}", pick("granskning", "review")),
            Harvest => format!("{base}/{}", pick("hamtning", "harvest")),
            Accounts => format!("{base}/{}", pick("konton", "accounts")),
            AccountStatus(name) => format!("{base}/{}/{name}/status", pick("konton", "accounts")),
            Tokens => format!("{base}/{}", pick("nycklar", "tokens")),
            Sessions => format!("{base}/{}", pick("inloggningar", "sign-ins")),
            EndSessions => format!(
                "{base}/{}/{}",
                pick("inloggningar", "sign-ins"),
                pick("logga-ut-overallt", "sign-out-everywhere")
            ),
            RevokeToken(id) => format!(
                "{base}/{}/{id}/{}",
                pick("nycklar", "tokens"),
                pick("aterkalla", "revoke")
            ),
        }
    }

    /// The page as a [`Route`], for the language switch.
    pub fn route(&self) -> Route {
        Route::Paths(self.href(Lang::Sv), self.href(Lang::En))
    }
}
