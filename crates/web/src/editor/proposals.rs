//! Review (four eyes) in the editors' area: a proposal's page, with the
//! word diff of what it changes against the published entry, its comments,
//! and the forms to comment, approve, reject with a reason, or take it back;
//! the dashboard's lists of proposals to review and one's own; and the
//! admins' switch for where review is required. Every decision is made by
//! [`Editing`], which the write API shares.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use samverkan_domain::Entry;
use samverkan_store::{Proposal, ProposalStatus, Role};

use super::dashboard::Item;
use super::diff::{self, Segment};
use super::history::ChangeRow;
use super::{Answer, forms, layout, render, see_other, stamp};
use crate::auth::{Admin, CsrfForm, EditorSession};
use crate::editing::{EditError, Editing};
use crate::html::{HtmlError, Layout, Refusal};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::urls::{EdPath, Route};

/// The longest comment or reason taken.
const MAX_TEXT: usize = 4_000;

#[derive(Template)]
#[template(path = "editor_proposal.html")]
pub struct ProposalPage {
    pub layout: Layout,
    pub notice: Option<String>,
    pub csrf: String,
    pub action: String,
    pub title: String,
    pub kind: String,
    /// Who proposed it, and when.
    pub byline: String,
    pub comment: String,
    pub status: String,
    pub open: bool,
    pub decision: Option<String>,
    pub retire: bool,
    pub changes: Vec<ChangeRow>,
    /// The fields changed since the proposal was made that it also changes.
    pub conflict: Vec<String>,
    pub stale_base: bool,
    pub comments: Vec<(String, String, String)>,
    pub may_review: bool,
    pub is_author: bool,
    pub public_href: Option<String>,
    pub edit_href: Option<String>,
    pub errors: Vec<String>,
}

fn status_text(lang: Lang, p: &Proposal) -> String {
    lang.t(&format!("proposal-status-{}", p.status.as_str()))
}

async fn page(
    lang: Lang,
    state: &AppState,
    session: &EditorSession,
    p: Proposal,
    errors: Vec<String>,
    notice: Option<String>,
    status: StatusCode,
) -> Answer {
    let editing = Editing::new(state, &session.user);
    let now = state.store.get(p.kind, &p.entry_id).await?;
    let published = now.as_ref().filter(|n| !n.retired);
    let may_review =
        p.status == ProposalStatus::Open && editing.may_review(&p, published.map(|n| &n.entry)).await?;
    let is_author = p.author == session.user.username;
    if !may_review && !is_author && session.user.role != Role::Admin {
        // Nobody else's business: the same answer as for no proposal.
        let scope = crate::editing::Scope::of(&state.store, &session.user).await?;
        let proposed = p.after.as_ref().and_then(|v| Entry::from_json(p.kind, v).ok());
        let theirs = [published.map(|n| &n.entry), proposed.as_ref()]
            .into_iter()
            .flatten()
            .any(|e| scope.owns(e));
        if !theirs {
            return Err(HtmlError::not_found());
        }
    }
    let fields = forms::fields(p.kind, &state.catalog(), lang);
    let order: Vec<&str> = fields.iter().map(|f| f.name).collect();
    let changes = match &p.after {
        Some(after) => diff::changes(lang, p.before.as_ref(), after, &order)
            .into_iter()
            .map(|c| ChangeRow {
                field: lang.t_or(&format!("field-{}", c.field), &c.field),
                segments: c.segments,
            })
            .collect(),
        None => Vec::new(),
    };
    let stale_base = p.status == ProposalStatus::Open
        && match (p.base_version, published) {
            (Some(base), Some(n)) => n.version != base,
            _ => false,
        };
    let conflict = match (&p.before, &p.after, published) {
        (Some(before), Some(after), Some(n)) if stale_base => {
            crate::editing::rebase(before, after, &n.entry.to_json())
                .err()
                .unwrap_or_default()
        }
        _ => Vec::new(),
    };
    let title = proposed_title(&p);
    let comments = state
        .store
        .proposal_comments(&p.id)
        .await?
        .into_iter()
        .map(|c| (c.author, stamp(c.at), c.text))
        .collect();
    let decision = p.decided_by.as_ref().map(|by| {
        let mut text = lang.tn(
            "proposal-decided",
            &[
                ("by", by.clone().into()),
                ("at", p.decided_at.map(stamp).unwrap_or_default().into()),
            ],
        );
        if let Some(reason) = &p.reason {
            let label = if p.status == ProposalStatus::Rejected {
                "proposal-reason"
            } else {
                "proposal-note"
            };
            text.push_str(&format!(". {} {reason}", lang.t(label)));
        }
        text
    });
    let page = ProposalPage {
        layout: layout(
            lang,
            lang.t1("proposal-title", "title", title.clone()),
            EdPath::Proposal(p.id.clone()),
            session,
        ),
        notice,
        csrf: session.csrf.clone(),
        action: EdPath::Proposal(p.id.clone()).href(lang),
        kind: lang.t(&format!("editor-kind-{}", p.kind.as_str())),
        byline: lang.tn(
            "proposal-by",
            &[
                ("author", author_label(lang, &state.catalog(), &p.author).into()),
                ("at", stamp(p.created_at).into()),
            ],
        ),
        comment: p.comment.clone(),
        status: status_text(lang, &p),
        open: p.status == ProposalStatus::Open,
        retire: p.after.is_none(),
        decision,
        changes,
        conflict: conflict
            .iter()
            .map(|f| lang.t_or(&format!("field-{f}"), f))
            .collect(),
        stale_base,
        comments,
        may_review,
        is_author,
        public_href: published
            .and_then(|_| Route::of_entry(p.kind, &p.entry_id))
            .map(|r| r.href(lang)),
        edit_href: published.map(|_| EdPath::Edit(p.kind, p.entry_id.clone()).href(lang)),
        errors,
        title,
    };
    render(status, &page)
}

