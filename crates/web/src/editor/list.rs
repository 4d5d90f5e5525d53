//! The list of each kind of entry in the editors' area, with a filter by
//! name or id.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use samverkan_domain::EntryKind;

use super::{Answer, layout, query_value, render};
use crate::auth::EditorSession;
use crate::editing::Scope;
use crate::html::Layout;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::urls::EdPath;

pub struct Row {
    pub href: String,
    pub history_href: String,
    pub title: String,
    pub id: String,
    pub verified: String,
}

#[derive(Template)]
#[template(path = "editor_list.html")]
pub struct ListPage {
    pub layout: Layout,
    pub heading: String,
    pub q: String,
    pub rows: Vec<Row>,
    pub total: usize,
    pub shown_note: Option<String>,
    pub new_href: String,
    pub new_label: String,
    /// Whether the account may add entries of this kind.
    pub may_add: bool,
}

pub async fn list(
    lang: Lang,
    kind: EntryKind,
    State(state): State<AppState>,
    session: EditorSession,
    RawQuery(query): RawQuery,
) -> Answer {
    let here = EdPath::List(kind);
    let q = query_value(query.as_deref(), "q").unwrap_or_default();
    let needle = q.trim().to_lowercase();
    let catalog = state.catalog();
    // An organisation's editor sees what its organisations keep.
    let scope = Scope::of(&state.store, &session.user).await?;
    let all: Vec<(String, String, jiff::civil::Date)> = match kind {
        EntryKind::Actor => catalog
            .actors()
            .iter()
            .filter(|a| scope.covers([a.id.as_str()]))
            .map(|a| (a.id.to_string(), a.name.clone(), a.verified))
            .collect(),
        EntryKind::Grant => catalog
            .grants()
            .filter(|g| scope.covers([g.provider.as_str()]))
            .map(|g| (g.id.to_string(), g.title.clone(), g.verified))
            .collect(),
        _ => catalog
            .initiatives()
            .iter()
            .filter(|i| scope.covers(i.participants.iter().map(|p| p.as_str())))
            .map(|i| (i.id.to_string(), i.name.clone(), i.verified))
            .collect(),
    };
    let matching: Vec<_> = all
        .into_iter()
        .filter(|(id, title, _)| {
            needle.is_empty() || id.contains(&needle) || title.to_lowercase().contains(&needle)
        })
        .collect();
    let total = matching.len();
    const SHOWN: usize = 200;
    let rows = matching
        .into_iter()
        .take(SHOWN)
        .map(|(id, title, verified)| Row {
            href: EdPath::Edit(kind, id.clone()).href(lang),
            history_href: EdPath::History(kind, id.clone()).href(lang),
            title,
            id,
            verified: lang.date(&verified),
        })
        .collect();
    let page = ListPage {
        layout: layout(
            lang,
            lang.t(&format!("editor-list-{}", kind.as_str())),
            here,
            &session,
        ),
        heading: lang.t(&format!("editor-list-{}", kind.as_str())),
        q,
        rows,
        total,
        shown_note: (total > SHOWN).then(|| lang.t1("editor-list-capped", "shown", SHOWN)),
        new_href: EdPath::New(kind).href(lang),
        new_label: lang.t(&format!("editor-new-{}", kind.as_str())),
        may_add: scope.may_add(kind),
    };
    render(StatusCode::OK, &page)
}
