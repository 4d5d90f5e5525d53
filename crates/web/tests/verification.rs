//! The verification cycle (issue 16): an organisation's editor marks an
//! entry as checked; the public page, the API, the CSV files and the change
//! feed say when, by which organisation and by when it is due again; the
//! check cannot be claimed for another organisation; the dashboard lists
//! what the account keeps that falls due; and the editors who keep an entry
//! get one reminder e-mail before it does.

mod common;

use std::time::Duration;

use axum::http::{Method, StatusCode};
use common::http::*;
use jiff::civil::Date;
use samverkan_domain::time::{today_in_sweden, verify_by};
use samverkan_domain::{Entry, EntryKind};
use samverkan_store::{Change, Expect};
use samverkan_web::alerts::send::{Sender, Transport};
use samverkan_web::alerts::verify::plan_verify_reminders;

/// Boverket's grant ("31 augusti" every year), and a grant of Skolverket's.
const GRANT: &str = "boverket-samlingslokaler";

use common::OrgApp as Setup;

async fn setup() -> Setup {
    Setup::new().await
}

impl Setup {
    async fn stored(&self, kind: EntryKind, id: &str) -> (Entry, i64) {
        let s = self.state.store.get(kind, id).await.unwrap().unwrap();
        (s.entry, s.version)
    }

    /// Sets an entry's check date directly in the store, as an import would.
    async fn checked_on(&self, kind: EntryKind, id: &str, on: Date) {
        let (entry, _) = self.stored(kind, id).await;
        let change = Change {
            author: "test",
            comment: "",
        };
        self.state
            .store
            .put(entry.verified_on(on, None), Expect::Any, &change)
            .await
            .unwrap();
        self.state.reload_after_write().await;
    }

    async fn skolverket_grant(&self) -> String {
        let catalog = self.state.catalog();
        catalog
            .grants()
            .find(|g| g.provider.as_str() == "skolverket")
            .unwrap()
            .id
            .to_string()
    }
}

fn days(from: Date, n: i64) -> Date {
    from.checked_add(jiff::Span::new().days(n)).unwrap()
}

#[tokio::test]
async fn a_check_by_an_organisation_is_shown_everywhere_with_when_it_is_due_again() {
    let s = setup().await;
    let today = today_in_sweden();
    let cookie = login(&s.app, "bo").await;
    let csrf = csrf_of(&s.app, &cookie).await;
    let (_, version) = s.stored(EntryKind::Grant, GRANT).await;
    let marked = send(
        &s.app,
        post_form(
            &format!("/redaktion/bidrag/{GRANT}/kontrollerad"),
            Some(&cookie),
            &[("version", &version.to_string()), ("csrf", &csrf)],
        ),
    )
    .await;
    assert_eq!(marked.status, StatusCode::SEE_OTHER, "{}", marked.body);
    let rule = samverkan_domain::deadline::DeadlineRule::parse("31 augusti").unwrap();
    let due = verify_by(today, Some(&rule), 365);
    assert!(due < days(today, 365), "a yearly deadline comes first: {due}");

    // The public page: who checked it and when, and when it is due again.
    let page = send(&s.app, get(&format!("/bidrag/{GRANT}"), None)).await;
    assert!(
        page.body.contains(&format!(
            "Kontrollerad <time datetime=\"{today}\">{}</time> av <a href=\"/aktorer/boverket\">Boverket</a>. Nästa kontroll senast <time datetime=\"{due}\">",
            samverkan_domain::deadline::swedish_date(today)
        )),
        "{}",
        page.body
    );
    assert!(!page.body.contains("kan vara inaktuella"));
    // In English too.
    let en = send(&s.app, get(&format!("/en/grants/{GRANT}"), None)).await;
    assert!(
        en.body.contains("Checked <time") && en.body.contains("Next check due by"),
        "{}",
        en.body
    );

    // Another organisation's grant, last checked in 2021: overdue, and said so.
    let other = s.skolverket_grant().await;
    let page = send(&s.app, get(&format!("/bidrag/{other}"), None)).await;
    assert!(
        page.body.contains("Nästa kontroll skulle ha gjorts senast")
            && page.body.contains("kan vara inaktuella"),
        "{}",
        page.body
    );
    assert!(
        !page
            .body
            .contains("Kontrollerad <time datetime=\"2021-12-22\">22 december 2021</time> av")
    );

    // The API.
    let api_answer = api(
        &s.app,
        Method::GET,
        &format!("/api/v1/grants/{GRANT}"),
        None,
        None,
    )
    .await;
    let json: serde_json::Value = serde_json::from_str(&api_answer.body).unwrap();
    assert_eq!(json["verified"], today.to_string());
    assert_eq!(json["verified_by"], "boverket");
    assert_eq!(json["verify_by"], due.to_string());
    assert_eq!(json["stale"], false);
    let api_answer = api(
        &s.app,
        Method::GET,
        &format!("/api/v1/grants/{other}"),
        None,
        None,
    )
    .await;
    let json: serde_json::Value = serde_json::from_str(&api_answer.body).unwrap();
    assert_eq!(json["verified_by"], serde_json::Value::Null);
    assert_eq!(json["stale"], true);
    assert!(json["verify_by"].as_str().unwrap() <= "2022-12-22", "{json}");

    // The CSV file: two new columns after `verified`.
    let csv = send(&s.app, get("/data/bidrag.csv", None)).await.body;
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with("\"verified\",\"verified_by\",\"verify_by\""),
        "{header}"
    );
    let row = csv
        .lines()
        .find(|l| l.starts_with(&format!("\"{GRANT}\"")))
        .unwrap();
    assert!(
        row.ends_with(&format!("\"{today}\",\"boverket\",\"{due}\"")),
        "{row}"
    );

    // The change feed carries the check of each changed entry.
    let feed = send(&s.app, get("/andringar.atom", None)).await.body;
    assert!(
        feed.contains("xmlns:samverkan=\"urn:samverkan:verification:1\""),
        "{feed}"
    );
    assert!(
        feed.contains("<samverkan:verified_by>boverket</samverkan:verified_by>")
            && feed.contains(&format!("<samverkan:verify_by>{due}</samverkan:verify_by>")),
        "{feed}"
    );
}