async fn load(state: &AppState, id: &str) -> Result<Proposal, HtmlError> {
    state.store.proposal(id).await?.ok_or_else(HtmlError::not_found)
}

/// `GET /redaktion/forslag/{id}`
pub async fn proposal(
    lang: Lang,
    State(state): State<AppState>,
    session: EditorSession,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Answer {
    let p = load(&state, &id).await?;
    let notice = super::query_value(query.as_deref(), "klart")
        .filter(|k| super::PROPOSAL_NOTICES.contains(&k.as_str()))
        .map(|k| lang.t(&format!("editor-done-{k}")));
    page(lang, &state, &session, p, Vec::new(), notice, StatusCode::OK).await
}

/// `POST /redaktion/forslag/{id}`: `action` is `comment`, `approve`,
/// `reject` (with `reason`) or `withdraw`.
pub async fn decide(
    lang: Lang,
    State(state): State<AppState>,
    Path(id): Path<String>,
    CsrfForm { session, form }: CsrfForm,
) -> Answer {
    let editing = Editing::new(&state, &session.user);
    let text = form.text("text");
    if text.chars().count() > MAX_TEXT {
        let p = load(&state, &id).await?;
        let errors = vec![lang.t1("proposal-error-long", "max", MAX_TEXT)];
        return page(
            lang,
            &state,
            &session,
            p,
            errors,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let here = EdPath::Proposal(id.clone()).href(lang);
    let result = match form.get("action") {
        Some("comment") if text.trim().is_empty() => Err(EditError::NoReason),
        Some("comment") => editing.comment(&id, &text).await.map(|_| "commented"),
        Some("approve") => {
            let w = editing.approve(&id, &text).await;
            if w.is_ok() {
                super::notify_author(&state, &id).await;
            }
            w.map(|_| "approved")
        }
        Some("reject") => {
            let r = editing.reject(&id, &text).await;
            if r.is_ok() {
                super::notify_author(&state, &id).await;
            }
            r.map(|_| "rejected")
        }
        Some("withdraw") => editing.withdraw(&id).await.map(|_| "withdrawn"),
        _ => return Err(HtmlError::editor(StatusCode::BAD_REQUEST, Refusal::BadForm)),
    };
    match result {
        Ok(done) => Ok(see_other(&format!("{here}?klart={done}"))),
        Err(EditError::NoReason) => {
            let p = load(&state, &id).await?;
            let key = if form.get("action") == Some("reject") {
                "proposal-error-reason"
            } else {
                "proposal-error-comment"
            };
            let errors = vec![lang.t(key)];
            page(
                lang,
                &state,
                &session,
                p,
                errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(EditError::ProposalConflict(fields)) => {
            let p = load(&state, &id).await?;
            let fields: Vec<String> = fields
                .iter()
                .map(|f| lang.t_or(&format!("field-{f}"), f))
                .collect();
            let errors = vec![lang.t1("proposal-error-conflict", "fields", fields.join(", "))];
            page(lang, &state, &session, p, errors, None, StatusCode::CONFLICT).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The dashboard's lists: open proposals this account may review, and its
/// own (open, and the latest decided).
pub async fn lists(
    lang: Lang,
    state: &AppState,
    session: &EditorSession,
) -> Result<(Vec<Item>, Vec<Item>), HtmlError> {
    let editing = Editing::new(state, &session.user);
    let scope = crate::editing::Scope::of(&state.store, &session.user).await?;
    let catalog = state.catalog();
    let line = |p: &Proposal, detail: String| Item {
        href: EdPath::Proposal(p.id.clone()).href(lang),
        text: catalog
            .entry_title(p.kind, &p.entry_id)
            .map(str::to_string)
            .unwrap_or_else(|| proposed_title(p)),
        detail,
    };
    let mut to_review = Vec::new();
    let mut mine = Vec::new();
    for p in state.store.proposals(true, 1_000).await? {
        if p.author == session.user.username {
            mine.push(line(&p, status_text(lang, &p)));
            continue;
        }
        let now = catalog_entry(&catalog, &p);
        if editing.may_review_in(&scope, &p, now.as_ref()).await? {
            let detail = lang.tn(
                "proposal-line",
                &[
                    ("author", author_label(lang, &state.catalog(), &p.author).into()),
                    ("at", stamp(p.created_at).into()),
                ],
            );
            to_review.push(line(&p, detail));
        }
    }
    for p in state.store.proposals(false, 200).await? {
        if p.author == session.user.username && mine.len() < 20 {
            let detail = match &p.reason {
                Some(r) => format!("{} – {r}", status_text(lang, &p)),
                None => status_text(lang, &p),
            };
            mine.push(line(&p, detail));
        }
    }
    Ok((to_review, mine))
}

/// Who made a proposal, in words: an account's name, or which
/// organisation's file a harvest read and who gave its address.
pub fn author_label(lang: Lang, catalog: &samverkan_domain::Catalog, author: &str) -> String {
    match crate::harvest::author_parts(author) {
        Some((org, setter)) => lang.tn(
            "proposal-harvest-author",
            &[
                (
                    "organisation",
                    catalog
                        .actor(org)
                        .map_or_else(|| org.to_string(), |a| a.name.clone())
                        .into(),
                ),
                ("setter", setter.to_string().into()),
            ],
        ),
        None => author.to_string(),
    }
}

/// What a proposal's entry is called, as proposed (or as it was).
fn proposed_title(p: &Proposal) -> String {
    p.after
        .as_ref()
        .or(p.before.as_ref())
        .and_then(|v| v.get("title").or_else(|| v.get("name")))
        .and_then(|v| v.as_str())
        .unwrap_or(&p.entry_id)
        .to_string()
}

fn catalog_entry(catalog: &samverkan_domain::Catalog, p: &Proposal) -> Option<Entry> {
    use samverkan_domain::EntryKind;
    match p.kind {
        EntryKind::Actor => catalog.actor(&p.entry_id).cloned().map(Entry::Actor),
        EntryKind::Grant => catalog.grant(&p.entry_id).cloned().map(Entry::Grant),
        EntryKind::Initiative => catalog.initiative(&p.entry_id).cloned().map(Entry::Initiative),
        _ => None,
    }
}

/// `POST /redaktion/granskning` (admins): turns review on or off for the
/// whole site (`scope=*`) or one organisation (an actor id).
pub async fn set_review(
    lang: Lang,
    State(state): State<AppState>,
    CsrfForm { session, form }: CsrfForm<Admin>,
) -> Answer {
    let scope = form.text("scope");
    let on = match form.get("action") {
        Some("on") => true,
        Some("off") => false,
        _ => return Err(HtmlError::editor(StatusCode::BAD_REQUEST, Refusal::BadForm)),
    };
    if scope != "*" && state.catalog().actor(&scope).is_none() {
        return Err(HtmlError::editor(StatusCode::BAD_REQUEST, Refusal::BadForm));
    }
    state.store.set_review(&scope, on).await?;
    tracing::info!(scope, on, by = session.user.username, "review setting changed");
    let done = if on { "review-on" } else { "review-off" };
    Ok(see_other(&format!(
        "{}?klart={done}#review",
        EdPath::Accounts.href(lang)
    )))
}
