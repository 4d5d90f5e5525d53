//! The alert pages, in both languages, without JavaScript:
//!
//! - subscribe (`/bevaka?<finder filters>` or `?grant=ID`): the address,
//!   the language and what to receive; the answer is the same whether or
//!   not the address is known, and whether or not a message was written;
//! - confirm (`/bevaka/bekrafta?t=…`): a button, so that a mail scanner
//!   following the link confirms nothing;
//! - manage (`/bevaka/hantera?t=…`): every subscription of the address and
//!   every message written to it, each subscription to leave, or all of it
//!   to delete;
//! - leave (`/bevaka/avsluta?t=…`): a button, and RFC 8058's one-click POST;
//! - ask for a management link by address (`/bevaka/mina`).
//!
//! Every answer is `no-store` (see `private` in lib.rs): they carry
//! addresses and tokens.

use askama::Template;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use jiff::Timestamp;
use samverkan_store::{Digest, NewSubscription, Subscription};

use super::compose::{Mailing, Page, pages_path, what_text};
use super::token::Purpose;
use super::{
    CONFIRM_WITHIN, Follow, PER_ADDRESS_PER_DAY, REMINDER_CHOICES, REMINDER_DEFAULT, lang_of, new_id,
};
use crate::auth::session::{new_secret, same_site, secret_hash};
use crate::html::Choice;
use crate::html::{HtmlError, Layout, render};
use crate::http::form::{FormData, PublicForm, PublicFormRefusal, read_public};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::urls::Route;

/// The alert pages' routes, in both languages.
pub fn routes() -> Router<AppState> {
    let mut router = Router::new();
    for lang in Lang::ALL {
        router = router
            .route(
                pages_path(lang, Page::Subscribe),
                get(move |s: State<AppState>, q: RawQuery| subscribe_form(lang, s, q))
                    .post(move |s: State<AppState>, r: axum::extract::Request| subscribe(lang, s, r)),
            )
            .route(
                pages_path(lang, Page::Confirm),
                get(move |s: State<AppState>, q: RawQuery| confirm_form(lang, s, q)).post(
                    move |s: State<AppState>, h: HeaderMap, q: RawQuery, b: axum::body::Bytes| {
                        confirm(lang, s, h, q, b)
                    },
                ),
            )
            .route(
                pages_path(lang, Page::Manage),
                get(move |s: State<AppState>, q: RawQuery| manage_page(lang, s, q)).post(
                    move |s: State<AppState>, h: HeaderMap, q: RawQuery, b: axum::body::Bytes| {
                        manage(lang, s, h, q, b)
                    },
                ),
            )
            .route(
                pages_path(lang, Page::Unsubscribe),
                get(move |s: State<AppState>, q: RawQuery| unsubscribe_form(lang, s, q))
                    .post(move |s: State<AppState>, q: RawQuery| unsubscribe(lang, s, q)),
            )
            .route(
                pages_path(lang, Page::Mine),
                get(move |s: State<AppState>| mine_form(lang, s))
                    .post(move |s: State<AppState>, r: axum::extract::Request| mine(lang, s, r)),
            );
    }
    router
}

#[derive(Template)]
#[template(path = "alerts_subscribe.html")]
struct SubscribePage {
    layout: Layout,
    action: String,
    filter: String,
    follows: Vec<String>,
    change_href: String,
    email: String,
    email_error: Option<String>,
    what_error: Option<String>,
    digests: Vec<Choice>,
    reminders: Vec<Choice>,
    langs: Vec<Choice>,
    mine_href: String,
    privacy_href: String,
}

/// A page that says one thing, perhaps with a button (a form posting the
/// token back) and links on.
#[derive(Template)]
#[template(path = "alerts_message.html")]
struct MessagePage {
    layout: Layout,
    heading: String,
    paragraphs: Vec<String>,
    list: Vec<String>,
    /// Paragraphs after the list.
    after: Vec<String>,
    button: Option<(String, String)>,
    links: Vec<crate::site::Link>,
}

#[derive(Template)]
#[template(path = "alerts_manage.html")]
struct ManagePage {
    layout: Layout,
    action: String,
    email: String,
    subscriptions: Vec<ManagedView>,
    messages: Vec<(String, String, String)>,
    subscribe_href: String,
}

struct ManagedView {
    id: String,
    follows: Vec<String>,
    what: String,
    state: String,
}

#[derive(Template)]
#[template(path = "alerts_mine.html")]
struct MinePage {
    layout: Layout,
    action: String,
    email: String,
    error: Option<String>,
}

