//! Entries in the editors' area: the list of each kind with a filter, the
//! form for a new or existing entry (with every problem named at its field),
//! and the one-click "checked today" and retire forms. Writes go through the
//! editing service the write API shares.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use samverkan_domain::EntryKind;
use samverkan_domain::time::today_in_sweden;
use samverkan_store::{Session, StoreError};

use super::forms::{self, Field, FormData, Problems, Widget};
use super::{Answer, layout, query_value, render, see_other, version_of};
use crate::auth::{CsrfForm, EditorSession};
use crate::editing::{EditError, Editing, Scope, Written};
use crate::html::Choice;
use crate::html::{HtmlError, Layout, Refusal};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::urls::{EdPath, Route};

// ---------------------------------------------------------------- forms

/// A field as the form template prints it.
pub struct FieldView {
    pub name: String,
    pub label: String,
    pub help: String,
    pub widget: &'static str,
    pub value: String,
    pub required: bool,
    pub errors: Vec<String>,
    pub choices: Vec<Choice>,
    pub roles: Vec<RoleView>,
}

/// One area's role choice in an actor's form.
pub struct RoleView {
    pub name: String,
    pub label: String,
    pub choices: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "editor_form.html")]
pub struct FormPage {
    pub layout: Layout,
    pub heading: String,
    pub action: String,
    pub csrf: String,
    pub version: Option<i64>,
    pub fields: Vec<FieldView>,
    pub summary: Vec<(String, String)>,
    pub general: Vec<String>,
    pub notice: Option<String>,
    pub review: Vec<ReviewNote>,
    pub comment: String,
    /// For an existing entry: its public page, history, and the one-click forms.
    pub existing: Option<Existing>,
}

pub struct Existing {
    pub public_href: Option<String>,
    pub history_href: String,
    pub verified_action: String,
    pub retire_action: String,
    pub verified: String,
}

fn field_views(
    lang: Lang,
    fields: &[Field],
    form: &FormData,
    problems: &Problems,
    existing: bool,
) -> Vec<FieldView> {
    fields
        .iter()
        .map(|f| {
            let name = f.name.to_string();
            let chosen = form.all(f.name);
            let choice = |(value, label): &(String, String)| Choice {
                checked: chosen.contains(&value.as_str()),
                value: value.clone(),
                label: label.clone(),
            };
            let (widget, choices, roles) = match &f.widget {
                Widget::Id if existing => ("fixed", vec![], vec![]),
                Widget::Id | Widget::Text => ("text", vec![], vec![]),
                Widget::Textarea | Widget::Lines => ("textarea", vec![], vec![]),
                Widget::Url => ("url", vec![], vec![]),
                Widget::Date => ("date", vec![], vec![]),
                Widget::Deadline => ("text", vec![], vec![]),
                Widget::Select(options) => ("select", options.iter().map(choice).collect(), vec![]),
                Widget::Checkboxes(options) => ("checkboxes", options.iter().map(choice).collect(), vec![]),
                Widget::Flag => (
                    "checkboxes",
                    vec![choice(&(
                        "yes".to_string(),
                        lang.t(&format!("field-{}-yes", f.name)),
                    ))],
                    vec![],
                ),
                Widget::YesNo => (
                    "select",
                    [
                        ("", "field-yesno-unknown"),
                        ("yes", "field-yesno-yes"),
                        ("no", "field-yesno-no"),
                    ]
                    .into_iter()
                    .map(|(v, key)| Choice {
                        checked: form.get(f.name).unwrap_or("") == v,
                        value: v.to_string(),
                        label: lang.t(key),
                    })
                    .collect(),
                    vec![],
                ),
                Widget::AreaRoles(areas) => (
                    "roles",
                    vec![],
                    areas
                        .iter()
                        .map(|(area, label)| {
                            let current = form.get(&format!("areas.{area}")).unwrap_or("");
                            RoleView {
                                name: format!("areas.{area}"),
                                label: label.clone(),
                                choices: [
                                    ("", "role-none"),
                                    ("contributes", "role-contributes"),
                                    ("responsible", "role-responsible"),
                                ]
                                .into_iter()
                                .map(|(v, key)| Choice {
                                    checked: current == v,
                                    value: v.to_string(),
                                    label: lang.t(key),
                                })
                                .collect(),
                            }
                        })
                        .collect(),
                ),
            };
            let help_key = format!("field-{name}-help");
            FieldView {
                label: lang.t(&format!("field-{name}")),
                help: if lang.has(&help_key) {
                    lang.t(&help_key)
                } else {
                    String::new()
                },
                widget,
                value: form.get(f.name).unwrap_or("").to_string(),
                required: f.required,
                errors: problems.get(f.name).cloned().unwrap_or_default(),
                choices,
                roles,
                name,
            }
        })
        .collect()
}

