//! Review, four eyes (issue 16): where review is on, an editor's change is
//! kept as a proposal and the public sees the published entry until a
//! second person of the same organisation (or an admin), never the author,
//! approves it; a rejection needs a reason, which the author sees; a
//! proposal made from an older version is rebased onto it, or refused as a
//! conflict when the same fields changed; the write API answers 202 with
//! the proposal; and a shared initiative's changes are always reviewed.

mod common;

use axum::http::{Method, StatusCode};
use common::http::*;
use samverkan_domain::EntryKind;
use samverkan_store::{ProposalStatus, Role};

const GRANT: &str = "boverket-samlingslokaler";

use common::OrgApp as Setup;

async fn setup() -> Setup {
    let s = Setup::new().await;
    // A colleague at Boverket, and an admin.
    add_user(&s.state.store, "bo2", Role::Editor).await;
    s.state
        .store
        .add_membership("bo2", "boverket", "test")
        .await
        .unwrap();
    add_user(&s.state.store, "admin", Role::Admin).await;
    s
}

impl Setup {
    async fn version(&self) -> String {
        self.state
            .store
            .get(EntryKind::Grant, GRANT)
            .await
            .unwrap()
            .unwrap()
            .version
            .to_string()
    }

    /// Saves the grant's edit form as `who` with a new description; where it led.
    async fn edit(&self, cookie: &str, description: &str) -> Answer {
        let csrf = csrf_of(&self.app, cookie).await;
        let version = self.version().await;
        send(
            &self.app,
            post_form(
                &format!("/redaktion/bidrag/{GRANT}"),
                Some(cookie),
                &[
                    ("title", "Stöd till allmänna samlingslokaler"),
                    ("provider", "boverket"),
                    ("deadline", "31 augusti"),
                    ("description", description),
                    ("verified", "2021-12-22"),
                    ("version", &version),
                    ("comment", "Ny beskrivning"),
                    ("csrf", &csrf),
                ],
            ),
        )
        .await
    }

    async fn decide(&self, cookie: &str, proposal: &str, action: &str, text: &str) -> Answer {
        let csrf = csrf_of(&self.app, cookie).await;
        send(
            &self.app,
            post_form(
                &format!("/redaktion/forslag/{proposal}"),
                Some(cookie),
                &[("action", action), ("text", text), ("csrf", &csrf)],
            ),
        )
        .await
    }

    /// Puts the grant through the write API as `token`, as stored with
    /// `field` set to `value`; the answer, and the version it was made from.
    async fn put_field(&self, token: &str, field: &str, value: &str) -> (Answer, i64) {
        let stored = self
            .state
            .store
            .get(EntryKind::Grant, GRANT)
            .await
            .unwrap()
            .unwrap();
        let mut json = stored.entry.to_json();
        json[field] = value.into();
        let body = serde_json::json!({"version": stored.version, "entry": json}).to_string();
        let path = format!("/api/v1/grants/{GRANT}");
        (
            api(&self.app, Method::PUT, &path, Some(token), Some(body)).await,
            stored.version,
        )
    }

    async fn public_page(&self) -> String {
        send(&self.app, get(&format!("/bidrag/{GRANT}"), None)).await.body
    }
}