fn layout(lang: Lang, title: String, page: Page, query: Option<&str>) -> Layout {
    let paths = Route::Paths(
        pages_path(Lang::Sv, page).to_string(),
        pages_path(Lang::En, page).to_string(),
    );
    // Tokens do not follow the language switch: they are for one page only.
    let query = if matches!(page, Page::Subscribe) {
        query
    } else {
        None
    };
    Layout::new(lang, title, paths, query, None)
}

fn page(status: StatusCode, html: Result<axum::response::Html<String>, HtmlError>) -> Response {
    match html {
        Ok(html) => (status, html).into_response(),
        Err(e) => e.into_response(),
    }
}

fn message(
    lang: Lang,
    status: StatusCode,
    page_kind: Page,
    heading: String,
    paragraphs: Vec<String>,
    button: Option<(String, String)>,
    links: Vec<crate::site::Link>,
) -> Response {
    page(
        status,
        render(&MessagePage {
            layout: layout(lang, heading.clone(), page_kind, None),
            heading,
            paragraphs,
            list: Vec::new(),
            after: Vec::new(),
            button,
            links,
        }),
    )
}

/// A form posted from another site (the browser says so): refused, since
/// these forms are only ever filled in here.
fn cross_site(lang: Lang) -> Response {
    message(
        lang,
        StatusCode::FORBIDDEN,
        Page::Subscribe,
        lang.t("alerts-cross-site-title"),
        vec![lang.t("alerts-cross-site-text")],
        None,
        vec![link(lang.t("alerts-back-to-grants"), Route::Grants.href(lang))],
    )
}

/// The answer to a form that was not read.
fn refused(lang: Lang, refusal: PublicFormRefusal) -> Response {
    match refusal {
        PublicFormRefusal::CrossSite => cross_site(lang),
        PublicFormRefusal::TooLarge => HtmlError::bad_request(lang.t("alerts-too-large")).into_response(),
    }
}

fn link(text: String, href: String) -> crate::site::Link {
    crate::site::Link { href, text }
}

/// What the subscriber chose, as the form sent it.
struct Chosen {
    email: String,
    lang: Lang,
    digest: Option<Digest>,
    reminders: Vec<u32>,
}

fn subscribe_page(
    lang: Lang,
    state: &AppState,
    query: Option<&str>,
    follow: &Follow,
    chosen: &Chosen,
    errors: (Option<String>, Option<String>),
) -> Result<axum::response::Html<String>, HtmlError> {
    let catalog = state.catalog();
    let filter = follow.to_query();
    let digests = Digest::ALL
        .iter()
        .map(|d| Choice {
            value: d.as_str().to_string(),
            label: lang.t(&format!("alerts-choice-digest-{}", d.as_str())),
            checked: chosen.digest == Some(*d),
        })
        .collect();
    let reminders = REMINDER_CHOICES
        .iter()
        .map(|d| Choice {
            value: d.to_string(),
            label: lang.t1("alerts-choice-days", "days", *d),
            checked: chosen.reminders.contains(d),
        })
        .collect();
    let langs = Lang::ALL
        .iter()
        .map(|l| Choice {
            value: l.code().to_string(),
            label: lang.t(&format!("alerts-choice-lang-{}", l.code())),
            checked: chosen.lang == *l,
        })
        .collect();
    render(&SubscribePage {
        layout: layout(lang, lang.t("alerts-title"), Page::Subscribe, query),
        action: follow.form_href(lang),
        follows: follow.describe(lang, &catalog),
        change_href: follow.page_href(lang),
        filter,
        email: chosen.email.clone(),
        email_error: errors.0,
        what_error: errors.1,
        digests,
        reminders,
        langs,
        mine_href: pages_path(lang, Page::Mine).to_string(),
        privacy_href: format!("{}#bevakningar", Route::About.href(lang)),
    })
}

/// Reads and checks the filters of a subscribe URL: an unknown area or
/// grant is a 400, as on the finder.
fn follow_of(state: &AppState, query: Option<&str>) -> Result<Follow, HtmlError> {
    let follow = Follow::read(query)?;
    let (catalog, search) = state.catalog_and_search();
    follow.select(&catalog, &search).map_err(|e| match e {
        super::SelectError::Param(p) => HtmlError::from(p),
        super::SelectError::Search(s) => HtmlError::internal(&s),
    })?;
    Ok(follow)
}