/// The form of an entry as it is shown: new (`id` is `None`) or existing.
struct Shown<'a> {
    lang: Lang,
    kind: EntryKind,
    session: &'a Session,
    id: Option<&'a str>,
    version: Option<i64>,
    fields: &'a [Field],
    /// What the form says about review: that a save becomes a proposal,
    /// and the proposals that wait for this entry.
    review: &'a [ReviewNote],
}

/// A line about review above the form, with a link where there is one.
pub struct ReviewNote {
    pub text: String,
    pub href: Option<String>,
}

impl Shown<'_> {
    /// The form again, with what the catalogue refused next to each field.
    fn invalid(&self, form: &FormData, errors: &samverkan_domain::DatasetErrors) -> Answer {
        let problems = forms::problems_of(&errors.0, self.fields);
        self.page(form, &problems, None, StatusCode::UNPROCESSABLE_ENTITY)
    }

    /// The form page with `form`'s values, its problems and a notice.
    fn page(
        &self,
        form: &FormData,
        problems: &Problems,
        notice: Option<String>,
        status: StatusCode,
    ) -> Answer {
        form_page(self, form, problems, notice, status)
    }
}

fn form_page(
    shown: &Shown<'_>,
    form: &FormData,
    problems: &Problems,
    notice: Option<String>,
    status: StatusCode,
) -> Answer {
    let Shown {
        lang,
        kind,
        session,
        id,
        version,
        fields,
        review,
    } = *shown;
    let views = field_views(lang, fields, form, problems, id.is_some());
    let summary = views
        .iter()
        .flat_map(|v| {
            v.errors
                .iter()
                .map(move |e| (v.name.clone(), format!("{}: {e}", v.label)))
        })
        .collect();
    let (heading, here, action) = match id {
        Some(id) => (
            lang.t1(
                "editor-edit-heading",
                "title",
                form.text(if kind == EntryKind::Grant { "title" } else { "name" }),
            ),
            EdPath::Edit(kind, id.to_string()),
            EdPath::Edit(kind, id.to_string()).href(lang),
        ),
        None => (
            lang.t(&format!("editor-new-{}", kind.as_str())),
            EdPath::New(kind),
            EdPath::New(kind).href(lang),
        ),
    };
    let existing = id.map(|id| Existing {
        public_href: match kind {
            EntryKind::Actor => Some(Route::Actor(id.to_string()).href(lang)),
            EntryKind::Grant => Some(Route::Grant(id.to_string()).href(lang)),
            EntryKind::Initiative => Some(Route::Initiative(id.to_string()).href(lang)),
            _ => None,
        },
        history_href: EdPath::History(kind, id.to_string()).href(lang),
        verified_action: EdPath::Verified(kind, id.to_string()).href(lang),
        retire_action: EdPath::Retire(kind, id.to_string()).href(lang),
        verified: form.text("verified"),
    });
    let mut title = heading.clone();
    if !problems.is_empty() {
        title = format!("{} {title}", lang.t("editor-error-prefix"));
    }
    let page = FormPage {
        layout: layout(lang, title, here, session),
        heading,
        action,
        csrf: session.csrf.clone(),
        version,
        fields: views,
        summary,
        general: problems.get("").cloned().unwrap_or_default(),
        notice,
        review: review
            .iter()
            .map(|r| ReviewNote {
                text: r.text.clone(),
                href: r.href.clone(),
            })
            .collect(),
        comment: form.text("comment"),
        existing,
    };
    render(status, &page)
}