#[tokio::test]
async fn a_check_cannot_be_claimed_for_another_organisation() {
    let s = setup().await;
    let (bo, _) = token_for(&s.state.store, "bo").await;
    let (redaktor, _) = token_for(&s.state.store, "redaktor").await;
    let put = |token: String, entry: serde_json::Value, version: i64| {
        let app = s.app.clone();
        async move {
            let body = serde_json::json!({"version": version, "entry": entry}).to_string();
            api(
                &app,
                Method::PUT,
                &format!("/api/v1/grants/{GRANT}"),
                Some(&token),
                Some(body),
            )
            .await
        }
    };
    // The same date with another organisation's name: the name is not taken.
    let (entry, version) = s.stored(EntryKind::Grant, GRANT).await;
    let mut json = entry.to_json();
    json["verified_by"] = "skolverket".into();
    json["description"] = "Ändrad beskrivning.".into();
    let answer = put(bo.clone(), json.clone(), version).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let (entry, version) = s.stored(EntryKind::Grant, GRANT).await;
    assert_eq!(
        entry.verification().unwrap().1,
        None,
        "unchanged check, unchanged checker"
    );
    // A new date is the editor's own organisation's check, whatever the body says.
    json["verified"] = "2026-12-01".into();
    let answer = put(bo, json.clone(), version).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let (entry, version) = s.stored(EntryKind::Grant, GRANT).await;
    assert_eq!(
        entry.verification().unwrap().1.map(|b| b.as_str()),
        Some("boverket")
    );
    // The service's editor's check is the service's.
    json["verified"] = "2026-12-02".into();
    let answer = put(redaktor, json, version).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let (entry, _) = s.stored(EntryKind::Grant, GRANT).await;
    assert_eq!(entry.verification().unwrap().1, None);
}

#[tokio::test]
async fn the_dashboard_lists_what_the_organisation_keeps_that_falls_due() {
    let s = setup().await;
    let other = s.skolverket_grant().await;
    let cookie = login(&s.app, "bo").await;
    let page = send(&s.app, get("/redaktion", Some(&cookie))).await;
    assert_eq!(page.status, StatusCode::OK);
    let due = &page.body[page.body.find("id=\"stale\"").expect("the list")..];
    let due = &due[..due.find("<h2").unwrap_or(due.len())];
    assert!(due.contains("Att kontrollera"), "{due}");
    assert!(due.contains(&format!("/redaktion/bidrag/{GRANT}\"")), "{due}");
    assert!(due.contains("försenad: skulle ha kontrollerats senast"), "{due}");
    assert!(!due.contains(&other), "{due}");
    // Once checked, it leaves the list.
    let csrf = page.csrf();
    let (_, version) = s.stored(EntryKind::Grant, GRANT).await;
    send(
        &s.app,
        post_form(
            &format!("/redaktion/bidrag/{GRANT}/kontrollerad"),
            Some(&cookie),
            &[("version", &version.to_string()), ("csrf", &csrf)],
        ),
    )
    .await;
    let page = send(&s.app, get("/redaktion", Some(&cookie))).await;
    let due = &page.body[page.body.find("id=\"stale\"").unwrap()..];
    let due = &due[..due.find("<h2").unwrap_or(due.len())];
    assert!(!due.contains(&format!("/redaktion/bidrag/{GRANT}\"")), "{due}");
}