async fn subscribe_form(lang: Lang, State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let follow = match follow_of(&state, query.as_deref()) {
        Ok(f) => f,
        Err(e) => return e.into_response(),
    };
    let chosen = Chosen {
        email: String::new(),
        lang,
        digest: Some(if follow.grant.is_some() {
            Digest::None
        } else {
            Digest::Weekly
        }),
        reminders: REMINDER_DEFAULT.to_vec(),
    };
    page(
        StatusCode::OK,
        subscribe_page(lang, &state, query.as_deref(), &follow, &chosen, (None, None)),
    )
}

/// An address that mail can be sent to, in lower case: lettre's parser,
/// at most 254 characters, no display name, no quoted local part and no IP
/// literal for a domain (`user@[10.0.0.5]` would let a form reach the relay's
/// own network), and a domain with a dot. Lower case, so that one mailbox
/// written in several ways is one address for the limits and for finding
/// its alerts (mail systems treat the local part case-insensitively in
/// practice).
pub fn checked_email(text: &str) -> Option<String> {
    let text = text.trim().to_lowercase();
    if text.is_empty()
        || text.len() > 254
        || text.contains(['<', '>', ',', '"', '[', ']', '\\'])
        || text.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return None;
    }
    let address: lettre::Address = text.parse().ok()?;
    address.domain().contains('.').then_some(text)
}

async fn subscribe(lang: Lang, State(state): State<AppState>, request: axum::extract::Request) -> Response {
    let PublicForm { ip, query, form } = match read_public(request, &state.config).await {
        Ok(read) => read,
        Err(refusal) => return refused(lang, refusal),
    };
    let follow = match follow_of(&state, form.get("filter").or(query.as_deref())) {
        Ok(f) => f,
        Err(e) => return e.into_response(),
    };
    let chosen = Chosen {
        email: form.text("email"),
        lang: form.get("lang").map_or(lang, lang_of),
        digest: form.get("digest").and_then(Digest::parse),
        reminders: form
            .all("reminder")
            .iter()
            .filter_map(|d| d.parse::<u32>().ok())
            .filter(|d| REMINDER_CHOICES.contains(d))
            .collect(),
    };
    let email = checked_email(&chosen.email);
    let email_error = email.is_none().then(|| {
        if chosen.email.is_empty() {
            lang.t("alerts-error-email-missing")
        } else {
            lang.t("alerts-error-email-invalid")
        }
    });
    let wants_something = chosen.digest.is_some_and(|d| d != Digest::None) || !chosen.reminders.is_empty();
    let what_error = (!wants_something).then(|| lang.t("alerts-error-nothing"));
    let (Some(email), None) = (email, &what_error) else {
        return page(
            StatusCode::BAD_REQUEST,
            subscribe_page(
                lang,
                &state,
                query.as_deref(),
                &follow,
                &chosen,
                (email_error, what_error),
            ),
        );
    };
    if !state.alerts.allow(ip) {
        tracing::warn!(%ip, "subscription refused: too many from this client");
        return message(
            lang,
            StatusCode::TOO_MANY_REQUESTS,
            Page::Subscribe,
            lang.t("alerts-too-many-title"),
            vec![lang.t("alerts-too-many-text")],
            None,
            Vec::new(),
        );
    }
    let secret = new_secret();
    let until = Timestamp::now()
        .checked_add(CONFIRM_WITHIN)
        .unwrap_or(Timestamp::MAX);
    let mut reminders = chosen.reminders.clone();
    reminders.sort_unstable_by(|a, b| b.cmp(a));
    reminders.dedup();
    let new = NewSubscription {
        id: new_id(),
        email,
        lang: chosen.lang.code().to_string(),
        filter: follow.to_query(),
        digest: chosen.digest.unwrap_or(Digest::None),
        reminder_days: reminders,
        confirm_hash: secret_hash(&secret),
        confirm_by: until,
    };
    let written = async {
        let mailing = Mailing::of(&state).await?;
        let sub = as_subscription(&new);
        let confirmation = mailing.composer().confirmation(&sub, &secret, until)?;
        state
            .store
            .subscribe(&new, &confirmation, PER_ADDRESS_PER_DAY)
            .await
    }
    .await;
    match written {
        Ok(true) => state.alerts.wake.notify_one(),
        // The same answer either way: whether an address is known, or had
        // its allowance, is not told.
        Ok(false) => tracing::info!("no confirmation written: the address had its allowance for the day"),
        Err(e) => return HtmlError::internal(&e).into_response(),
    }
    message(
        lang,
        StatusCode::OK,
        Page::Subscribe,
        lang.t("alerts-sent-title"),
        vec![lang.t("alerts-sent-text"), lang.t("alerts-sent-spam")],
        None,
        vec![link(lang.t("alerts-back-to-grants"), follow.page_href(lang))],
    )
}

