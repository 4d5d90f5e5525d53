//! E-mail alerts through the real router and the real outbox, with messages
//! written as `.eml` files and read back: subscribing, confirming,
//! reminders and digests with the right grants and dates, leaving by RFC
//! 8058's one-click POST, and what an attacker or a careless form can do.
//! (The same journey over real SMTP, in Chromium, is in
//! `e2e/test_alerts.py`.)

mod common;

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::http::*;
use jiff::Timestamp;
use jiff::civil::Date;
use samverkan_web::alerts::plan::plan;
use samverkan_web::alerts::send::{Sender, Transport};
use samverkan_web::{AppState, router};

const GRANT: &str = "boverket-samlingslokaler";

struct Setup {
    state: AppState,
    app: Router,
    mail: tempfile::TempDir,
    _dir: tempfile::TempDir,
}

async fn setup() -> Setup {
    let (state, dir) = common::seeded_state().await;
    add_user(&state.store, "redaktor", samverkan_store::Role::Editor).await;
    let app = router(state.clone());
    Setup {
        state,
        app,
        mail: tempfile::tempdir().unwrap(),
        _dir: dir,
    }
}

impl Setup {
    /// Sends what is due into the mail directory; the messages written, as
    /// (file name, text), oldest first.
    async fn deliver(&self) -> Vec<(String, String)> {
        let sender = Sender {
            transport: Transport::Files(self.mail.path().to_path_buf()),
            from: "samverkan@localhost".parse().unwrap(),
            lease: Duration::from_secs(60),
            retry: Duration::from_secs(60),
            poll: Duration::from_secs(10),
        };
        let before = self.files().len();
        sender.send_due(&self.state.store).await.unwrap();
        self.files().split_off(before)
    }

    fn files(&self) -> Vec<(String, String)> {
        let mut names: Vec<String> = std::fs::read_dir(self.mail.path())
            .map(|d| {
                d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".eml"))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
            .into_iter()
            .map(|n| {
                let text = std::fs::read_to_string(self.mail.path().join(&n)).unwrap();
                (n, text)
            })
            .collect()
    }

    async fn plan_on(&self, day: &str) -> u64 {
        let on: Date = day.parse().unwrap();
        let noon = on
            .at(12, 0, 0, 0)
            .to_zoned(samverkan_domain::time::sweden())
            .unwrap()
            .timestamp();
        plan(&self.state, noon, on).await.unwrap().messages
    }

    /// Subscribes, follows the confirmation message's link and confirms.
    async fn subscribe_and_confirm(&self, fields: &[(&str, &str)]) {
        let sent = send(&self.app, post_form("/bevaka", None, fields)).await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
        let mail = self.deliver().await;
        assert_eq!(mail.len(), 1, "one confirmation message");
        // The link is in the language chosen for the messages.
        let text = decoded(&mail[0].1);
        let marker = if text.contains("/en/alerts/confirm?t=") {
            "/en/alerts/confirm?t="
        } else {
            "/bevaka/bekrafta?t="
        };
        let link = link_in(&text, marker);
        let page = send(&self.app, get(&link, None)).await;
        assert_eq!(page.status, StatusCode::OK);
        let token = hidden(&page.body, "t").unwrap();
        let path = &marker[..marker.len() - 3];
        let done = send(&self.app, post_form(path, None, &[("t", &token)])).await;
        assert_eq!(done.status, StatusCode::OK);
        assert!(
            done.body.contains("Bevakningen är startad") || done.body.contains("Your alerts have started"),
            "{}",
            done.body
        );
    }
}

/// A message with its quoted-printable parts decoded (soft line breaks
/// joined, `=XX` turned back into bytes), for reading in assertions.
fn decoded(message: &str) -> String {
    let joined = message.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The path and query of the first link in `text` containing `marker`.
fn link_in(text: &str, marker: &str) -> String {
    let start = text
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in:\n{text}"));
    let end = text[start..]
        .find(|c: char| c.is_whitespace() || c == '"' || c == '>')
        .map_or(text.len(), |e| start + e);
    text[start..end].replace("&#38;", "&")
}

fn header_of<'a>(message: &'a str, name: &str) -> Option<&'a str> {
    let head = &message[..message.find("\r\n\r\n").unwrap_or(message.len())];
    head.split("\r\n")
        .find_map(|l| l.strip_prefix(&format!("{name}: ")))
}

