//! An entry's history: every revision, newest first, with who, when, why and
//! a word diff against the one before; and restoring any of them.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use samverkan_domain::EntryKind;
use samverkan_store::{Revision, StoreError};

use super::diff::{self, Segment};
use super::{Answer, forms, layout, render, see_other};
use crate::auth::{CsrfForm, EditorSession};
use crate::editing::{EditError, Editing};
use crate::html::{HtmlError, Layout, Refusal};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::urls::EdPath;

pub struct ChangeRow {
    pub field: String,
    pub segments: Vec<Segment>,
}

pub struct RevisionView {
    pub id: i64,
    pub version: i64,
    pub action: String,
    pub author: String,
    pub at: String,
    pub comment: String,
    pub changes: Vec<ChangeRow>,
    /// The restore form's target, unless this is how the entry is now.
    pub restore_action: Option<String>,
}

#[derive(Template)]
#[template(path = "editor_history.html")]
pub struct HistoryPage {
    pub layout: Layout,
    pub heading: String,
    pub csrf: String,
    pub retired: bool,
    pub edit_href: Option<String>,
    pub revisions: Vec<RevisionView>,
}

pub async fn history(
    lang: Lang,
    kind: EntryKind,
    State(state): State<AppState>,
    session: EditorSession,
    Path(id): Path<String>,
) -> Answer {
    let here = EdPath::History(kind, id.clone());
    let revisions: Vec<Revision> = state.store.history(kind, &id).await?;
    if revisions.is_empty() {
        return Err(HtmlError::not_found());
    }
    // An organisation's editor reads the history of what it keeps, as the
    // entry is now (or was when retired).
    let scope = crate::editing::Scope::of(&state.store, &session.user).await?;
    if !revisions
        .last()
        .and_then(Revision::entry)
        .is_some_and(|e| scope.owns(&e))
    {
        return Err(HtmlError::editor(
            axum::http::StatusCode::FORBIDDEN,
            crate::html::Refusal::Organisation,
        ));
    }
    let fields = forms::fields(kind, &state.catalog(), lang);
    let order: Vec<&str> = fields.iter().map(|f| f.name).collect();
    let latest = revisions.last().map(|r| r.id);
    let retired = revisions.last().is_some_and(|r| r.retired);
    let title = revisions
        .last()
        .map(|r| r.title().to_string())
        .unwrap_or_else(|| id.clone());
    let views = revisions
        .iter()
        .rev()
        .map(|r| RevisionView {
            id: r.id,
            version: r.version,
            action: lang.t(&format!("change-{}", r.action.as_str())),
            author: r.author.clone(),
            at: r.at.strftime("%Y-%m-%d %H:%M:%S UTC").to_string(),
            comment: r.comment.clone(),
            changes: diff::changes(lang, r.before.as_ref(), &r.after, &order)
                .into_iter()
                .map(|c| ChangeRow {
                    field: lang.t_or(&format!("field-{}", c.field), &c.field),
                    segments: c.segments,
                })
                .collect(),
            restore_action: (Some(r.id) != latest).then(|| EdPath::Restore(r.id.to_string()).href(lang)),
        })
        .collect();
    let page = HistoryPage {
        layout: layout(
            lang,
            lang.t1("editor-history-heading", "title", title.clone()),
            here,
            &session,
        ),
        heading: lang.t1("editor-history-heading", "title", title),
        csrf: session.csrf.clone(),
        retired,
        edit_href: (!retired).then(|| EdPath::Edit(kind, id.clone()).href(lang)),
        revisions: views,
    };
    render(StatusCode::OK, &page)
}

/// Makes the entry as it was right after a revision, as a new revision.
pub async fn restore(
    lang: Lang,
    State(state): State<AppState>,
    Path(rev): Path<String>,
    CsrfForm { session, form }: CsrfForm,
) -> Answer {
    let rev = rev.parse::<i64>().map_err(|_| HtmlError::not_found())?;
    let comment = form.text("comment");
    let restored = Editing::new(&state, &session.user)
        .restore(rev, Some(&comment), |target| {
            lang.t1("editor-restored-comment", "version", target.version)
        })
        .await;
    match restored {
        Ok(w) => Ok(see_other(&EdPath::History(w.kind, w.id).href(lang))),
        Err(EditError::Store(StoreError::Invalid(errors))) => {
            Err(HtmlError::editor(StatusCode::CONFLICT, Refusal::RestoreInvalid)
                .with_detail(errors.to_string()))
        }
        Err(e) => Err(e.into()),
    }
}
