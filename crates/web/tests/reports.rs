//! "Rapportera fel" (issue 16): a member of the public reports an error on
//! an entry's page; it lands in the queue of the organisation that keeps the
//! entry (and no other's); an editor of that organisation answers it; the
//! answer goes to the reporter through the outbox and the address is
//! deleted. Spam is kept out without a CAPTCHA, and bad input is refused
//! saying what was wrong.

mod common;

use std::time::Duration;

use axum::http::{StatusCode, header};
use common::http::*;
use jiff::Timestamp;
use samverkan_web::alerts::send::{Sender, Transport};
use samverkan_web::router;

const GRANT: &str = "boverket-samlingslokaler";

use common::OrgApp as Setup;

async fn setup() -> Setup {
    Setup::new().await
}

impl Setup {
    /// A stamp as the form hands it out, `ago` seconds ago.
    async fn stamp(&self, ago: i64) -> String {
        let signer = self.state.alerts.signer(&self.state.store).await.unwrap();
        signer.stamp(
            Timestamp::now()
                .checked_sub(jiff::SignedDuration::from_secs(ago))
                .unwrap(),
        )
    }

    async fn report(&self, fields: &[(&str, &str)]) -> Answer {
        send(&self.app, post_form("/rapportera", None, fields)).await
    }

    async fn open_reports(&self) -> Vec<samverkan_store::Report> {
        self.state.store.reports(true, 100).await.unwrap()
    }
}

