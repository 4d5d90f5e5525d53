//! The editors' area and the write API, attacked and used: every write route
//! is tried as a stranger, with an expired session, a disabled account, the
//! wrong role, without or with a wrong form token, and from another site — and
//! the data is compared before and after. Then the same routes are used
//! properly, so that a refusal can be told from a broken route.

mod common;

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::http::*;
use samverkan_store::{Role, Store};
use samverkan_web::auth::session;
use samverkan_web::{AppState, router};

/// Everything a write could change, to compare before and after.
async fn snapshot(store: &Store) -> String {
    let entries = store.entries(true).await.unwrap();
    let users = store.users().await.unwrap();
    let tokens = store.tokens().await.unwrap();
    let memberships = store.memberships().await.unwrap();
    let reports = store.reports(true, 100).await.unwrap();
    let proposals = (
        store.proposals(true, 100).await.unwrap(),
        store.proposals(false, 100).await.unwrap(),
        store.proposal_comments("forslag-1").await.unwrap(),
    );
    let review = store.review_scopes().await.unwrap();
    let feeds = store.organisation_feeds().await.unwrap();
    format!(
        "{} {:?} {:?} {:?} {memberships:?} {reports:?} {proposals:?} {review:?} {feeds:?}",
        store.change_marker().await.unwrap(),
        entries
            .iter()
            .map(|e| (e.entry.id().to_string(), e.version, e.retired))
            .collect::<Vec<_>>(),
        users,
        tokens
    )
}

async fn setup() -> (AppState, Router, tempfile::TempDir) {
    let (state, dir) = common::seeded_state().await;
    add_user(&state.store, "redaktor", Role::Editor).await;
    add_user(&state.store, "admin", Role::Admin).await;
    let app = router(state.clone());
    (state, app, dir)
}

const GRANT: &str = "boverket-svag-bostadsmarknad";

#[tokio::test]
async fn login_sets_a_session_cookie_and_logout_ends_it() {
    let (state, app, _dir) = setup().await;
    let first = send(&app, get("/redaktion", None)).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    assert_eq!(first.location(), "/redaktion/logga-in?next=%2Fredaktion");

    let form = send(&app, get("/redaktion/logga-in", None)).await;
    let token = form.csrf();
    let answer = send(
        &app,
        post_form(
            "/redaktion/logga-in",
            Some(&format!("samverkan-login={token}")),
            &[
                ("username", "redaktor"),
                ("password", PASSWORD),
                ("csrf", &token),
                ("next", "/redaktion/bidrag"),
            ],
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert_eq!(answer.location(), "/redaktion/bidrag");
    let set = answer
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("samverkan-session="))
        .unwrap();
    for part in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(set.contains(part), "{set}");
    }
    assert!(!set.contains("Secure"), "plain HTTP in tests: {set}");
    let cookie = set.split(';').next().unwrap().to_string();

    let page = send(&app, get("/redaktion", Some(&cookie))).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("redaktor"));
    assert_eq!(page.headers[header::CACHE_CONTROL], "no-store");

    let out = send(
        &app,
        post_form("/redaktion/logga-ut", Some(&cookie), &[("csrf", &page.csrf())]),
    )
    .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(out.set_cookies().iter().any(|c| c.contains("Max-Age=0")));
    let after = send(&app, get("/redaktion", Some(&cookie))).await;
    assert_eq!(
        after.status,
        StatusCode::SEE_OTHER,
        "the session is gone from the server"
    );
    drop(state);
}

#[tokio::test]
async fn over_https_the_cookie_is_secure_and_host_only() {
    let (state, _dir) = common::seeded_state().await;
    add_user(&state.store, "redaktor", Role::Editor).await;
    let mut config = (*state.config).clone();
    config.public_url = Some("https://samverkan.example".into());
    let state = AppState::new(state.store.clone(), config).await.unwrap();
    let app = router(state);
    let form = send(&app, get("/redaktion/logga-in", None)).await;
    let token = form.csrf();
    let answer = send(
        &app,
        post_form(
            "/redaktion/logga-in",
            Some(&format!("__Host-samverkan-login={token}")),
            &[("username", "redaktor"), ("password", PASSWORD), ("csrf", &token)],
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let set = answer
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("__Host-samverkan-session="))
        .expect("a __Host- cookie");
    assert!(set.contains("; Secure"), "{set}");
    assert!(!set.contains("Domain"), "{set}");
}

#[tokio::test]
async fn a_wrong_password_a_disabled_account_and_a_forged_login_are_refused() {
    let (state, app, _dir) = setup().await;
    let form = send(&app, get("/redaktion/logga-in", None)).await;
    let token = form.csrf();
    let cookie = format!("samverkan-login={token}");
    let try_login = |name: &'static str, password: &'static str, token: String, cookie: Option<String>| {
        let app = app.clone();
        async move {
            send(
                &app,
                post_form(
                    "/redaktion/logga-in",
                    cookie.as_deref(),
                    &[("username", name), ("password", password), ("csrf", &token)],
                ),
            )
            .await
        }
    };
    let wrong = try_login(
        "redaktor",
        "fel lösenord som är långt",
        token.clone(),
        Some(cookie.clone()),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("Fel användarnamn eller lösenord"));
    assert!(wrong.body.contains("value=\"redaktor\""), "the name is kept");

    let unknown = try_login("ingen", PASSWORD, token.clone(), Some(cookie.clone())).await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);

    let forged = try_login("redaktor", PASSWORD, token.clone(), None).await;
    assert_eq!(
        forged.status,
        StatusCode::FORBIDDEN,
        "no login cookie: a cross-site login"
    );

    state.store.set_disabled("redaktor", true).await.unwrap();
    let disabled = try_login("redaktor", PASSWORD, token.clone(), Some(cookie.clone())).await;
    assert_eq!(disabled.status, StatusCode::UNAUTHORIZED);
    for answer in [&wrong, &unknown, &forged, &disabled] {
        assert!(
            !answer
                .set_cookies()
                .iter()
                .any(|c| c.starts_with("samverkan-session=")),
            "no session"
        );
    }
}