fn as_subscription(new: &NewSubscription) -> Subscription {
    Subscription {
        id: new.id.clone(),
        email: new.email.clone(),
        lang: new.lang.clone(),
        filter: new.filter.clone(),
        digest: new.digest,
        reminder_days: new.reminder_days.clone(),
        created_at: Timestamp::now(),
        confirmed_at: None,
        digest_marker: None,
        digest_period: None,
        reminded_through: None,
    }
}

fn token_of(query: Option<&str>) -> String {
    form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .find(|(k, _)| k == "t")
        .map(|(_, v)| v.chars().take(200).collect())
        .unwrap_or_default()
}

fn expired(lang: Lang, page_kind: Page) -> Response {
    message(
        lang,
        StatusCode::NOT_FOUND,
        page_kind,
        lang.t("alerts-expired-title"),
        vec![lang.t("alerts-expired-text")],
        None,
        vec![
            link(
                lang.t("alerts-expired-mine"),
                pages_path(lang, Page::Mine).to_string(),
            ),
            link(lang.t("alerts-back-to-grants"), Route::Grants.href(lang)),
        ],
    )
}

async fn confirm_form(lang: Lang, State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let token = token_of(query.as_deref());
    match state.store.confirmation_pending(&secret_hash(&token)).await {
        Ok(true) => message(
            lang,
            StatusCode::OK,
            Page::Confirm,
            lang.t("alerts-confirm-title"),
            vec![lang.t("alerts-confirm-text")],
            Some((token, lang.t("alerts-confirm-button"))),
            Vec::new(),
        ),
        Ok(false) => expired(lang, Page::Confirm),
        Err(e) => HtmlError::internal(&e).into_response(),
    }
}

/// The token of a form posted from one of these pages: the form's, else the URL's.
fn posted_token(query: Option<&str>, form: &FormData) -> String {
    form.get("t")
        .map(|t| t.chars().take(200).collect())
        .unwrap_or_else(|| token_of(query))
}

async fn confirm(
    lang: Lang,
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: axum::body::Bytes,
) -> Response {
    if !same_site(&headers, state.config.public_url.as_deref()) {
        return cross_site(lang);
    }
    let token = posted_token(query.as_deref(), &FormData::parse(&body));
    let today = samverkan_domain::time::today_in_sweden().to_string();
    let sub = match state
        .store
        .confirm_subscription(&secret_hash(&token), &today)
        .await
    {
        Ok(Some(sub)) => sub,
        Ok(None) => return expired(lang, Page::Confirm),
        Err(e) => return HtmlError::internal(&e).into_response(),
    };
    let signer = match state.alerts.signer(&state.store).await {
        Ok(s) => s,
        Err(e) => return HtmlError::internal(&e).into_response(),
    };
    let manage = signer.token(Purpose::Manage, &sub.id, Timestamp::now());
    let catalog = state.catalog();
    let follow = Follow::read(Some(&sub.filter)).unwrap_or_default();
    page(
        StatusCode::OK,
        render(&MessagePage {
            layout: layout(lang, lang.t("alerts-confirmed-title"), Page::Confirm, None),
            heading: lang.t("alerts-confirmed-title"),
            paragraphs: vec![lang.t("alerts-confirmed-text")],
            list: follow.describe(lang, &catalog),
            after: vec![what_text(lang, &sub)],
            button: None,
            links: vec![
                link(
                    lang.t("alerts-mail-manage"),
                    format!("{}?t={manage}", pages_path(lang, Page::Manage)),
                ),
                link(lang.t("alerts-back-to-grants"), follow.page_href(lang)),
            ],
        }),
    )
}

/// The subscription a management token names, and all of its address's.
async fn managed(
    state: &AppState,
    token: &str,
) -> Result<Option<(Subscription, Vec<Subscription>)>, HtmlError> {
    let signer = state.alerts.signer(&state.store).await?;
    let Some(id) = signer.check(Purpose::Manage, token, Timestamp::now()) else {
        return Ok(None);
    };
    let Some(sub) = state.store.subscription(&id).await? else {
        return Ok(None);
    };
    let all = state.store.subscriptions_of(&sub.email).await?;
    Ok(Some((sub, all)))
}