#[tokio::test]
async fn a_reported_error_reaches_the_right_organisation_which_answers_it() {
    let s = setup().await;
    // The grant's page links to the form; the form says what it is about.
    let page = send(&s.app, get(&format!("/bidrag/{GRANT}"), None)).await;
    let start = page.body.find("/rapportera?").expect("a report link");
    let end = start + page.body[start..].find('"').unwrap();
    let form_href = page.body[start..end].replace("&#38;", "&");
    let form = send(&s.app, get(&form_href, None)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains("Stöd till allmänna samlingslokaler"),
        "{}",
        form.body
    );
    assert_eq!(form.headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
    assert!(hidden(&form.body, "stamp").is_some());

    let stamp = s.stamp(20).await;
    let sent = s
        .report(&[
            ("kind", "grant"),
            ("id", GRANT),
            ("stamp", &stamp),
            ("f_extra", ""),
            (
                "what",
                "Sista ansökningsdag är 15 september i år, inte 31 augusti.",
            ),
            ("source", "https://www.boverket.se/sv/bidrag/samlingslokaler/"),
            ("email", "Forening@Example.se"),
        ])
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    assert!(sent.body.contains("Tack för din rapport") && sent.body.contains("Du får svar via e-post"));
    let open = s.open_reports().await;
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].owner.as_deref(), Some("boverket"));
    assert_eq!(open[0].email.as_deref(), Some("forening@example.se"));

    // Boverket's editor sees it; Skolverket's does not, and cannot open or close it.
    let bo = login(&s.app, "bo").await;
    let dashboard = send(&s.app, get("/redaktion", Some(&bo))).await;
    let report_path = format!("/redaktion/rapporter/{}", open[0].id);
    assert!(dashboard.body.contains(&report_path), "{}", dashboard.body);
    let sko = login(&s.app, "sko").await;
    let theirs = send(&s.app, get("/redaktion", Some(&sko))).await;
    assert!(!theirs.body.contains(&report_path));
    assert_eq!(
        send(&s.app, get(&report_path, Some(&sko))).await.status,
        StatusCode::FORBIDDEN
    );
    let sko_csrf = csrf_of(&s.app, &sko).await;
    let closed_by_other = send(
        &s.app,
        post_form(
            &report_path,
            Some(&sko),
            &[("outcome", "fixed"), ("reply", "Kapat"), ("csrf", &sko_csrf)],
        ),
    )
    .await;
    assert_eq!(closed_by_other.status, StatusCode::FORBIDDEN);
    // The service's editors see every report.
    let redaktor = login(&s.app, "redaktor").await;
    assert!(
        send(&s.app, get("/redaktion", Some(&redaktor)))
            .await
            .body
            .contains(&report_path)
    );

    // The report page shows what was written, not the address.
    let report_page = send(&s.app, get(&report_path, Some(&bo))).await;
    assert!(report_page.body.contains("15 september i år"));
    assert!(!report_page.body.contains("forening@example.se"));
    // A reply is needed, since the reporter wants one.
    let csrf = csrf_of(&s.app, &bo).await;
    let no_reply = send(
        &s.app,
        post_form(&report_path, Some(&bo), &[("outcome", "fixed"), ("csrf", &csrf)]),
    )
    .await;
    assert_eq!(no_reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let closed = send(
        &s.app,
        post_form(
            &report_path,
            Some(&bo),
            &[
                ("outcome", "fixed"),
                ("reply", "Tack! Datumet är rättat."),
                ("csrf", &csrf),
            ],
        ),
    )
    .await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.body);
    assert!(s.open_reports().await.is_empty());
    let report = s.state.store.report(&open[0].id).await.unwrap().unwrap();
    assert_eq!(report.email, None, "the address is deleted once answered");
    assert_eq!(report.closed_by.as_deref(), Some("bo"));

    // The answer goes out through the outbox.
    let mail = tempfile::tempdir().unwrap();
    let sender = Sender {
        transport: Transport::Files(mail.path().to_path_buf()),
        from: "samverkan@localhost".parse().unwrap(),
        lease: Duration::from_secs(60),
        retry: Duration::from_secs(60),
        poll: Duration::from_secs(10),
    };
    assert_eq!(sender.send_due(&s.state.store).await.unwrap().sent, 1);
    let file = std::fs::read_dir(mail.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let message = std::fs::read_to_string(file).unwrap();
    assert!(message.contains("To: forening@example.se"), "{message}");
    assert!(message.contains("-answer") || message.contains("Subject:"));
    let plain = message.replace("=\r\n", "");
    assert!(
        plain.contains("Datumet =C3=A4r r=C3=A4ttat") || plain.contains("Datumet är rättat"),
        "{plain}"
    );
    assert!(
        !plain.contains("15 september"),
        "the reporter's own words are not mailed back"
    );
    // Once sent, not even the message to the address is kept.
    s.state.store.purge_alerts().await.unwrap();
    assert!(
        s.state
            .store
            .messages_to("forening@example.se")
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn spam_is_kept_out_without_a_captcha_and_answered_alike() {
    let s = setup().await;
    let good = s.stamp(20).await;
    let fresh = s.stamp(0).await;
    let old = s.stamp(2 * 24 * 3600).await;
    let forged = good.replacen("f.", "f.1", 1);
    let base = [("kind", "grant"), ("id", GRANT), ("what", "Fel datum.")];
    let thanks = s.report(&[&base[..], &[("stamp", good.as_str())]].concat()).await;
    assert_eq!(thanks.status, StatusCode::OK);
    assert_eq!(s.open_reports().await.len(), 1);
    for (why, extra) in [
        (
            "the field people leave empty was filled",
            vec![("stamp", good.as_str()), ("f_extra", "http://spam.example")],
        ),
        ("sent within 3 seconds", vec![("stamp", fresh.as_str())]),
    ] {
        let answer = s.report(&[&base[..], &extra[..]].concat()).await;
        assert_eq!(
            (answer.status, &answer.body),
            (thanks.status, &thanks.body),
            "{why}"
        );
        assert_eq!(s.open_reports().await.len(), 1, "{why}: nothing more is kept");
    }
    // A form kept open too long, or whose stamp does not read, is handed
    // out again with what was typed: a person's report is not lost.
    for (why, extra) in [
        ("a form from two days ago", vec![("stamp", old.as_str())]),
        ("a forged stamp", vec![("stamp", forged.as_str())]),
        ("no stamp", vec![]),
    ] {
        let answer = s.report(&[&base[..], &extra[..]].concat()).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{why}");
        assert!(
            answer.body.contains("öppet för länge") && answer.body.contains("Fel datum."),
            "{why}"
        );
        assert!(
            hidden(&answer.body, "stamp").is_some_and(|s| s != old),
            "{why}: a fresh stamp"
        );
        assert_eq!(s.open_reports().await.len(), 1, "{why}: nothing more is kept");
    }
}

#[tokio::test]
async fn bad_input_is_refused_saying_what_was_wrong() {
    let s = setup().await;
    let stamp = s.stamp(20).await;
    let long = "x".repeat(2001);
    for (fields, message) in [
        (vec![("what", "")], "Skriv vad som är fel"),
        (vec![("what", long.as_str())], "Skriv högst 2000 tecken"),
        (
            vec![("what", "Fel\u{202e}text")],
            "tecken som inte går att ta emot",
        ),
        (
            vec![("what", "Fel."), ("source", "javascript:alert(1)")],
            "webbadress som börjar med https://",
        ),
        (
            vec![("what", "Fel."), ("email", "a@b.se\r\nBcc: c@d.se")],
            "namn@exempel.se",
        ),
    ] {
        let mut all = vec![("kind", "grant"), ("id", GRANT), ("stamp", stamp.as_str())];
        all.extend(fields);
        let answer = s.report(&all).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{message}");
        assert!(answer.body.contains(message), "{message}: {}", answer.body);
        assert!(answer.body.contains("error-summary"));
    }
    for (kind, id) in [("grant", "finns-inte"), ("area", "boende"), ("revision", "1")] {
        let answer = s
            .report(&[("kind", kind), ("id", id), ("stamp", &stamp), ("what", "Fel.")])
            .await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{kind} {id}");
        assert_eq!(
            send(&s.app, get(&format!("/rapportera?kind={kind}&id={id}"), None))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
    let forged = post_pairs(
        "/rapportera",
        None,
        &[
            ("kind", "grant"),
            ("id", GRANT),
            ("stamp", &stamp),
            ("what", "Fel."),
        ],
        Some("https://evil.example"),
    );
    assert_eq!(send(&s.app, forged).await.status, StatusCode::BAD_REQUEST);
    assert!(s.open_reports().await.is_empty());
}

#[tokio::test]
async fn one_client_may_send_ten_reports_an_hour_and_an_address_five_a_day() {
    let s = setup().await;
    let stamp = s.stamp(20).await;
    for n in 0..10 {
        let what = format!("Fel nummer {n}.");
        let answer = s
            .report(&[
                ("kind", "actor"),
                ("id", "boverket"),
                ("stamp", &stamp),
                ("what", &what),
                ("email", "anna@example.se"),
            ])
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{n}");
    }
    let eleventh = s
        .report(&[
            ("kind", "actor"),
            ("id", "boverket"),
            ("stamp", &stamp),
            ("what", "Ett till."),
        ])
        .await;
    assert_eq!(eleventh.status, StatusCode::TOO_MANY_REQUESTS);
    // Of the ten from one address, five were kept.
    assert_eq!(s.open_reports().await.len(), 5);
}

#[tokio::test]
async fn a_hostile_report_is_only_text_to_the_editors() {
    let s = setup().await;
    let stamp = s.stamp(20).await;
    s.report(&[
        ("kind", "initiative"),
        ("id", "tidiga-samordnade-insatser"),
        ("stamp", &stamp),
        ("what", "<script>alert(1)</script><img src=x onerror=alert(2)>"),
        ("source", "https://example.se/\"><script>alert(3)</script>"),
    ])
    .await;
    let open = s.open_reports().await;
    assert_eq!(
        open[0].owner.as_deref(),
        Some("skolverket"),
        "an initiative's first participant"
    );
    let sko = login(&s.app, "sko").await;
    for path in [
        "/redaktion".to_string(),
        format!("/redaktion/rapporter/{}", open[0].id),
    ] {
        let page = send(&s.app, get(&path, Some(&sko))).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(
            !page.body.contains("<script>alert") && !page.body.contains("<img src=x"),
            "{path}: {}",
            page.body
        );
        assert!(page.body.contains("&#60;script&#62;alert(1)"), "{path}");
    }
}

#[tokio::test]
async fn a_read_only_installation_takes_no_reports_and_offers_none() {
    let (mut state, _dir) = common::seeded_state().await;
    std::sync::Arc::make_mut(&mut state.config).read_only = true;
    let app = router(state);
    let page = send(&app, get(&format!("/bidrag/{GRANT}"), None)).await;
    assert!(!page.body.contains("/rapportera"));
    assert_eq!(
        send(&app, get(&format!("/rapportera?kind=grant&id={GRANT}"), None))
            .await
            .status,
        StatusCode::SERVICE_UNAVAILABLE
    );
}