#[tokio::test]
async fn failed_logins_are_rate_limited_per_account() {
    let (_state, app, _dir) = setup().await;
    let form = send(&app, get("/redaktion/logga-in", None)).await;
    let token = form.csrf();
    let cookie = format!("samverkan-login={token}");
    for _ in 0..samverkan_web::auth::limiter::MAX_FAILURES_PER_ACCOUNT {
        let answer = send(
            &app,
            post_form(
                "/redaktion/logga-in",
                Some(&cookie),
                &[
                    ("username", "redaktor"),
                    ("password", "gissning gissning"),
                    ("csrf", &token),
                ],
            ),
        )
        .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
    let right = send(
        &app,
        post_form(
            "/redaktion/logga-in",
            Some(&cookie),
            &[("username", "redaktor"), ("password", PASSWORD), ("csrf", &token)],
        ),
    )
    .await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        right.body.contains("För många misslyckade inloggningar"),
        "{}",
        right.body
    );
    assert!(
        !right
            .set_cookies()
            .iter()
            .any(|c| c.starts_with("samverkan-session="))
    );
    // Another account from the same address is not locked out by this one.
    let other = login(&app, "admin").await;
    assert!(other.starts_with("samverkan-session="));
}

#[tokio::test]
async fn the_editors_pages_need_a_session_and_admin_pages_the_admin_role() {
    let (state, app, _dir) = setup().await;
    // A proposal by another of the service's editors, to open.
    state
        .store
        .add_proposal(&samverkan_store::NewProposal {
            id: "forslag-1".into(),
            kind: samverkan_domain::EntryKind::Grant,
            entry_id: GRANT.into(),
            base_version: Some(1),
            before: None,
            after: None,
            author: "kollega".into(),
            comment: String::new(),
        })
        .await
        .unwrap();
    let pages = [
        "/redaktion",
        "/redaktion/bidrag",
        "/redaktion/aktorer",
        "/redaktion/insatser",
        "/redaktion/ny/bidrag",
        &format!("/redaktion/bidrag/{GRANT}"),
        &format!("/redaktion/bidrag/{GRANT}/historik"),
        "/redaktion/konton",
        "/redaktion/nycklar",
        "/redaktion/inloggningar",
        "/redaktion/hamtning",
        "/redaktion/forslag/forslag-1",
        "/en/editor/harvest",
        "/en/editor/proposals/forslag-1",
        "/en/editor",
        "/en/editor/grants",
        "/en/editor/tokens",
        "/en/editor/sign-ins",
    ];
    for page in pages {
        let answer = send(&app, get(page, None)).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{page}");
        assert!(
            answer.location().contains("?next="),
            "{page}: {}",
            answer.location()
        );
    }
    let editor = login(&app, "redaktor").await;
    let admin = login(&app, "admin").await;
    for page in pages {
        let admin_only = page.contains("konton") || page.contains("nycklar") || page.contains("tokens");
        let as_editor = send(&app, get(page, Some(&editor))).await;
        let expected = if admin_only {
            StatusCode::FORBIDDEN
        } else {
            StatusCode::OK
        };
        assert_eq!(as_editor.status, expected, "{page}");
        let as_admin = send(&app, get(page, Some(&admin))).await;
        assert_eq!(as_admin.status, StatusCode::OK, "{page}: {}", as_admin.body);
    }
}

/// A write route and a form that would change something if it were accepted.
struct WriteRoute {
    path: String,
    fields: Vec<(&'static str, String)>,
    admin_only: bool,
}

/// What an attack is called, its cookie, form token and `Origin`, and the expected answer.
type Attack<'a> = (
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    StatusCode,
);

/// Stands for the entry's version at the time the form is sent.
const CURRENT: &str = "CURRENT";