#[tokio::test]
async fn an_association_subscribes_to_a_grant_confirms_and_is_reminded_of_its_deadline() {
    let s = setup().await;
    // The grant's page offers alerts; the form says what is followed.
    let grant_page = send(&s.app, get(&format!("/bidrag/{GRANT}"), None)).await;
    let form_href = link_in(&grant_page.body, "/bevaka?grant=");
    let form = send(&s.app, get(&form_href, None)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains("Stöd till allmänna samlingslokaler"),
        "{}",
        form.body
    );
    assert_eq!(
        form.headers.get(header::CACHE_CONTROL).unwrap(),
        "no-store",
        "alert pages are private"
    );
    let filter = hidden(&form.body, "filter").unwrap().replace("&#61;", "=");
    s.subscribe_and_confirm(&[
        ("filter", &filter),
        ("email", "forening@example.se"),
        ("digest", "none"),
        ("reminder", "14"),
        ("reminder", "3"),
        ("lang", "sv"),
    ])
    .await;

    // Nothing is due before the 14-day mark; on it, one reminder.
    assert_eq!(s.plan_on("2027-08-16").await, 0);
    assert_eq!(s.plan_on("2027-08-17").await, 1);
    assert_eq!(s.plan_on("2027-08-17").await, 0, "planning twice adds nothing");
    let mail = s.deliver().await;
    assert_eq!(mail.len(), 1);
    assert!(mail[0].0.ends_with("-reminder.eml"));
    let text = decoded(&mail[0].1);
    for expected in [
        "Stöd till allmänna samlingslokaler med ungdomsverksamhet.",
        "Boverket",
        "31 augusti 2027",
        "om 14 dagar",
        "beräknat: samma dag som tidigare år",
        "http://localhost/bidrag/boverket-samlingslokaler/kalender.ics",
        "http://localhost/bidrag/boverket-samlingslokaler",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    assert_eq!(header_of(&mail[0].1, "To"), Some("forening@example.se"));
    assert_eq!(
        header_of(&mail[0].1, "List-Unsubscribe-Post"),
        Some("List-Unsubscribe=One-Click")
    );
    assert!(header_of(&mail[0].1, "Message-ID").is_some_and(|id| id.ends_with("@localhost>")));
    assert!(header_of(&mail[0].1, "Date").is_some());
    let unsubscribe = header_of(&mail[0].1, "List-Unsubscribe").unwrap();
    let unsubscribe = unsubscribe
        .trim_start_matches("<http://localhost")
        .trim_end_matches('>');

    // Down for a week: the 3-day reminder comes when planning resumes, once.
    assert_eq!(s.plan_on("2027-08-30").await, 1);
    assert!(decoded(&s.deliver().await[0].1).contains("i morgon"));

    // A mail program leaves by one-click POST: no cookie, no origin, the
    // token in the URL.
    let one_click = Request::post(unsubscribe)
        .header(header::HOST, "localhost")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("List-Unsubscribe=One-Click"))
        .unwrap();
    let left = send(&s.app, one_click).await;
    assert_eq!(left.status, StatusCode::OK, "{}", left.body);
    assert!(
        s.state
            .store
            .subscriptions_of("forening@example.se")
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        s.state
            .store
            .messages_to("forening@example.se")
            .await
            .unwrap()
            .is_empty()
    );
    // Nothing more is planned, and leaving again is no error.
    assert_eq!(s.plan_on("2027-08-31").await, 0);
    let again = Request::post(unsubscribe)
        .header(header::HOST, "localhost")
        .body(Body::from("List-Unsubscribe=One-Click"))
        .unwrap();
    assert_eq!(send(&s.app, again).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_weekly_digest_lists_the_grants_changed_since_the_last_one() {
    let s = setup().await;
    s.subscribe_and_confirm(&[
        ("filter", "provider=boverket"),
        ("email", "kommun@example.se"),
        ("digest", "weekly"),
        ("lang", "en"),
    ])
    .await;
    // The first week: nothing changed, nothing sent.
    assert_eq!(s.plan_on("2027-03-01").await, 0);
    // An editor changes one of Boverket's grants and one of another provider's.
    let (token, _) = token_for(&s.state.store, "redaktor").await;
    let catalog = s.state.catalog();
    for id in [GRANT, "bra-utvardering"] {
        let mut grant = catalog.grant(id).unwrap().clone();
        grant.description = Some("Ny beskrivning.".into());
        let saved = put_grant(&s.app, &token, &grant, 1).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    }
    // Still the same week: nothing. The next week: one digest, with
    // Boverket's grant only, in English.
    assert_eq!(s.plan_on("2027-03-05").await, 0);
    assert_eq!(s.plan_on("2027-03-08").await, 1);
    let mail = s.deliver().await;
    let text = decoded(&mail[0].1);
    assert!(mail[0].0.ends_with("-digest.eml"));
    assert!(text.contains("Stöd till allmänna samlingslokaler"), "{text}");
    assert!(!text.contains("utvärdering"), "another provider's grant: {text}");
    assert!(text.contains("Changed") && text.contains("week 10"), "{text}");
    assert!(
        text.contains("http://localhost/en/grants/boverket-samlingslokaler"),
        "{text}"
    );
    assert!(text.contains(r#"<html lang="en">"#), "{text}");
    // The week after, with nothing new: nothing.
    assert_eq!(s.plan_on("2027-03-15").await, 0);
}

#[tokio::test]
async fn the_form_answers_alike_whoever_the_address_is_and_limits_what_it_sends() {
    let s = setup().await;
    let ask = |email: &'static str| {
        post_form(
            "/bevaka",
            None,
            &[("filter", "area=boende"), ("email", email), ("reminder", "14")],
        )
    };
    let first = send(&s.app, ask("anna@example.se")).await;
    // The same mailbox written otherwise is the same address.
    for written in ["Anna@Example.SE", "ANNA@example.se", "anna@example.se"] {
        let again = send(&s.app, ask(written)).await;
        assert_eq!((again.status, &again.body), (first.status, &first.body));
    }
    let other = send(&s.app, ask("bo@example.se")).await;
    assert_eq!((other.status, &other.body), (first.status, &first.body));
    // Three confirmations a day to one address, then nothing.
    let mail = s.deliver().await;
    let to_anna = mail
        .iter()
        .filter(|(_, m)| m.contains("To: anna@example.se"))
        .count();
    let heads: Vec<&str> = mail
        .iter()
        .map(|(_, m)| &m[..m.find("Subject").unwrap_or(0)])
        .collect();
    assert_eq!(to_anna, 3, "{heads:?}");
    assert_eq!(mail.len(), 4);
    // Unconfirmed subscriptions get nothing but that message.
    assert_eq!(s.plan_on("2027-03-18").await, 0);
}

#[tokio::test]
async fn bad_input_is_refused_saying_what_was_wrong_and_stores_nothing() {
    let s = setup().await;
    let cases: [(&[(&str, &str)], &str); 6] = [
        (
            &[("filter", "area=boende"), ("reminder", "14")],
            "Skriv din e-postadress",
        ),
        (
            &[("filter", "area=boende"), ("email", "anna"), ("reminder", "14")],
            "namn@exempel.se",
        ),
        (
            &[
                ("filter", "area=boende"),
                ("email", "a@b.se\r\nBcc: c@d.se"),
                ("reminder", "14"),
            ],
            "namn@exempel.se",
        ),
        (
            &[
                ("filter", "area=boende"),
                ("email", "Anna <a@b.se>, c@d.se"),
                ("reminder", "14"),
            ],
            "namn@exempel.se",
        ),
        (
            &[("filter", "area=boende"), ("email", "a@b.se"), ("digest", "none")],
            "Välj sammanställningar, påminnelser eller båda",
        ),
        (
            &[
                ("filter", "area=boende"),
                ("email", "a@b.se"),
                ("reminder", "999"),
            ],
            "Välj sammanställningar, påminnelser eller båda",
        ),
    ];
    for (fields, message) in cases {
        let answer = send(&s.app, post_form("/bevaka", None, fields)).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{fields:?}");
        assert!(answer.body.contains(message), "{fields:?}: {}", answer.body);
        assert!(answer.body.contains("error-summary"), "{fields:?}");
    }
    // A filter naming what the catalogue does not have.
    for path in [
        "/bevaka?area=finns-inte",
        "/bevaka?grant=finns-inte",
        "/en/alerts?within_days=x",
    ] {
        assert_eq!(
            send(&s.app, get(path, None)).await.status,
            StatusCode::BAD_REQUEST,
            "{path}"
        );
    }
    let unknown = post_form(
        "/bevaka",
        None,
        &[
            ("filter", "area=finns-inte"),
            ("email", "a@b.se"),
            ("reminder", "3"),
        ],
    );
    assert_eq!(send(&s.app, unknown).await.status, StatusCode::BAD_REQUEST);
    // A form posted from another site.
    let forged = post_pairs(
        "/bevaka",
        None,
        &[("filter", "area=boende"), ("email", "a@b.se"), ("reminder", "3")],
        Some("https://evil.example"),
    );
    assert_eq!(send(&s.app, forged).await.status, StatusCode::FORBIDDEN);
    assert_eq!(s.state.store.alert_counts().await.unwrap().unconfirmed, 0);
    assert!(s.deliver().await.is_empty());
}

#[tokio::test]
async fn links_cannot_be_forged_reused_or_turned_on_another_address() {
    let s = setup().await;
    s.subscribe_and_confirm(&[
        ("filter", "area=boende"),
        ("email", "anna@example.se"),
        ("reminder", "3"),
    ])
    .await;
    s.subscribe_and_confirm(&[
        ("filter", "area=arbete"),
        ("email", "bo@example.se"),
        ("reminder", "3"),
    ])
    .await;
    let anna = &s.state.store.subscriptions_of("anna@example.se").await.unwrap()[0];
    let bo = &s.state.store.subscriptions_of("bo@example.se").await.unwrap()[0];
    let signer = s.state.alerts.signer(&s.state.store).await.unwrap().clone();
    use samverkan_web::alerts::token::Purpose;
    let manage = signer.token(Purpose::Manage, &anna.id, Timestamp::now());
    // The management page shows Anna's subscriptions and messages only.
    let page = send(&s.app, get(&format!("/bevaka/hantera?t={manage}"), None)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("anna@example.se") && !page.body.contains("bo@example.se"));
    assert!(
        page.body.contains("Bekräfta din bevakning"),
        "the messages sent are listed"
    );
    // Anna's token cannot end Bo's subscription.
    let theirs = post_form(
        &format!("/bevaka/hantera?t={manage}"),
        None,
        &[("action", "leave"), ("id", &bo.id)],
    );
    assert_eq!(send(&s.app, theirs).await.status, StatusCode::BAD_REQUEST);
    assert!(s.state.store.subscription(&bo.id).await.unwrap().is_some());
    // Forged, mistyped, or of another purpose: the link does not work.
    let forged = manage.replacen(&anna.id, &bo.id, 1);
    let leave = signer.token(Purpose::Unsubscribe, &anna.id, Timestamp::now());
    for path in [
        format!("/bevaka/hantera?t={forged}"),
        "/bevaka/hantera?t=".to_string(),
        format!("/bevaka/hantera?t={leave}"),
        format!("/bevaka/avsluta?t={manage}"),
        "/bevaka/bekrafta?t=gissat".to_string(),
    ] {
        let answer = send(&s.app, get(&path, None)).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
        assert!(answer.body.contains("Länken gäller inte längre"), "{path}");
    }
    let unsubscribe = send(
        &s.app,
        post_form(&format!("/bevaka/avsluta?t={manage}"), None, &[]),
    )
    .await;
    assert_eq!(unsubscribe.status, StatusCode::NOT_FOUND);
    assert!(s.state.store.subscription(&anna.id).await.unwrap().is_some());
    // Deleting everything leaves nothing of Anna, and Bo as he was.
    let forget = post_form(
        &format!("/bevaka/hantera?t={manage}"),
        None,
        &[("action", "forget")],
    );
    let done = send(&s.app, forget).await;
    assert_eq!(done.status, StatusCode::OK);
    assert!(done.body.contains("Allt är raderat"));
    assert!(
        s.state
            .store
            .subscriptions_of("anna@example.se")
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        s.state
            .store
            .messages_to("anna@example.se")
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        s.state
            .store
            .subscriptions_of("bo@example.se")
            .await
            .unwrap()
            .len(),
        1
    );
    // And the management link no longer works.
    let gone = send(&s.app, get(&format!("/bevaka/hantera?t={manage}"), None)).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_lost_management_link_is_sent_again_only_to_an_address_with_alerts() {
    let s = setup().await;
    s.subscribe_and_confirm(&[
        ("filter", "area=boende"),
        ("email", "anna@example.se"),
        ("reminder", "3"),
    ])
    .await;
    let known = send(
        &s.app,
        post_form("/en/alerts/mine", None, &[("email", "anna@example.se")]),
    )
    .await;
    let unknown = send(
        &s.app,
        post_form("/en/alerts/mine", None, &[("email", "nobody@example.se")]),
    )
    .await;
    assert_eq!((known.status, &known.body), (unknown.status, &unknown.body));
    let mail = s.deliver().await;
    assert_eq!(mail.len(), 1);
    assert!(mail[0].0.ends_with("-manage.eml"));
    let text = decoded(&mail[0].1);
    assert!(text.contains("To: anna@example.se"));
    let link = link_in(&text, "/en/alerts/manage?t=");
    assert_eq!(send(&s.app, get(&link, None)).await.status, StatusCode::OK);
    let bad = send(
        &s.app,
        post_form("/bevaka/mina", None, &[("email", "inte en adress")]),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn one_client_may_start_ten_alerts_an_hour() {
    let s = setup().await;
    for n in 0..10 {
        let email = format!("p{n}@example.se");
        let answer = send(
            &s.app,
            post_form(
                "/bevaka",
                None,
                &[("filter", ""), ("email", &email), ("reminder", "3")],
            ),
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK, "{n}");
    }
    let eleventh = send(
        &s.app,
        post_form(
            "/bevaka",
            None,
            &[("filter", ""), ("email", "p10@example.se"), ("reminder", "3")],
        ),
    )
    .await;
    assert_eq!(eleventh.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(s.state.store.alert_counts().await.unwrap().unconfirmed, 10);
}

#[tokio::test]
async fn a_hostile_title_is_escaped_in_the_messages_html() {
    let s = setup().await;
    s.subscribe_and_confirm(&[
        ("filter", &format!("grant={GRANT}")),
        ("email", "anna@example.se"),
        ("reminder", "14"),
    ])
    .await;
    let (token, _) = token_for(&s.state.store, "redaktor").await;
    let mut grant = s.state.catalog().grant(GRANT).unwrap().clone();
    grant.title = "<script>alert(1)</script> & \"citat\"".into();
    assert_eq!(put_grant(&s.app, &token, &grant, 1).await.status, StatusCode::OK);
    assert_eq!(s.plan_on("2027-08-17").await, 1);
    let text = decoded(&s.deliver().await[0].1);
    let html = &text[text.find("<!doctype html>").unwrap()..];
    assert!(!html.contains("<script>"), "{html}");
    assert!(
        html.contains("&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;citat&#34;"),
        "{html}"
    );
}

#[tokio::test]
async fn the_confirmation_repeats_none_of_the_words_a_stranger_typed() {
    let s = setup().await;
    let sent = send(
        &s.app,
        post_form(
            "/bevaka",
            None,
            &[
                ("filter", "q=Ring 0701234567 eller se example.net&area=boende"),
                ("email", "anna@example.se"),
                ("reminder", "3"),
            ],
        ),
    )
    .await;
    assert_eq!(sent.status, StatusCode::OK);
    let text = decoded(&s.deliver().await[0].1);
    assert!(
        !text.contains("0701234567") && !text.contains("example.net"),
        "{text}"
    );
    assert!(
        text.contains("Ett sökord") && text.contains("Område: Boende"),
        "{text}"
    );
}

#[tokio::test]
async fn leaving_one_of_two_alerts_from_the_management_page_leads_back_to_the_other() {
    let s = setup().await;
    for area in ["boende", "arbete"] {
        s.subscribe_and_confirm(&[
            ("filter", &format!("area={area}")),
            ("email", "anna@example.se"),
            ("reminder", "3"),
        ])
        .await;
    }
    let subs = s.state.store.subscriptions_of("anna@example.se").await.unwrap();
    let signer = s.state.alerts.signer(&s.state.store).await.unwrap().clone();
    use samverkan_web::alerts::token::Purpose;
    let manage = signer.token(Purpose::Manage, &subs[0].id, Timestamp::now());
    // Leave the very subscription the link names.
    let left = send(
        &s.app,
        post_form(
            &format!("/bevaka/hantera?t={manage}"),
            None,
            &[("action", "leave"), ("id", &subs[0].id)],
        ),
    )
    .await;
    assert_eq!(left.status, StatusCode::OK);
    let back = link_in(&left.body, "/bevaka/hantera?t=");
    let page = send(&s.app, get(&back, None)).await;
    assert_eq!(page.status, StatusCode::OK, "the way back still works");
    assert!(
        page.body.contains("Område: Arbete") && !page.body.contains("Område: Boende"),
        "{}",
        page.body
    );
}