#[tokio::test]
async fn the_editors_who_keep_an_entry_are_reminded_once_before_it_falls_due() {
    let s = setup().await;
    let today = today_in_sweden();
    let store = &s.state.store;
    store.set_email("bo", Some("bo@boverket.example")).await.unwrap();
    store
        .set_email("redaktor", Some("red@samverkan.example"))
        .await
        .unwrap();
    // "sko" has no address: nothing is sent to it.
    // Boverket's own entry falls due in 5 days; an actor no organisation
    // keeps in 7; Skolverket's in 3; one beyond the window in 30.
    let service_actor = s
        .state
        .catalog()
        .actors()
        .iter()
        .find(|a| !["boverket", "skolverket"].contains(&a.id.as_str()))
        .unwrap()
        .id
        .to_string();
    let far_actor = s
        .state
        .catalog()
        .actors()
        .iter()
        .filter(|a| !["boverket", "skolverket"].contains(&a.id.as_str()))
        .nth(1)
        .unwrap()
        .id
        .to_string();
    s.checked_on(EntryKind::Actor, "boverket", days(today, -360))
        .await;
    s.checked_on(EntryKind::Actor, &service_actor, days(today, -358))
        .await;
    s.checked_on(EntryKind::Actor, "skolverket", days(today, -362))
        .await;
    s.checked_on(EntryKind::Actor, &far_actor, days(today, -335))
        .await;

    assert_eq!(plan_verify_reminders(&s.state, today).await.unwrap(), 2);
    // Planned once: a second round (another instance, a restart) adds nothing.
    assert_eq!(plan_verify_reminders(&s.state, today).await.unwrap(), 0);

    let mail = tempfile::tempdir().unwrap();
    let sender = Sender {
        transport: Transport::Files(mail.path().to_path_buf()),
        from: "samverkan@localhost".parse().unwrap(),
        lease: Duration::from_secs(60),
        retry: Duration::from_secs(60),
        poll: Duration::from_secs(10),
    };
    assert_eq!(sender.send_due(store).await.unwrap().sent, 2);
    let mut messages: Vec<String> = std::fs::read_dir(mail.path())
        .unwrap()
        .map(|f| {
            std::fs::read_to_string(f.unwrap().path())
                .unwrap()
                .replace("=\r\n", "")
        })
        .collect();
    messages.sort_by_key(|m| m.contains("To: red@"));
    let (bo, red) = (&messages[0], &messages[1]);
    assert!(bo.contains("To: bo@boverket.example"), "{bo}");
    assert!(bo.contains("/redaktion/aktorer/boverket"), "{bo}");
    assert!(
        !bo.contains(&format!("/redaktion/aktorer/{service_actor}")),
        "{bo}"
    );
    assert!(!bo.contains("/redaktion/aktorer/skolverket"), "{bo}");
    assert!(red.contains("To: red@samverkan.example"), "{red}");
    assert!(
        red.contains(&format!("/redaktion/aktorer/{service_actor}")),
        "{red}"
    );
    assert!(
        !red.contains("/redaktion/aktorer/boverket")
            && !red.contains(&format!("/redaktion/aktorer/{far_actor}")),
        "Boverket's own editors keep its entry; the far one is not due: {red}"
    );

    // The next day names nothing already named; a disabled account gets nothing.
    assert_eq!(plan_verify_reminders(&s.state, days(today, 1)).await.unwrap(), 0);
    store.set_disabled("bo", true).await.unwrap();
    s.checked_on(EntryKind::Actor, "boverket", days(today, -355))
        .await;
    assert_eq!(plan_verify_reminders(&s.state, days(today, 1)).await.unwrap(), 0);
}