fn proposal_of(answer: &Answer) -> String {
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let location = answer.location();
    assert!(location.contains("/redaktion/forslag/"), "{location}");
    location
        .trim_start_matches("/redaktion/forslag/")
        .split('?')
        .next()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn a_change_is_published_only_once_a_colleague_approves_it() {
    let s = setup().await;
    let admin = login(&s.app, "admin").await;
    let csrf = csrf_of(&s.app, &admin).await;
    let on = send(
        &s.app,
        post_form(
            "/redaktion/granskning",
            Some(&admin),
            &[("action", "on"), ("scope", "boverket"), ("csrf", &csrf)],
        ),
    )
    .await;
    assert_eq!(on.status, StatusCode::SEE_OTHER, "{}", on.body);
    let accounts = send(&s.app, get(on.location(), Some(&admin))).await.body;
    assert!(accounts.contains("Granskning är på för:"), "{accounts}");
    assert!(accounts.contains("Granskning är på."), "the change is confirmed");
    // bo can be added to other organisations, not again to Boverket.
    let join = &accounts[accounts.find("id=\"join-bo\"").unwrap()..];
    let join = &join[..join.find("</select>").unwrap()];
    assert!(
        join.contains("value=\"skolverket\"") && !join.contains("value=\"boverket\""),
        "{join}"
    );

    // Boverket's editor changes the grant: a proposal, not published.
    let bo = login(&s.app, "bo").await;
    s.state
        .store
        .set_email("bo", Some("bo@boverket.example"))
        .await
        .unwrap();
    let version = s.version().await;
    let proposal = proposal_of(&s.edit(&bo, "Pengar till möteslokaler i hela landet.").await);
    assert_eq!(s.version().await, version, "nothing published yet");
    assert!(!s.public_page().await.contains("möteslokaler i hela landet"));
    let page = send(
        &s.app,
        get(
            &format!("/redaktion/forslag/{proposal}?klart=proposed"),
            Some(&bo),
        ),
    )
    .await;
    assert!(page.body.contains("sparad som ett förslag"), "{}", page.body);

    // The edit form says a proposal waits, and that saving makes one.
    let form = send(&s.app, get(&format!("/redaktion/bidrag/{GRANT}"), Some(&bo)))
        .await
        .body;
    assert!(form.contains("Granskning är på"), "{form}");
    assert!(form.contains(&format!("/redaktion/forslag/{proposal}")), "{form}");

    // The author cannot approve it; another organisation's editor cannot see or decide it.
    let own = s.decide(&bo, &proposal, "approve", "").await;
    assert_eq!(own.status, StatusCode::FORBIDDEN, "{}", own.body);
    let sko = login(&s.app, "sko").await;
    assert_eq!(
        send(&s.app, get(&format!("/redaktion/forslag/{proposal}"), Some(&sko)))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let stranger = s.decide(&sko, &proposal, "approve", "").await;
    assert_eq!(stranger.status, StatusCode::FORBIDDEN, "{}", stranger.body);
    assert_eq!(s.version().await, version);

    // The colleague finds it on the dashboard, sees the word diff and approves it.
    let bo2 = login(&s.app, "bo2").await;
    let dashboard = send(&s.app, get("/redaktion", Some(&bo2))).await.body;
    assert!(
        dashboard.contains(&format!("/redaktion/forslag/{proposal}")),
        "{dashboard}"
    );
    let page = send(&s.app, get(&format!("/redaktion/forslag/{proposal}"), Some(&bo2)))
        .await
        .body;
    assert!(page.contains("<ins>") && page.contains("möteslokaler"), "{page}");
    // A rejection needs a reason.
    let bare = s.decide(&bo2, &proposal, "reject", "  ").await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bare.body.contains("Skriv ett skäl till varför förslaget avvisas")
            && bare.body.contains("href=\"#p-text\"")
            && bare.body.contains("aria-invalid=\"true\""),
        "{}",
        bare.body
    );
    let comment = s
        .decide(&bo2, &proposal, "comment", "Stämmer med boverket.se")
        .await;
    assert_eq!(comment.status, StatusCode::SEE_OTHER);
    let approved = s.decide(&bo2, &proposal, "approve", "").await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    assert!(
        s.public_page()
            .await
            .contains("Pengar till möteslokaler i hela landet.")
    );
    // Recorded as the author's change, approved by the colleague.
    let history = s.state.store.history(EntryKind::Grant, GRANT).await.unwrap();
    let last = history.last().unwrap();
    assert_eq!(last.author, "bo");
    assert!(last.comment.contains("godkänd av bo2"), "{}", last.comment);
    // The author is told by e-mail.
    assert!(s.state.store.alert_counts().await.unwrap().pending >= 1);
    // Decided once.
    let again = s.decide(&bo2, &proposal, "approve", "").await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_proposal_is_rebased_or_refused_and_a_rejection_reaches_its_author() {
    let s = setup().await;
    s.state.store.set_review("*", true).await.unwrap();
    let bo = login(&s.app, "bo").await;
    let bo2 = login(&s.app, "bo2").await;
    let admin = login(&s.app, "admin").await;
    let first = proposal_of(&s.edit(&bo, "Första förslaget.").await);
    // An admin publishes directly, in the same field.
    let direct = s.edit(&admin, "Admins beskrivning.").await;
    assert_eq!(direct.status, StatusCode::SEE_OTHER);
    assert!(
        direct.location().contains("/redaktion/bidrag/"),
        "{}",
        direct.location()
    );
    // The proposal would overwrite it: a conflict, named, and nothing changes.
    let page = send(&s.app, get(&format!("/redaktion/forslag/{first}"), Some(&bo2)))
        .await
        .body;
    assert!(page.contains("i samma fält"), "{page}");
    let version = s.version().await;
    let refused = s.decide(&bo2, &first, "approve", "").await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert_eq!(s.version().await, version);
    assert!(s.public_page().await.contains("Admins beskrivning."));
    // Rejected with a reason, which the author's dashboard shows.
    let rejected = s.decide(&bo2, &first, "reject", "Överspelat av ny text.").await;
    assert_eq!(rejected.status, StatusCode::SEE_OTHER);
    let mine = send(&s.app, get("/redaktion", Some(&bo))).await.body;
    assert!(mine.contains("avvisat – Överspelat av ny text."), "{mine}");

    // A proposal in one field, a direct change in another: rebased.
    let (bo_token, _) = token_for(&s.state.store, "bo").await;
    let (answer, version) = s
        .put_field(&bo_token, "url", "https://www.boverket.se/sv/bidrag/")
        .await;
    assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.body);
    let written: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
    let second = written["proposal"].as_str().unwrap().to_string();
    assert_eq!(written["version"], version);
    s.edit(&admin, "Admins andra beskrivning.").await;
    let approved = s.decide(&bo2, &second, "approve", "Kollat.").await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let now = s
        .state
        .store
        .get(EntryKind::Grant, GRANT)
        .await
        .unwrap()
        .unwrap()
        .entry
        .to_json();
    assert_eq!(now["url"], "https://www.boverket.se/sv/bidrag/");
    assert_eq!(now["description"], "Admins andra beskrivning.");
    let p = s.state.store.proposal(&second).await.unwrap().unwrap();
    assert_eq!(p.status, ProposalStatus::Approved);
    assert_eq!(p.decided_by.as_deref(), Some("bo2"));
}

#[tokio::test]
async fn a_shared_initiatives_changes_are_always_reviewed_by_another_participant() {
    let s = setup().await;
    // An initiative several actors share; an editor of one of them.
    let initiative = s
        .state
        .catalog()
        .initiatives()
        .iter()
        .find(|i| i.participants.len() > 1)
        .unwrap()
        .clone();
    add_user(&s.state.store, "deltagare", Role::Editor).await;
    s.state
        .store
        .add_membership("deltagare", initiative.participants[0].as_str(), "test")
        .await
        .unwrap();
    let (sko, _) = token_for(&s.state.store, "deltagare").await;
    let stored = s
        .state
        .store
        .get(EntryKind::Initiative, initiative.id.as_str())
        .await
        .unwrap()
        .unwrap();
    let mut json = stored.entry.to_json();
    json["description"] = "Ny text från Skolverket.".into();
    let body = serde_json::json!({"version": stored.version, "entry": json}).to_string();
    let answer = api(
        &s.app,
        Method::PUT,
        &format!("/api/v1/initiatives/{}", initiative.id),
        Some(&sko),
        Some(body),
    )
    .await;
    assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.body);
    let after = s
        .state
        .store
        .get(EntryKind::Initiative, initiative.id.as_str())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.version, stored.version, "not published");
}