async fn write_routes(state: &AppState) -> Vec<WriteRoute> {
    let store = &state.store;
    use samverkan_domain::EntryKind::*;
    let token = store
        .create_token("import", "redaktor", "some-hash", "admin")
        .await
        .unwrap();
    let first_revision = store.history(Grant, GRANT).await.unwrap()[0].id;
    // An error report from the public, to be answered.
    store
        .add_report(
            &samverkan_store::NewReport {
                id: "rapport-1".into(),
                kind: "grant".into(),
                entry_id: GRANT.into(),
                owner: Some("delmos".into()),
                what: "Fel datum.".into(),
                source_url: None,
                email: None,
                lang: "sv".into(),
            },
            5,
        )
        .await
        .unwrap();
    // A proposal by another of the service's editors, to comment on.
    store
        .add_proposal(&samverkan_store::NewProposal {
            id: "forslag-1".into(),
            kind: Grant,
            entry_id: GRANT.into(),
            base_version: Some(1),
            before: None,
            after: None,
            author: "kollega".into(),
            comment: String::new(),
        })
        .await
        .unwrap();
    let grant_form = |title: &str| {
        vec![
            ("title", title.to_string()),
            ("provider", "delmos".to_string()),
            ("verified", "2026-11-25".to_string()),
        ]
    };
    let mut new_grant = grant_form("Ett nytt bidrag");
    new_grant.push(("id", "ett-nytt-bidrag".into()));
    let mut edited_grant = grant_form("Ändrad titel");
    edited_grant.push(("version", CURRENT.into()));
    let route = |path: String, fields: Vec<(&'static str, String)>, admin_only: bool| WriteRoute {
        path,
        fields,
        admin_only,
    };
    // In an order in which each, properly sent, can succeed after the others.
    vec![
        route("/redaktion/ny/bidrag".into(), new_grant, false),
        route(format!("/redaktion/bidrag/{GRANT}"), edited_grant, false),
        route(
            format!("/redaktion/bidrag/{GRANT}/kontrollerad"),
            vec![("version", CURRENT.into())],
            false,
        ),
        // The English editor area shares the handlers; one route proves the wiring.
        route(
            format!("/en/editor/grants/{GRANT}/verified"),
            vec![("version", CURRENT.into())],
            false,
        ),
        route(
            "/redaktion/ny/aktorer".into(),
            vec![
                ("id", "ny-aktor".into()),
                ("name", "Ny aktör".into()),
                ("kind", "myndighet".into()),
                ("verified", "2026-11-25".into()),
            ],
            false,
        ),
        route(
            "/redaktion/ny/insatser".into(),
            vec![
                ("id", "ny-insats".into()),
                ("name", "Ny insats".into()),
                ("verified", "2026-11-25".into()),
            ],
            false,
        ),
        route(
            format!("/redaktion/versioner/{first_revision}/aterstall"),
            vec![],
            false,
        ),
        route("/redaktion/lankkontroll".into(), vec![], false),
        route(
            "/redaktion/rapporter/rapport-1".into(),
            vec![("outcome", "fixed".into()), ("reply", "Rättat.".into())],
            false,
        ),
        route(
            "/redaktion/forslag/forslag-1".into(),
            vec![("action", "comment".into()), ("text", "Ser bra ut.".into())],
            false,
        ),
        route(
            format!("/redaktion/bidrag/{GRANT}/ta-bort"),
            vec![("version", CURRENT.into())],
            false,
        ),
        route(
            "/redaktion/hamtning".into(),
            vec![
                ("action", "set".into()),
                ("actor", "delmos".into()),
                ("url", "https://example.se/bidrag.json".into()),
            ],
            false,
        ),
        route(
            "/redaktion/granskning".into(),
            vec![("action", "on".into()), ("scope", "delmos".into())],
            true,
        ),
        route(
            "/redaktion/konton".into(),
            vec![
                ("username", "inkraktare".into()),
                ("role", "admin".into()),
                ("password", PASSWORD.into()),
                ("password2", PASSWORD.into()),
            ],
            true,
        ),
        route(
            "/redaktion/nycklar".into(),
            vec![("name", "stulen".into()), ("username", "admin".into())],
            true,
        ),
        route(format!("/redaktion/nycklar/{}/aterkalla", token.id), vec![], true),
        route(
            "/redaktion/konton/redaktor/status".into(),
            vec![("action", "join".into()), ("organisation", "delmos".into())],
            true,
        ),
        route(
            "/redaktion/konton/redaktor/status".into(),
            vec![
                ("action", "email".into()),
                ("email", "inkraktare@example.se".into()),
            ],
            true,
        ),
        route(
            "/redaktion/konton/redaktor/status".into(),
            vec![("action", "disable".into())],
            true,
        ),
    ]
}

