//! Atom feeds (RFC 4287) of changes to the data — new, changed, retired and
//! restored entries — built from the revision history with the
//! `atom_syndication` crate: one for everything and one per area, in Swedish
//! and English.

use atom_syndication::{Entry, Feed, FixedDateTime, Link, Person, Text};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use samverkan_domain::EntryKind;
use samverkan_store::Revision;

use crate::html::HtmlError;
use crate::http::cache::revalidated;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::urls::Route;

/// How many changes a feed carries.
const ENTRIES: usize = 50;
/// How many revisions are read to find them for an area.
const SCAN: i64 = 2000;

/// The feeds' routes, in both languages.
pub fn routes() -> Router<AppState> {
    let mut router = Router::new();
    for lang in Lang::ALL {
        router = router
            .route(
                &Route::Changes.href(lang),
                get(move |s: State<AppState>, h: HeaderMap| all_changes(lang, s, h)),
            )
            .route(
                &Route::AreaChanges("{id}".into()).href(lang),
                get(move |s: State<AppState>, p: Path<String>, h: HeaderMap| area_changes(lang, s, p, h)),
            );
    }
    router
}

/// Whether a revision concerns an area: the area itself, or an entry linked
/// to it before or after the change.
fn touches_area(r: &Revision, area: &str) -> bool {
    if r.kind == EntryKind::Area {
        return r.entry_id.as_str() == area;
    }
    let linked = |v: &serde_json::Value| {
        v["areas"].as_array().is_some_and(|links| {
            links
                .iter()
                .any(|l| l.as_str() == Some(area) || l["area"].as_str() == Some(area))
        })
    };
    linked(&r.after) || r.before.as_ref().is_some_and(linked)
}