pub async fn new_form(
    lang: Lang,
    kind: EntryKind,
    State(state): State<AppState>,
    session: EditorSession,
) -> Answer {
    if !Scope::of(&state.store, &session.user).await?.may_add(kind) {
        return Err(HtmlError::editor(StatusCode::FORBIDDEN, Refusal::Organisation));
    }
    let fields = forms::fields(kind, &state.catalog(), lang);
    let form = FormData(vec![("verified".into(), today_in_sweden().to_string())]);
    let shown = Shown {
        lang,
        kind,
        session: &session,
        id: None,
        version: None,
        fields: &fields,
        review: &[],
    };
    shown.page(&form, &Problems::new(), None, StatusCode::OK)
}

pub async fn create(
    lang: Lang,
    kind: EntryKind,
    State(state): State<AppState>,
    CsrfForm { session, form }: CsrfForm,
) -> Answer {
    let fields = forms::fields(kind, &state.catalog(), lang);
    let shown = Shown {
        lang,
        kind,
        session: &session,
        id: None,
        version: None,
        fields: &fields,
        review: &[],
    };
    let entry = match forms::read_entry(kind, &fields, &form, None, lang) {
        Ok(e) => e,
        Err(problems) => return shown.page(&form, &problems, None, StatusCode::UNPROCESSABLE_ENTITY),
    };
    let editing = Editing::new(&state, &session.user);
    match editing.create(entry, &form.text("comment")).await {
        Ok(Written {
            proposal: Some(p), ..
        }) => Ok(proposed(lang, p)),
        Ok(w) => Ok(see_other(&format!(
            "{}?klart=created",
            EdPath::Edit(kind, w.id).href(lang)
        ))),
        Err(EditError::Store(StoreError::Conflict { .. })) => {
            let problems = Problems::from([("id".to_string(), vec![lang.t("form-error-id-taken")])]);
            shown.page(&form, &problems, None, StatusCode::CONFLICT)
        }
        Err(EditError::Store(StoreError::Invalid(errors))) => shown.invalid(&form, &errors),
        Err(e) => Err(e.into()),
    }
}