async fn with_csrf(
    store: &Store,
    fields: &[(&'static str, String)],
    csrf: Option<&str>,
) -> Vec<(String, String)> {
    let current = match store
        .get(samverkan_domain::EntryKind::Grant, GRANT)
        .await
        .unwrap()
    {
        Some(e) => e.version.to_string(),
        None => "1".into(),
    };
    let mut out: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| {
            (
                k.to_string(),
                if v == CURRENT { current.clone() } else { v.clone() },
            )
        })
        .collect();
    if let Some(c) = csrf {
        out.push(("csrf".into(), c.into()));
    }
    out
}

#[tokio::test]
async fn every_write_form_refuses_strangers_forgeries_and_the_wrong_role_and_changes_nothing() {
    let (state, app, _dir) = setup().await;
    let routes = write_routes(&state).await;
    let editor = login(&app, "redaktor").await;
    let editor_csrf = csrf_of(&app, &editor).await;
    let admin = login(&app, "admin").await;
    let admin_csrf = csrf_of(&app, &admin).await;

    // An expired session, and the session of an account disabled since.
    let expired_secret = session::new_secret();
    state
        .store
        .create_session(
            &session::secret_hash(&expired_secret),
            "admin",
            "expired-csrf",
            Duration::ZERO,
            10,
        )
        .await
        .unwrap();
    let expired = format!("samverkan-session={expired_secret}");
    add_user(&state.store, "avstangd", Role::Admin).await;
    let disabled = login(&app, "avstangd").await;
    let disabled_csrf = csrf_of(&app, &disabled).await;
    state.store.set_disabled("avstangd", true).await.unwrap();

    let before = snapshot(&state.store).await;
    for route in &routes {
        let (own, own_csrf) = if route.admin_only {
            (&admin, &admin_csrf)
        } else {
            (&editor, &editor_csrf)
        };
        let attacks: Vec<Attack> = vec![
            ("no session", None, Some(own_csrf), None, StatusCode::SEE_OTHER),
            (
                "expired session",
                Some(&expired),
                Some("expired-csrf"),
                None,
                StatusCode::SEE_OTHER,
            ),
            (
                "disabled account",
                Some(&disabled),
                Some(&disabled_csrf),
                None,
                StatusCode::SEE_OTHER,
            ),
            ("no form token", Some(own), None, None, StatusCode::FORBIDDEN),
            (
                "another session's token",
                Some(own),
                Some("x".repeat(43).leak()),
                None,
                StatusCode::FORBIDDEN,
            ),
            (
                "a post from another site",
                Some(own),
                Some(own_csrf),
                Some("https://evil.example"),
                StatusCode::FORBIDDEN,
            ),
        ];
        for (what, cookie, csrf, origin, expected) in attacks {
            let fields = with_csrf(&state.store, &route.fields, csrf).await;
            let answer = send(&app, post_pairs(&route.path, cookie, &fields, origin)).await;
            assert_eq!(
                answer.status, expected,
                "{} with {what}: {}",
                route.path, answer.body
            );
            if expected == StatusCode::SEE_OTHER {
                assert!(
                    answer.location().contains("logga-in") || answer.location().contains("login"),
                    "{what}"
                );
            }
        }
        if route.admin_only {
            let fields = with_csrf(&state.store, &route.fields, Some(&editor_csrf)).await;
            let answer = send(&app, post_pairs(&route.path, Some(&editor), &fields, None)).await;
            assert_eq!(
                answer.status,
                StatusCode::FORBIDDEN,
                "{} as an editor",
                route.path
            );
        }
        let as_json = Request::post(&route.path)
            .header(header::HOST, "localhost")
            .header(header::COOKIE, own.as_str())
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(format!("{{\"csrf\":\"{own_csrf}\"}}")))
            .unwrap();
        assert_eq!(
            send(&app, as_json).await.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{} with a JSON body",
            route.path
        );
    }
    assert_eq!(
        snapshot(&state.store).await,
        before,
        "no refused request changed anything"
    );
}

/// The control for the test above: the same forms, properly sent, are
/// accepted, so the refusals there were refusals and not broken forms.
#[tokio::test]
async fn every_write_form_properly_sent_is_accepted() {
    let (state, app, _dir) = setup().await;
    let routes = write_routes(&state).await;
    let editor = login(&app, "redaktor").await;
    let editor_csrf = csrf_of(&app, &editor).await;
    let admin = login(&app, "admin").await;
    let admin_csrf = csrf_of(&app, &admin).await;
    let before = snapshot(&state.store).await;
    for route in &routes {
        let (own, own_csrf) = if route.admin_only {
            (&admin, &admin_csrf)
        } else {
            (&editor, &editor_csrf)
        };
        let fields = with_csrf(&state.store, &route.fields, Some(own_csrf)).await;
        let answer = send(
            &app,
            post_pairs(&route.path, Some(own), &fields, Some("http://localhost")),
        )
        .await;
        assert!(
            answer.status == StatusCode::SEE_OTHER || answer.status == StatusCode::CREATED,
            "{}: {} {}",
            route.path,
            answer.status,
            answer.body
        );
        assert!(!answer.location().contains("logga-in"), "{}", route.path);
    }
    assert_ne!(snapshot(&state.store).await, before);
}