/// The top-level fields a revision changed.
fn changed_fields(r: &Revision) -> Vec<String> {
    let Some(before) = r.before.as_ref().and_then(|b| b.as_object()) else {
        return Vec::new();
    };
    let after = r.after.as_object();
    let mut keys: Vec<String> = before
        .keys()
        .chain(after.into_iter().flat_map(|a| a.keys()))
        .filter(|k| before.get(*k) != after.and_then(|a| a.get(*k)))
        .cloned()
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// A moment as the `atom_syndication` crate takes it (chrono's type).
fn timestamp(at: jiff::Timestamp) -> FixedDateTime {
    chrono::DateTime::from_timestamp(at.as_second(), at.subsec_nanosecond().unsigned_abs())
        .unwrap_or_default()
        .fixed_offset()
}

/// The namespace of the verification elements each entry carries
/// (`verified`, `verified_by`, `verify_by`, as in the API).
pub const VERIFICATION_NS: &str = "urn:samverkan:verification:1";
const VERIFICATION_PREFIX: &str = "samverkan";

/// The entry's check as the revision left it: when, by which organisation
/// (an actor id), and when it is due again on a cycle of `cycle` days.
fn verification(r: &Revision, cycle: u32) -> atom_syndication::extension::ExtensionMap {
    let mut map = atom_syndication::extension::ExtensionMap::default();
    let Some(entry) = r.entry().filter(|_| !r.retired) else {
        return map;
    };
    let (Some((verified, by)), Some(due)) = (entry.verification(), entry.verify_by(cycle)) else {
        return map;
    };
    let elements = map.entry(VERIFICATION_PREFIX.to_string()).or_default();
    for (name, value) in [
        ("verified", Some(verified.to_string())),
        ("verified_by", by.map(ToString::to_string)),
        ("verify_by", Some(due.to_string())),
    ] {
        if let Some(value) = value {
            let mut e = atom_syndication::extension::Extension::default();
            e.set_name(format!("{VERIFICATION_PREFIX}:{name}"));
            e.set_value(Some(value));
            elements.insert(name.to_string(), vec![e]);
        }
    }
    map
}

fn entry(lang: Lang, base: &str, r: &Revision, cycle: u32) -> Entry {
    let name = r.title();
    let page = Route::of_entry(r.kind, r.entry_id.as_str());
    let mut summary = lang.t1("feed-summary-author", "author", r.author.clone());
    if !r.comment.is_empty() {
        summary.push_str(&format!(" – {}", r.comment));
    }
    let fields = changed_fields(r);
    if !fields.is_empty() {
        summary.push_str(&format!(
            ". {}",
            lang.t1("feed-summary-fields", "fields", fields.join(", "))
        ));
    }
    let mut e = Entry::default();
    // One id per change, whichever feed carries it.
    e.set_id(format!(
        "{base}{}#revision-{}",
        Route::Changes.href(Lang::Sv),
        r.id
    ));
    e.set_title(Text::plain(format!(
        "{}: {name}",
        lang.t(&format!("change-{}", r.action.as_str()))
    )));
    e.set_updated(timestamp(r.at));
    e.set_summary(Some(Text::plain(summary)));
    e.set_extensions(verification(r, cycle));
    if let Some(page) = page.filter(|_| !r.retired) {
        let mut link = Link::default();
        link.set_href(format!("{base}{}", page.href(lang)));
        link.set_rel("alternate");
        link.set_mime_type(Some("text/html".to_string()));
        e.set_links(vec![link]);
    }
    e
}

async fn feed(lang: Lang, state: &AppState, headers: &HeaderMap, area: Option<String>) -> Response {
    let base = state.config.base_url().to_string();
    let catalog = state.catalog();
    let area_name = match &area {
        Some(id) => match catalog.area(id) {
            Some(a) => Some(lang.t_or(&format!("data-area-{id}"), &a.name)),
            None => return HtmlError::not_found().into_response(),
        },
        None => None,
    };
    let href = match &area {
        Some(a) => Route::AreaChanges(a.clone()).href(lang),
        None => Route::Changes.href(lang),
    };
    let revisions = match state
        .store
        .recent_revisions(if area.is_some() { SCAN } else { ENTRIES as i64 })
        .await
    {
        Ok(r) => r,
        // The feeds are part of the website: their errors are its pages.
        Err(e) => return HtmlError::internal(&e).into_response(),
    };
    let entries: Vec<Entry> = revisions
        .iter()
        .filter(|r| area.as_deref().is_none_or(|a| touches_area(r, a)))
        .take(ENTRIES)
        .map(|r| entry(lang, &base, r, state.config.stale_days))
        .collect();
    let mut f = Feed::default();
    f.set_id(format!("{base}{href}"));
    f.set_title(Text::plain(match &area_name {
        Some(name) => lang.t1("feed-title-area", "area", name.clone()),
        None => lang.t("feed-title"),
    }));
    f.set_lang(Some(lang.code().to_string()));
    f.set_namespaces([(VERIFICATION_PREFIX.to_string(), VERIFICATION_NS.to_string())]);
    f.set_updated(entries.first().map(|e| *e.updated()).unwrap_or_default());
    let mut author = Person::default();
    author.set_name(state.config.publisher.clone());
    f.set_authors(vec![author]);
    let mut own = Link::default();
    own.set_href(format!("{base}{href}"));
    own.set_rel("self");
    own.set_mime_type(Some("application/atom+xml".to_string()));
    let mut site = Link::default();
    site.set_href(format!(
        "{base}{}",
        match &area {
            Some(a) => Route::Area(a.clone()).href(lang),
            None => Route::Home.href(lang),
        }
    ));
    site.set_rel("alternate");
    site.set_mime_type(Some("text/html".to_string()));
    f.set_links(vec![own, site]);
    f.set_entries(entries);
    revalidated(
        headers,
        "application/atom+xml; charset=utf-8",
        None,
        f.to_string(),
    )
}

pub async fn all_changes(lang: Lang, State(state): State<AppState>, headers: HeaderMap) -> Response {
    feed(lang, &state, &headers, None).await
}

pub async fn area_changes(
    lang: Lang,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    feed(lang, &state, &headers, Some(id)).await
}
