//! Bulk upkeep from an organisation's own file (issue 16), against a server
//! on loopback: a JSON file becomes proposals (once, however often it is
//! fetched; a 304 when it has not changed), which a colleague approves; a
//! CSV file with direct changes chosen is published at once; and a
//! malformed file, a file with another organisation's grant, a file that
//! would break the catalogue and a file on a private address are each
//! refused with a clear message, changing nothing. Nothing is deleted.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get as route_get;
use common::http::*;
use samverkan_domain::EntryKind;
use samverkan_links::LinkOptions;
use samverkan_store::{OrganisationFeed, ProposalStatus};
use samverkan_web::harvest::{AUTHOR_PREFIX, fetch_options, harvest_one};
use samverkan_web::{AppState, router};

const GRANT: &str = "boverket-samlingslokaler";

/// The organisation's files, and how many times each was asked for whole.
async fn file_server(fetches: Arc<AtomicUsize>) -> String {
    let json = r#"{"grants": [
        {"id": "boverket-samlingslokaler", "title": "Stöd till allmänna samlingslokaler", "provider": "boverket",
         "description": "Från Boverkets egen fil.", "deadline": "31 augusti", "verified": "2026-12-01"},
        {"id": "boverket-nytt-stod", "title": "Nytt stöd för lokaler", "provider": "boverket", "verified": "2026-12-01"}
    ]}"#;
    let app = Router::new()
        .route(
            "/bidrag.json",
            route_get(move |headers: HeaderMap| {
                let fetches = fetches.clone();
                async move {
                    if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v == "\"v1\"") {
                        return StatusCode::NOT_MODIFIED.into_response();
                    }
                    fetches.fetch_add(1, Ordering::SeqCst);
                    ([(header::CONTENT_TYPE, "application/json"), (header::ETAG, "\"v1\"")], json).into_response()
                }
            }),
        )
        .route(
            "/bidrag.csv",
            route_get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
                    "\u{feff}\"id\",\"title\",\"provider_id\",\"description\",\"status\"\n\
                     \"boverket-samlingslokaler\",\"Stöd till allmänna samlingslokaler\",\"boverket\",\"Ur CSV-filen.\",\"upcoming\"\n",
                )
            }),
        )
        .route("/trasig.json", route_get(|| async { ([(header::CONTENT_TYPE, "application/json")], "{\"grants\": [") }))
        .route(
            "/annans.json",
            route_get(|| async {
                r#"{"grants": [{"id": "skolverket-bidrag", "title": "Kapat", "provider": "skolverket", "verified": "2026-12-01"}]}"#
            }),
        )
        .route(
            "/ogiltig.json",
            route_get(|| async {
                r#"{"grants": [{"id": "boverket-samlingslokaler", "title": "T", "provider": "boverket", "areas": ["finns-inte"]}]}"#
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

struct Setup {
    state: AppState,
    app: Router,
    base: String,
    fetches: Arc<AtomicUsize>,
    options: LinkOptions,
    _dir: tempfile::TempDir,
}

async fn setup() -> Setup {
    let (state, dir) = common::seeded_state().await;
    add_organisation_editors(&state.store).await;
    let fetches = Arc::new(AtomicUsize::new(0));
    let base = file_server(fetches.clone()).await;
    // The file server is on loopback: allowed by address, as an operator would.
    let options = LinkOptions {
        allowed_addresses: vec!["127.0.0.1".parse().unwrap()],
        ..fetch_options(&state)
    };
    let app = router(state.clone());
    Setup {
        state,
        app,
        base,
        fetches,
        options,
        _dir: dir,
    }
}

impl Setup {
    async fn feed(&self, path: &str, direct: bool) -> OrganisationFeed {
        let url = format!("{}{path}", self.base);
        self.state
            .store
            .set_organisation_feed("boverket", Some((&url, direct)), "bo")
            .await
            .unwrap();
        self.current_feed().await
    }

    async fn current_feed(&self) -> OrganisationFeed {
        self.state
            .store
            .organisation_feeds()
            .await
            .unwrap()
            .into_iter()
            .find(|f| f.actor_id == "boverket")
            .unwrap()
    }

    async fn grant(&self, id: &str) -> Option<(serde_json::Value, i64)> {
        self.state
            .store
            .get(EntryKind::Grant, id)
            .await
            .unwrap()
            .map(|s| (s.entry.to_json(), s.version))
    }

    async fn open_proposals(&self) -> Vec<samverkan_store::Proposal> {
        self.state.store.proposals(true, 100).await.unwrap()
    }
}

#[tokio::test]
async fn a_file_becomes_proposals_once_and_a_colleague_publishes_them() {
    let s = setup().await;
    let before = s.grant(GRANT).await.unwrap();
    let feed = s.feed("/bidrag.json", false).await;
    let outcome = harvest_one(&s.state, &feed, &s.options).await.unwrap();
    assert_eq!(outcome.status, "ok", "{}", outcome.message);
    assert_eq!(outcome.proposed, 2, "{}", outcome.message);
    // Boverket's other grants are named, not removed.
    assert!(
        outcome
            .message
            .contains("finns inte i filen och lämnades som de är"),
        "{}",
        outcome.message
    );
    // Nothing is published yet.
    assert_eq!(s.grant(GRANT).await.unwrap(), before);
    assert!(s.grant("boverket-nytt-stod").await.is_none());
    let proposals = s.open_proposals().await;
    assert_eq!(proposals.len(), 2);
    assert!(
        proposals
            .iter()
            .all(|p| p.author == format!("{AUTHOR_PREFIX}boverket:bo"))
    );

    // Fetched again: a 304, and no second proposal.
    let again = harvest_one(&s.state, &s.current_feed().await, &s.options)
        .await
        .unwrap();
    assert_eq!(again.status, "unchanged", "{}", again.message);
    assert_eq!(s.fetches.load(Ordering::SeqCst), 1);
    assert_eq!(s.open_proposals().await.len(), 2);
    let recorded = s.current_feed().await;
    assert_eq!(recorded.etag.as_deref(), Some("\"v1\""));
    assert_eq!(recorded.status.as_deref(), Some("unchanged"));

    // A colleague at Boverket approves the changed grant; Skolverket's
    // editor and the service's cannot, nor "bo", who gave the file.
    add_user(&s.state.store, "bo2", samverkan_store::Role::Editor).await;
    s.state
        .store
        .add_membership("bo2", "boverket", "test")
        .await
        .unwrap();
    let change = proposals.iter().find(|p| p.entry_id == GRANT).unwrap();
    for (who, expected) in [
        ("sko", StatusCode::FORBIDDEN),
        ("redaktor", StatusCode::FORBIDDEN),
        ("bo", StatusCode::FORBIDDEN),
        ("bo2", StatusCode::SEE_OTHER),
    ] {
        let cookie = login(&s.app, who).await;
        let csrf = csrf_of(&s.app, &cookie).await;
        let answer = send(
            &s.app,
            post_form(
                &format!("/redaktion/forslag/{}", change.id),
                Some(&cookie),
                &[("action", "approve"), ("text", ""), ("csrf", &csrf)],
            ),
        )
        .await;
        assert_eq!(answer.status, expected, "{who}: {}", answer.body);
    }
    let (now, _) = s.grant(GRANT).await.unwrap();
    assert_eq!(now["description"], "Från Boverkets egen fil.");
    // A field the file leaves out keeps its value; the check is Boverket's.
    assert_eq!(now["url"], before.0["url"]);
    assert_eq!(now["verified_by"], "boverket");
    let decided = s.state.store.proposal(&change.id).await.unwrap().unwrap();
    assert_eq!(decided.status, ProposalStatus::Approved);
}

#[tokio::test]
async fn a_csv_file_with_direct_changes_is_published_at_once() {
    let s = setup().await;
    let feed = s.feed("/bidrag.csv", true).await;
    let outcome = harvest_one(&s.state, &feed, &s.options).await.unwrap();
    assert_eq!(outcome.status, "ok", "{}", outcome.message);
    assert_eq!((outcome.updated, outcome.proposed), (1, 0), "{}", outcome.message);
    let (now, _) = s.grant(GRANT).await.unwrap();
    assert_eq!(now["description"], "Ur CSV-filen.");
    let history = s.state.store.history(EntryKind::Grant, GRANT).await.unwrap();
    assert_eq!(
        history.last().unwrap().author,
        format!("{AUTHOR_PREFIX}boverket:bo")
    );
    // The public page shows it.
    let page = send(&s.app, get(&format!("/bidrag/{GRANT}"), None)).await;
    assert!(page.body.contains("Ur CSV-filen."));

    // Where an admin requires review, "direct" does not get round it.
    s.state.store.set_review("boverket", true).await.unwrap();
    let feed = s.feed("/bidrag.json", true).await;
    let outcome = harvest_one(&s.state, &feed, &s.options).await.unwrap();
    assert_eq!((outcome.updated, outcome.proposed), (0, 2), "{}", outcome.message);
    assert!(
        outcome.message.contains("Granskning krävs"),
        "{}",
        outcome.message
    );
    let (now, _) = s.grant(GRANT).await.unwrap();
    assert_eq!(now["description"], "Ur CSV-filen.");
}

#[tokio::test]
async fn a_bad_file_is_refused_with_a_clear_message_and_changes_nothing() {
    let s = setup().await;
    let before = s.grant(GRANT).await.unwrap();
    for (path, expected) in [
        ("/trasig.json", "inte giltig JSON"),
        (
            "/annans.json",
            "ges av \"skolverket\"; filen får bara innehålla bidrag som boverket ger",
        ),
        ("/ogiltig.json", "finns-inte"),
        ("/saknas.json", "servern svarade 404"),
    ] {
        for direct in [false, true] {
            let feed = s.feed(path, direct).await;
            let outcome = harvest_one(&s.state, &feed, &s.options).await.unwrap();
            assert_eq!(outcome.status, "error", "{path}: {}", outcome.message);
            assert!(outcome.message.contains(expected), "{path}: {}", outcome.message);
            let recorded = s.current_feed().await;
            assert_eq!(recorded.status.as_deref(), Some("error"));
            assert_eq!(recorded.message.as_deref(), Some(outcome.message.as_str()));
        }
    }
    assert_eq!(s.grant(GRANT).await.unwrap(), before);
    assert!(s.grant("skolverket-bidrag").await.is_none());
    assert!(s.open_proposals().await.is_empty());

    // A file given by someone who no longer edits for the organisation is not taken.
    let feed = s.feed("/bidrag.json", true).await;
    s.state.store.set_disabled("bo", true).await.unwrap();
    let outcome = harvest_one(&s.state, &feed, &s.options).await.unwrap();
    assert_eq!(outcome.status, "error");
    assert!(
        outcome.message.contains("inte längre är redaktör för boverket"),
        "{}",
        outcome.message
    );
    s.state.store.set_disabled("bo", false).await.unwrap();

    // Without the operator's leave, a private address is never asked.
    let feed = s.feed("/bidrag.json", true).await;
    let outcome = harvest_one(&s.state, &feed, &fetch_options(&s.state))
        .await
        .unwrap();
    assert_eq!(outcome.status, "error");
    assert!(
        outcome.message.contains("ingen publik adress"),
        "{}",
        outcome.message
    );
    assert_eq!(s.fetches.load(Ordering::SeqCst), 0);
    assert_eq!(s.grant(GRANT).await.unwrap(), before);
}

#[tokio::test]
async fn an_organisation_sets_only_its_own_file_in_the_editors_area() {
    let s = setup().await;
    let cookie = login(&s.app, "bo").await;
    let csrf = csrf_of(&s.app, &cookie).await;
    let page = send(&s.app, get("/redaktion/hamtning", Some(&cookie))).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"boverket\"") && !page.body.contains("id=\"skolverket\""));
    let url = format!("{}/bidrag.json", s.base);
    for (actor, url, expected) in [
        ("skolverket", url.as_str(), StatusCode::FORBIDDEN),
        (
            "boverket",
            "ftp://example.se/fil",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        ("boverket", url.as_str(), StatusCode::SEE_OTHER),
    ] {
        let answer = send(
            &s.app,
            post_form(
                "/redaktion/hamtning",
                Some(&cookie),
                &[("action", "set"), ("actor", actor), ("url", url), ("csrf", &csrf)],
            ),
        )
        .await;
        assert_eq!(answer.status, expected, "{actor} {url}: {}", answer.body);
    }
    let feeds = s.state.store.organisation_feeds().await.unwrap();
    assert_eq!(feeds.len(), 1);
    assert_eq!(
        (feeds[0].actor_id.as_str(), feeds[0].url.as_str(), feeds[0].direct),
        ("boverket", url.as_str(), false)
    );
    // "Hämta nu" takes the address typed in the field, saving it first.
    let other = format!("{}/bidrag.csv", s.base);
    let run = send(
        &s.app,
        post_form(
            "/redaktion/hamtning",
            Some(&cookie),
            &[
                ("action", "run"),
                ("actor", "boverket"),
                ("url", &other),
                ("csrf", &csrf),
            ],
        ),
    )
    .await;
    assert_eq!(run.status, StatusCode::SEE_OTHER, "{}", run.body);
    let feeds = s.state.store.organisation_feeds().await.unwrap();
    assert_eq!(feeds[0].url, other);
    // Loopback is refused here (the page's harvest has no leave for it), and said so.
    assert!(
        feeds[0].message.as_deref().unwrap_or("").contains(&other),
        "{:?}",
        feeds[0].message
    );
    let page = send(&s.app, get("/redaktion/hamtning", Some(&cookie))).await;
    assert!(page.body.contains("filen togs inte in"), "{}", page.body);
    let url = other;
    assert_eq!(
        (feeds[0].actor_id.as_str(), feeds[0].url.as_str(), feeds[0].direct),
        ("boverket", url.as_str(), false)
    );
}