#[tokio::test]
async fn an_edit_is_a_revision_with_a_readable_diff_and_can_be_restored() {
    let (state, app, _dir) = setup().await;
    let cookie = login(&app, "redaktor").await;
    let path = format!("/redaktion/bidrag/{GRANT}");
    let form = send(&app, get(&path, Some(&cookie))).await;
    assert_eq!(form.status, StatusCode::OK);
    let version = hidden(&form.body, "version").unwrap();
    let old_title = state.catalog().grant(GRANT).unwrap().title.clone();

    let stored = state
        .store
        .get(samverkan_domain::EntryKind::Grant, GRANT)
        .await
        .unwrap()
        .unwrap();
    let catalog = state.catalog();
    let fields = samverkan_web::editor::forms::fields(
        samverkan_domain::EntryKind::Grant,
        &catalog,
        samverkan_web::i18n::Lang::Sv,
    );
    let mut values = samverkan_web::editor::forms::values_of(&stored.entry, &fields).0;
    for (k, v) in values.iter_mut() {
        if k == "title" {
            *v = "Stöd till kommuner med stark bostadsmarknad".into();
        }
    }
    values.push(("deadline".into(), "1 mars".into()));
    values.push(("version".into(), version.clone()));
    values.push(("comment".into(), "Ny titel enligt källan".into()));
    values.push(("csrf".into(), form.csrf()));
    let saved = send(&app, post_pairs(&path, Some(&cookie), &values, None)).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        state.catalog().grant(GRANT).unwrap().title,
        "Stöd till kommuner med stark bostadsmarknad"
    );
    let public = send(&app, get(&format!("/bidrag/{GRANT}"), None)).await;
    assert!(
        public
            .body
            .contains("Stöd till kommuner med stark bostadsmarknad"),
        "the public page shows it at once"
    );

    let history = send(&app, get(&format!("{path}/historik"), Some(&cookie))).await;
    assert_eq!(history.status, StatusCode::OK);
    assert!(history.body.contains("Ny titel enligt källan"));
    assert!(history.body.contains("redaktor"));
    let doc = scraper::Html::parse_document(&history.body);
    let del = scraper::Selector::parse("del").unwrap();
    let ins = scraper::Selector::parse("ins").unwrap();
    let removed: Vec<String> = doc.select(&del).map(|e| e.text().collect()).collect();
    let added: Vec<String> = doc.select(&ins).map(|e| e.text().collect()).collect();
    assert!(removed.iter().any(|t| t.contains("svag")), "{removed:?}");
    assert!(added.iter().any(|t| t.contains("stark")), "{added:?}");

    let first = state
        .store
        .history(samverkan_domain::EntryKind::Grant, GRANT)
        .await
        .unwrap()[0]
        .id;
    let restore = send(
        &app,
        post_form(
            &format!("/redaktion/versioner/{first}/aterstall"),
            Some(&cookie),
            &[("csrf", &history.csrf())],
        ),
    )
    .await;
    assert_eq!(restore.status, StatusCode::SEE_OTHER, "{}", restore.body);
    assert_eq!(state.catalog().grant(GRANT).unwrap().title, old_title);
    let revisions = state
        .store
        .history(samverkan_domain::EntryKind::Grant, GRANT)
        .await
        .unwrap();
    assert_eq!(revisions.len(), 3, "create, edit, restore: nothing deleted");
    assert_eq!(revisions[2].after, revisions[0].after);
}