#[tokio::test]
async fn restoring_is_reviewed_and_a_withdrawn_or_future_change_is_not_published() {
    let s = setup().await;
    s.state.store.set_review("boverket", true).await.unwrap();
    let (bo, _) = token_for(&s.state.store, "bo").await;
    let first = s.state.store.history(EntryKind::Grant, GRANT).await.unwrap()[0].id;
    // An admin's direct change, then Boverket's editor restores the first version.
    let admin = login(&s.app, "admin").await;
    s.edit(&admin, "Admins text.").await;
    let version = s.version().await;
    let restored = api(
        &s.app,
        Method::POST,
        &format!("/api/v1/revisions/{first}/restore"),
        Some(&bo),
        Some("{}".into()),
    )
    .await;
    assert_eq!(restored.status, StatusCode::ACCEPTED, "{}", restored.body);
    assert_eq!(s.version().await, version, "a restore is a proposal too");

    // A proposal withdrawn by its author cannot be approved.
    let bo_cookie = login(&s.app, "bo").await;
    let proposal = proposal_of(&s.edit(&bo_cookie, "Ändrat och ångrat.").await);
    let withdrawn = s.decide(&bo_cookie, &proposal, "withdraw", "").await;
    assert_eq!(withdrawn.status, StatusCode::SEE_OTHER);
    let bo2 = login(&s.app, "bo2").await;
    let late = s.decide(&bo2, &proposal, "approve", "").await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.body);
    assert_eq!(s.version().await, version);

    // A check dated after today is refused.
    let (answer, _) = s.put_field(&bo, "verified", "2999-01-01").await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.body);
    assert!(answer.body.contains("after today"), "{}", answer.body);
}