async fn manage_page(lang: Lang, State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let token = token_of(query.as_deref());
    let (sub, all) = match managed(&state, &token).await {
        Ok(Some(found)) => found,
        Ok(None) => return expired(lang, Page::Manage),
        Err(e) => return e.into_response(),
    };
    let messages = match state.store.messages_to(&sub.email).await {
        Ok(m) => m,
        Err(e) => return HtmlError::internal(&e).into_response(),
    };
    let catalog = state.catalog();
    let tz = samverkan_domain::time::sweden();
    page(
        StatusCode::OK,
        render(&ManagePage {
            layout: layout(lang, lang.t("alerts-manage-title"), Page::Manage, None),
            action: format!("{}?t={token}", pages_path(lang, Page::Manage)),
            email: sub.email.clone(),
            subscriptions: all
                .iter()
                .map(|s| ManagedView {
                    id: s.id.clone(),
                    follows: Follow::read(Some(&s.filter))
                        .map(|f| f.describe(lang, &catalog))
                        .unwrap_or_default(),
                    what: what_text(lang, s),
                    state: match s.confirmed_at {
                        Some(at) => lang.t1(
                            "alerts-manage-since",
                            "date",
                            lang.date(&at.to_zoned(tz.clone()).date()),
                        ),
                        None => lang.t("alerts-manage-unconfirmed"),
                    },
                })
                .collect(),
            messages: messages
                .iter()
                .map(|m| {
                    (
                        lang.date(&m.created_at.to_zoned(tz.clone()).date()),
                        lang.t(&format!("alerts-kind-{}", m.kind.as_str())),
                        m.subject.clone(),
                    )
                })
                .collect(),
            subscribe_href: Route::Grants.href(lang),
        }),
    )
}

async fn manage(
    lang: Lang,
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: axum::body::Bytes,
) -> Response {
    if !same_site(&headers, state.config.public_url.as_deref()) {
        return cross_site(lang);
    }
    let form = FormData::parse(&body);
    let token = posted_token(query.as_deref(), &form);
    let (sub, all) = match managed(&state, &token).await {
        Ok(Some(found)) => found,
        Ok(None) => return expired(lang, Page::Manage),
        Err(e) => return e.into_response(),
    };
    let done = match form.get("action") {
        Some("forget") => state
            .store
            .forget_address(&sub.email)
            .await
            .map(|_| "alerts-forgotten"),
        Some("leave") => {
            let id = form.get("id").unwrap_or("");
            // Only the address's own subscriptions.
            if !all.iter().any(|s| s.id == id) {
                return HtmlError::bad_request(lang.t("alerts-error-not-yours")).into_response();
            }
            state.store.unsubscribe(id).await.map(|_| "alerts-left")
        }
        _ => return HtmlError::bad_request(lang.t("alerts-error-action")).into_response(),
    };
    match done {
        Ok(key) => {
            // What is left to manage, if anything, with a link that names a
            // subscription still there (this token's may be the one that went).
            let left = state.store.subscriptions_of(&sub.email).await.unwrap_or_default();
            let mut links = Vec::new();
            if let (Some(next), Ok(signer)) = (left.first(), state.alerts.signer(&state.store).await) {
                let token = signer.token(Purpose::Manage, &next.id, Timestamp::now());
                links.push(link(
                    lang.t("alerts-manage-back"),
                    format!("{}?t={token}", pages_path(lang, Page::Manage)),
                ));
            }
            links.push(link(lang.t("alerts-back-to-grants"), Route::Grants.href(lang)));
            message(
                lang,
                StatusCode::OK,
                Page::Manage,
                lang.t(&format!("{key}-title")),
                vec![lang.t(&format!("{key}-text"))],
                None,
                links,
            )
        }
        Err(e) => HtmlError::internal(&e).into_response(),
    }
}

async fn unsubscribe_form(lang: Lang, State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let token = token_of(query.as_deref());
    let signer = match state.alerts.signer(&state.store).await {
        Ok(s) => s,
        Err(e) => return HtmlError::internal(&e).into_response(),
    };
    let Some(id) = signer.check(Purpose::Unsubscribe, &token, Timestamp::now()) else {
        return expired(lang, Page::Unsubscribe);
    };
    let sub = match state.store.subscription(&id).await {
        Ok(Some(sub)) => sub,
        Ok(None) => return left_page(lang),
        Err(e) => return HtmlError::internal(&e).into_response(),
    };
    let catalog = state.catalog();
    let follow = Follow::read(Some(&sub.filter)).unwrap_or_default();
    page(
        StatusCode::OK,
        render(&MessagePage {
            layout: layout(lang, lang.t("alerts-unsubscribe-title"), Page::Unsubscribe, None),
            heading: lang.t("alerts-unsubscribe-title"),
            paragraphs: vec![lang.t("alerts-unsubscribe-text")],
            list: follow.describe(lang, &catalog),
            after: Vec::new(),
            button: Some((token, lang.t("alerts-unsubscribe-button"))),
            links: Vec::new(),
        }),
    )
}