#[tokio::test]
async fn problems_stand_next_to_their_fields_and_what_was_typed_is_kept() {
    let (state, app, _dir) = setup().await;
    let cookie = login(&app, "redaktor").await;
    let csrf = csrf_of(&app, &cookie).await;
    let before = snapshot(&state.store).await;
    let answer = send(
        &app,
        post_form(
            "/redaktion/ny/bidrag",
            Some(&cookie),
            &[
                ("csrf", &csrf),
                ("id", "Mitt Bidrag"),
                ("title", "Bidrag för <b>test</b>"),
                ("provider", "delmos"),
                ("deadline", "31 februari"),
                ("url", "www.example.se"),
                ("verified", "2026-11-25"),
            ],
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    let doc = scraper::Html::parse_document(&answer.body);
    let text = |sel: &str| {
        let s = scraper::Selector::parse(sel).unwrap();
        doc.select(&s)
            .map(|e| e.text().collect::<String>())
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(
        text("#e-deadline").contains("31 februari"),
        "{}",
        text("#e-deadline")
    );
    assert!(text("#e-url").contains("https://"));
    assert!(text("#e-id").contains("små bokstäver"));
    assert!(text(".error-summary").contains("Sista ansökningsdag"));
    let value = |id: &str| {
        let s = scraper::Selector::parse(&format!("#{id}")).unwrap();
        doc.select(&s)
            .next()
            .and_then(|e| e.value().attr("value"))
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(value("f-deadline"), "31 februari");
    assert_eq!(
        value("f-title"),
        "Bidrag för <b>test</b>",
        "kept, and escaped in the HTML"
    );
    assert!(!answer.body.contains("<b>test</b>"));
    assert!(answer.body.contains("aria-invalid=\"true\""));
    assert_eq!(snapshot(&state.store).await, before);
}

#[tokio::test]
async fn a_second_editor_saving_over_a_changed_entry_gets_a_conflict_not_a_lost_change() {
    let (state, app, _dir) = setup().await;
    let anna = login(&app, "redaktor").await;
    let bo = login(&app, "admin").await;
    let path = format!("/redaktion/bidrag/{GRANT}");
    let form_a = send(&app, get(&path, Some(&anna))).await;
    let form_b = send(&app, get(&path, Some(&bo))).await;
    let version = hidden(&form_a.body, "version").unwrap();
    assert_eq!(hidden(&form_b.body, "version").unwrap(), version);

    let stored = state
        .store
        .get(samverkan_domain::EntryKind::Grant, GRANT)
        .await
        .unwrap()
        .unwrap();
    let catalog = state.catalog();
    let fields = samverkan_web::editor::forms::fields(
        samverkan_domain::EntryKind::Grant,
        &catalog,
        samverkan_web::i18n::Lang::Sv,
    );
    let base = samverkan_web::editor::forms::values_of(&stored.entry, &fields).0;
    let edited = |description: &str, csrf: String| {
        let mut v = base.clone();
        v.push(("description".into(), description.into()));
        v.push(("version".into(), version.clone()));
        v.push(("csrf".into(), csrf));
        v
    };
    let first = send(
        &app,
        post_pairs(&path, Some(&anna), &edited("Annas text", form_a.csrf()), None),
    )
    .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let second = send(
        &app,
        post_pairs(&path, Some(&bo), &edited("Bos text", form_b.csrf()), None),
    )
    .await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    assert!(
        second.body.contains("Någon annan har sparat en ändring"),
        "{}",
        second.body
    );
    assert!(
        second.body.contains("Bos text"),
        "Bo's input is still in the form"
    );
    assert_eq!(
        state.catalog().grant(GRANT).unwrap().description.as_deref(),
        Some("Annas text"),
        "Anna's change stands"
    );
}

// ---------------------------------------------------------------- the write API

fn new_grant(id: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "title": "Bidrag via API",
        "provider": "delmos",
        "deadline": "1 april respektive 1 oktober",
        "areas": ["boende"],
        "verified": "2026-11-25"
    })
}

#[tokio::test]
async fn the_write_api_refuses_every_request_without_a_live_token() {
    let (state, app, _dir) = setup().await;
    let (revoked, revoked_id) = token_for(&state.store, "redaktor").await;
    state.store.revoke_token(revoked_id).await.unwrap();
    add_user(&state.store, "avstangd", Role::Editor).await;
    let (of_disabled, _) = token_for(&state.store, "avstangd").await;
    state.store.set_disabled("avstangd", true).await.unwrap();
    let first_revision = state
        .store
        .history(samverkan_domain::EntryKind::Grant, GRANT)
        .await
        .unwrap()[0]
        .id;
    let create = serde_json::json!({"entry": new_grant("nytt")}).to_string();
    let update = serde_json::json!({"version": 1, "entry": new_grant(GRANT)}).to_string();
    let version = serde_json::json!({"version": 1}).to_string();
    let routes: Vec<(Method, String, Option<String>)> = vec![
        (Method::POST, "/api/v1/grants".into(), Some(create.clone())),
        (Method::PUT, format!("/api/v1/grants/{GRANT}"), Some(update)),
        (
            Method::POST,
            format!("/api/v1/grants/{GRANT}/retire"),
            Some(version.clone()),
        ),
        (Method::GET, format!("/api/v1/grants/{GRANT}/revisions"), None),
        (Method::POST, "/api/v1/actors".into(), Some(create.clone())),
        (
            Method::POST,
            "/api/v1/actors/boverket/retire".into(),
            Some(version.clone()),
        ),
        (Method::POST, "/api/v1/initiatives".into(), Some(create)),
        (
            Method::POST,
            format!("/api/v1/revisions/{first_revision}/restore"),
            Some("{}".into()),
        ),
    ];
    let before = snapshot(&state.store).await;
    let bogus = format!("{}{}", session::TOKEN_PREFIX, session::new_secret());
    for (method, path, body) in &routes {
        for (what, token) in [
            ("no token", None),
            ("an unknown token", Some(bogus.as_str())),
            ("a revoked token", Some(revoked.as_str())),
            ("a disabled account's token", Some(of_disabled.as_str())),
        ] {
            let answer = api(&app, method.clone(), path, token, body.clone()).await;
            assert_eq!(
                answer.status,
                StatusCode::UNAUTHORIZED,
                "{method} {path} with {what}"
            );
            assert!(answer.headers.contains_key(header::WWW_AUTHENTICATE));
            let json: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
            assert_eq!(json["error"]["code"], "unauthorized");
        }
    }
    assert_eq!(snapshot(&state.store).await, before);
}

/// Creates grant "via-api" through the write API, with a comment.
async fn create_via_api(app: &Router, token: &str) -> Answer {
    api(
        app,
        Method::POST,
        "/api/v1/grants",
        Some(token),
        Some(serde_json::json!({"entry": new_grant("via-api"), "comment": "från registret"}).to_string()),
    )
    .await
}

/// The grant as changed by `update`.
fn changed_grant() -> serde_json::Value {
    let mut changed = new_grant("via-api");
    changed["title"] = "Bidrag via API, ändrat".into();
    changed
}

/// A `PUT` body made from `version`.
fn update(version: i64, entry: &serde_json::Value) -> String {
    serde_json::json!({"version": version, "entry": entry}).to_string()
}

#[tokio::test]
async fn the_write_api_creates_an_entry_that_is_public_at_once_and_refuses_a_taken_id() {
    let (state, app, _dir) = setup().await;
    let (token, _) = token_for(&state.store, "redaktor").await;
    let created = create_via_api(&app, &token).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.headers[header::LOCATION], "/api/v1/grants/via-api");
    let public = api(
        &app,
        Method::GET,
        "/api/v1/grants/via-api?on=2026-11-25",
        None,
        None,
    )
    .await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(
        public.body.contains("\"next_deadline\":\"2027-04-01\""),
        "{}",
        public.body
    );
    let again = create_via_api(&app, &token).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_change_through_the_api_names_its_version_and_a_stale_one_changes_nothing() {
    let (state, app, _dir) = setup().await;
    let (token, _) = token_for(&state.store, "redaktor").await;
    let t = Some(token.as_str());
    create_via_api(&app, &token).await;
    let ok = api(
        &app,
        Method::PUT,
        "/api/v1/grants/via-api",
        t,
        Some(update(1, &changed_grant())),
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert!(ok.body.contains("\"version\":2"));
    let stale = api(
        &app,
        Method::PUT,
        "/api/v1/grants/via-api",
        t,
        Some(update(1, &new_grant("via-api"))),
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.body.contains("version 2, not 1"), "{}", stale.body);
    assert_eq!(
        state.catalog().grant("via-api").unwrap().title,
        "Bidrag via API, ändrat"
    );
    let revisions = api(&app, Method::GET, "/api/v1/grants/via-api/revisions", t, None).await;
    let json: serde_json::Value = serde_json::from_str(&revisions.body).unwrap();
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "the stale change left no revision");
    assert_eq!(items[0]["author"], "redaktor");
    assert_eq!(items[0]["comment"], "från registret");
}

#[tokio::test]
async fn a_retired_entry_leaves_the_api_and_any_revision_can_be_restored() {
    let (state, app, _dir) = setup().await;
    let (token, _) = token_for(&state.store, "redaktor").await;
    let t = Some(token.as_str());
    create_via_api(&app, &token).await;
    api(
        &app,
        Method::PUT,
        "/api/v1/grants/via-api",
        t,
        Some(update(1, &changed_grant())),
    )
    .await;
    let first = state
        .store
        .history(samverkan_domain::EntryKind::Grant, "via-api")
        .await
        .unwrap()[0]
        .id;
    let retired = api(
        &app,
        Method::POST,
        "/api/v1/grants/via-api/retire",
        t,
        // JSON does not tell 2.0 from 2, and the schema's `integer` takes both.
        Some(r#"{"version":2.0}"#.into()),
    )
    .await;
    assert_eq!(retired.status, StatusCode::OK, "{}", retired.body);
    assert_eq!(
        api(&app, Method::GET, "/api/v1/grants/via-api", None, None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let restored = api(
        &app,
        Method::POST,
        &format!("/api/v1/revisions/{first}/restore"),
        t,
        Some("{}".into()),
    )
    .await;
    assert_eq!(restored.status, StatusCode::OK, "{}", restored.body);
    assert_eq!(state.catalog().grant("via-api").unwrap().title, "Bidrag via API");
}

#[tokio::test]
async fn an_entry_others_refer_to_cannot_be_retired_through_the_api() {
    let (state, app, _dir) = setup().await;
    let (token, _) = token_for(&state.store, "redaktor").await;
    let in_use = api(
        &app,
        Method::POST,
        "/api/v1/actors/delmos/retire",
        Some(&token),
        Some(r#"{"version":1}"#.into()),
    )
    .await;
    assert_eq!(in_use.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", in_use.body);
    assert!(state.catalog().actor("delmos").is_some());
}

#[tokio::test]
async fn bad_api_bodies_get_an_error_that_says_where_and_change_nothing() {
    let (state, app, _dir) = setup().await;
    let (token, _) = token_for(&state.store, "redaktor").await;
    let t = Some(token.as_str());
    let before = snapshot(&state.store).await;
    let cases: Vec<(String, StatusCode, &str)> = vec![
        ("not json".into(), StatusCode::BAD_REQUEST, "invalid_body"),
        (r#"{"entry": {}, "extra": 1}"#.into(), StatusCode::BAD_REQUEST, "extra"),
        (r#"{"comment": "x"}"#.into(), StatusCode::BAD_REQUEST, "entry"),
        (
            serde_json::json!({"entry": {"id": "x", "title": "T", "provider": "ingen", "verified": "2026-11-25"}}).to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "ingen",
        ),
        (
            serde_json::json!({"entry": {"id": "x", "title": "T", "provider": "boverket", "deadline": "31 februari", "verified": "2026-11-25"}}).to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "entry.deadline",
        ),
        (
            serde_json::json!({"entry": {"id": "Fel Id", "title": "T", "provider": "boverket", "verified": "2026-11-25"}}).to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "entry.id",
        ),
    ];
    for (body, status, mentions) in cases {
        let answer = api(&app, Method::POST, "/api/v1/grants", t, Some(body.clone())).await;
        assert_eq!(answer.status, status, "{body}: {}", answer.body);
        assert!(answer.body.contains(mentions), "{body}: {}", answer.body);
    }
    for version in ["2.5", "\"1\"", "1e30", "-0.5"] {
        let body = format!(r#"{{"version": {version}}}"#);
        let answer = api(
            &app,
            Method::POST,
            &format!("/api/v1/grants/{GRANT}/retire"),
            t,
            Some(body),
        )
        .await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{version}: {}",
            answer.body
        );
        assert!(answer.body.contains("`version`"), "{version}: {}", answer.body);
    }
    let huge =
        serde_json::json!({"entry": new_grant("stor"), "comment": "x".repeat(samverkan_web::MAX_BODY)})
            .to_string();
    let answer = api(&app, Method::POST, "/api/v1/grants", t, Some(huge)).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    let form = Request::post("/api/v1/grants")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from("{}"))
        .unwrap();
    assert_eq!(send(&app, form).await.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(snapshot(&state.store).await, before);
}

#[tokio::test]
async fn concurrent_api_edits_of_one_entry_never_lose_a_change() {
    let (state, app, _dir) = setup().await;
    let (token, _) = token_for(&state.store, "redaktor").await;
    let version = state
        .store
        .get(samverkan_domain::EntryKind::Grant, GRANT)
        .await
        .unwrap()
        .unwrap()
        .version;
    let mut entry = state
        .store
        .get(samverkan_domain::EntryKind::Grant, GRANT)
        .await
        .unwrap()
        .unwrap()
        .entry
        .to_json();
    let mut tasks = Vec::new();
    for i in 0..8 {
        entry["description"] = format!("Version från skribent {i}").into();
        let body = serde_json::json!({"version": version, "entry": entry}).to_string();
        let (app, token) = (app.clone(), token.clone());
        tasks.push(tokio::spawn(async move {
            (
                i,
                api(
                    &app,
                    Method::PUT,
                    &format!("/api/v1/grants/{GRANT}"),
                    Some(&token),
                    Some(body),
                )
                .await
                .status,
            )
        }));
    }
    let mut winners = Vec::new();
    for task in tasks {
        let (i, status) = task.await.unwrap();
        match status {
            StatusCode::OK => winners.push(i),
            StatusCode::CONFLICT => {}
            other => panic!("writer {i}: {other}"),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one write wins");
    let description = state.catalog().grant(GRANT).unwrap().description.clone().unwrap();
    assert_eq!(description, format!("Version från skribent {}", winners[0]));
    assert_eq!(
        state
            .store
            .history(samverkan_domain::EntryKind::Grant, GRANT)
            .await
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn an_admin_makes_a_token_that_is_shown_once_works_and_can_be_revoked() {
    let (state, app, _dir) = setup().await;
    let admin = login(&app, "admin").await;
    let csrf = csrf_of(&app, &admin).await;
    let made = send(
        &app,
        post_form(
            "/redaktion/nycklar",
            Some(&admin),
            &[("csrf", &csrf), ("name", "Import"), ("username", "redaktor")],
        ),
    )
    .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let doc = scraper::Html::parse_document(&made.body);
    let sel = scraper::Selector::parse("#new-token").unwrap();
    let token = doc
        .select(&sel)
        .next()
        .unwrap()
        .value()
        .attr("value")
        .unwrap()
        .to_string();
    assert!(token.starts_with("svk_"));
    let listed = send(&app, get("/redaktion/nycklar", Some(&admin))).await;
    assert!(!listed.body.contains(&token), "shown once, never again");
    assert!(
        !format!("{:?}", state.store.tokens().await.unwrap()).contains(&token),
        "not stored"
    );

    let create = serde_json::json!({"entry": new_grant("med-nyckel")}).to_string();
    let answer = api(
        &app,
        Method::POST,
        "/api/v1/grants",
        Some(&token),
        Some(create.clone()),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED);

    let id = state.store.tokens().await.unwrap()[0].id;
    let revoked = send(
        &app,
        post_form(
            &format!("/redaktion/nycklar/{id}/aterkalla"),
            Some(&admin),
            &[("csrf", &csrf)],
        ),
    )
    .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    let after = api(&app, Method::POST, "/api/v1/grants", Some(&token), Some(create)).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_openapi_document_describes_the_write_api_and_its_token() {
    let (_state, app, _dir) = setup().await;
    let doc = api(&app, Method::GET, "/api/openapi.json", None, None).await;
    let json: serde_json::Value = serde_json::from_str(&doc.body).unwrap();
    assert_eq!(json["components"]["securitySchemes"]["token"]["scheme"], "bearer");
    for (path, method) in [
        ("/api/v1/grants", "post"),
        ("/api/v1/grants/{id}", "put"),
        ("/api/v1/grants/{id}/retire", "post"),
        ("/api/v1/grants/{id}/revisions", "get"),
        ("/api/v1/actors", "post"),
        ("/api/v1/initiatives/{id}", "put"),
        ("/api/v1/revisions/{revision}/restore", "post"),
    ] {
        let op = &json["paths"][path][method];
        assert!(op.is_object(), "{method} {path}");
        assert!(op["security"].is_array(), "{method} {path} names the token");
    }
    // Each write names its entry's own schema, as strict as the dataset format.
    let schemas = &json["components"]["schemas"];
    for (path, method, body, entry) in [
        ("/api/v1/grants", "post", "NewGrant", "Grant"),
        ("/api/v1/actors/{id}", "put", "UpdatedActor", "Actor"),
        ("/api/v1/initiatives", "post", "NewInitiative", "Initiative"),
    ] {
        let named =
            &json["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]["$ref"];
        assert_eq!(named, &format!("#/components/schemas/{body}"), "{method} {path}");
        assert_eq!(
            schemas[body]["properties"]["entry"]["$ref"],
            format!("#/components/schemas/{entry}")
        );
        assert_eq!(schemas[entry]["additionalProperties"], false, "{entry}");
        assert_eq!(
            schemas[entry]["properties"]["id"]["$ref"],
            "#/components/schemas/Slug"
        );
        assert_eq!(schemas[entry]["properties"]["verified"]["format"], "date");
    }
    assert_eq!(
        schemas["Grant"]["required"],
        serde_json::json!(["id", "title", "provider", "verified"])
    );
    assert_eq!(schemas["Slug"]["pattern"], "^[a-z0-9]+(-[a-z0-9]+)*$");
}