pub async fn edit_form(
    lang: Lang,
    kind: EntryKind,
    State(state): State<AppState>,
    session: EditorSession,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Answer {
    let Some(stored) = state.store.get(kind, &id).await? else {
        return Err(HtmlError::not_found());
    };
    if stored.retired {
        return Ok(see_other(&EdPath::History(kind, id).href(lang)));
    }
    if !Scope::of(&state.store, &session.user).await?.owns(&stored.entry) {
        return Err(HtmlError::editor(StatusCode::FORBIDDEN, Refusal::Organisation));
    }
    let fields = forms::fields(kind, &state.catalog(), lang);
    let form = forms::values_of(&stored.entry, &fields);
    let notice = query_value(query.as_deref(), "klart")
        .filter(|k| super::EDIT_NOTICES.contains(&k.as_str()))
        .map(|k| lang.t1(&format!("editor-done-{k}"), "version", stored.version));
    let editing = Editing::new(&state, &session.user);
    let mut review = Vec::new();
    if editing.review_applies(&stored.entry).await? {
        review.push(ReviewNote {
            text: lang.t("editor-review-on"),
            href: None,
        });
    }
    let catalog = state.catalog();
    for p in state.store.open_proposals_for(kind, &id).await? {
        review.push(ReviewNote {
            text: lang.t1(
                "editor-review-waiting",
                "author",
                super::proposals::author_label(lang, &catalog, &p.author),
            ),
            href: Some(EdPath::Proposal(p.id.clone()).href(lang)),
        });
    }
    let shown = Shown {
        lang,
        kind,
        session: &session,
        id: Some(&id),
        version: Some(stored.version),
        fields: &fields,
        review: &review,
    };
    shown.page(&form, &Problems::new(), notice, StatusCode::OK)
}

pub async fn save(
    lang: Lang,
    kind: EntryKind,
    State(state): State<AppState>,
    Path(id): Path<String>,
    CsrfForm { session, form }: CsrfForm,
) -> Answer {
    let version = version_of(&form)?;
    let editing = Editing::new(&state, &session.user);
    let stored = editing.current(kind, &id).await?;
    let fields = forms::fields(kind, &state.catalog(), lang);
    let shown = Shown {
        lang,
        kind,
        session: &session,
        id: Some(&id),
        version: Some(version),
        fields: &fields,
        review: &[],
    };
    let entry = match forms::read_entry(kind, &fields, &form, Some(&stored.entry), lang) {
        Ok(e) => e,
        Err(problems) => return shown.page(&form, &problems, None, StatusCode::UNPROCESSABLE_ENTITY),
    };
    match editing.update(entry, version, &form.text("comment")).await {
        Ok(Written {
            proposal: Some(p), ..
        }) => Ok(proposed(lang, p)),
        Ok(w) => {
            let done = if w.version == version {
                "unchanged"
            } else {
                "saved"
            };
            Ok(see_other(&format!(
                "{}?klart={done}",
                EdPath::Edit(kind, id).href(lang)
            )))
        }
        Err(EditError::Store(StoreError::Conflict { actual, .. })) => {
            let message = lang.t1("editor-conflict", "version", actual);
            let problems = Problems::from([(String::new(), vec![message])]);
            shown.page(&form, &problems, None, StatusCode::CONFLICT)
        }
        Err(EditError::Store(StoreError::Invalid(errors))) => shown.invalid(&form, &errors),
        Err(e) => Err(e.into()),
    }
}

/// "Checked today": records that the entry was checked against its source.
pub async fn mark_verified(
    lang: Lang,
    kind: EntryKind,
    State(state): State<AppState>,
    Path(id): Path<String>,
    CsrfForm { session, form }: CsrfForm,
) -> Answer {
    let version = version_of(&form)?;
    Editing::new(&state, &session.user)
        .mark_verified(
            kind,
            &id,
            version,
            today_in_sweden(),
            &lang.t("editor-verified-comment"),
        )
        .await?;
    Ok(see_other(&format!(
        "{}?klart=verified",
        EdPath::Edit(kind, id).href(lang)
    )))
}

pub async fn retire(
    lang: Lang,
    kind: EntryKind,
    State(state): State<AppState>,
    Path(id): Path<String>,
    CsrfForm { session, form }: CsrfForm,
) -> Answer {
    let version = version_of(&form)?;
    let retired = Editing::new(&state, &session.user)
        .retire(kind, &id, version, &form.text("comment"))
        .await;
    match retired {
        Ok(Written {
            proposal: Some(p), ..
        }) => Ok(proposed(lang, p)),
        Ok(_) => Ok(see_other(&format!(
            "{}?klart=retired",
            EdPath::Dashboard.href(lang)
        ))),
        Err(EditError::Store(StoreError::Invalid(errors))) => {
            Err(HtmlError::editor(StatusCode::CONFLICT, Refusal::InUse).with_detail(errors.to_string()))
        }
        Err(e) => Err(e.into()),
    }
}

/// The redirect after a change kept as a proposal: its page, which says so.
fn proposed(lang: Lang, proposal: String) -> axum::response::Response {
    see_other(&format!(
        "{}?klart=proposed",
        EdPath::Proposal(proposal).href(lang)
    ))
}