fn left_page(lang: Lang) -> Response {
    message(
        lang,
        StatusCode::OK,
        Page::Unsubscribe,
        lang.t("alerts-left-title"),
        vec![lang.t("alerts-left-text")],
        None,
        vec![link(lang.t("alerts-back-to-grants"), Route::Grants.href(lang))],
    )
}

/// Leaving, by the page's button or by a mail program's one-click POST
/// (RFC 8058: the token in the URL, the body `List-Unsubscribe=One-Click`,
/// no cookie and no origin to check). Leaving twice is no error.
async fn unsubscribe(lang: Lang, State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let token = token_of(query.as_deref());
    let signer = match state.alerts.signer(&state.store).await {
        Ok(s) => s,
        Err(e) => return HtmlError::internal(&e).into_response(),
    };
    let Some(id) = signer.check(Purpose::Unsubscribe, &token, Timestamp::now()) else {
        return expired(lang, Page::Unsubscribe);
    };
    match state.store.unsubscribe(&id).await {
        Ok(_) => left_page(lang),
        Err(e) => HtmlError::internal(&e).into_response(),
    }
}

async fn mine_form(lang: Lang, State(_state): State<AppState>) -> Response {
    mine_page(lang, StatusCode::OK, String::new(), None)
}

fn mine_page(lang: Lang, status: StatusCode, email: String, error: Option<String>) -> Response {
    page(
        status,
        render(&MinePage {
            layout: layout(lang, lang.t("alerts-mine-title"), Page::Mine, None),
            action: pages_path(lang, Page::Mine).to_string(),
            email,
            error,
        }),
    )
}

async fn mine(lang: Lang, State(state): State<AppState>, request: axum::extract::Request) -> Response {
    let PublicForm { ip, form, .. } = match read_public(request, &state.config).await {
        Ok(read) => read,
        Err(refusal) => return refused(lang, refusal),
    };
    let typed = form.text("email");
    let Some(email) = checked_email(&typed) else {
        let key = if typed.is_empty() {
            "alerts-error-email-missing"
        } else {
            "alerts-error-email-invalid"
        };
        return mine_page(lang, StatusCode::BAD_REQUEST, typed, Some(lang.t(key)));
    };
    if !state.alerts.allow(ip) {
        return message(
            lang,
            StatusCode::TOO_MANY_REQUESTS,
            Page::Mine,
            lang.t("alerts-too-many-title"),
            vec![lang.t("alerts-too-many-text")],
            None,
            Vec::new(),
        );
    }
    let written = async {
        let subs = state.store.subscriptions_of(&email).await?;
        let mailing = Mailing::of(&state).await?;
        match mailing.composer().manage_link(&subs, lang)? {
            Some(m) => state.store.enqueue_limited(&m, PER_ADDRESS_PER_DAY).await,
            None => Ok(false),
        }
    }
    .await;
    match written {
        Ok(true) => state.alerts.wake.notify_one(),
        Ok(false) => {}
        Err(e) => return HtmlError::internal(&e).into_response(),
    }
    message(
        lang,
        StatusCode::OK,
        Page::Mine,
        lang.t("alerts-mine-sent-title"),
        vec![lang.t("alerts-mine-sent-text")],
        None,
        vec![link(lang.t("alerts-back-to-grants"), Route::Grants.href(lang))],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_and_lower_cased() {
        assert_eq!(
            checked_email(" Anna.Berg@Example.SE ").as_deref(),
            Some("anna.berg@example.se")
        );
        for bad in [
            "",
            "anna",
            "anna@",
            "@example.se",
            "Anna <anna@example.se>",
            "a@b.se, c@d.se",
            "a b@c.se",
            "user@[10.0.0.5]",
            "\"a\tb\"@example.se",
            "anna@localhost",
            "a@b.se\r\nBcc: c@d.se",
        ] {
            assert_eq!(checked_email(bad), None, "{bad}");
        }
        assert_eq!(checked_email(&format!("{}@example.se", "a".repeat(250))), None);
    }
}
