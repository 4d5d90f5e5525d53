//! Organisation accounts (issue 16): an editor of Boverket may change
//! Boverket's own entry, the grants Boverket provides and the initiatives it
//! takes part in, and nothing else, by form, by the write API or by
//! restoring a revision; and cannot move a grant into or out of another
//! organisation by changing its provider. Every edge is tried: organisation
//! × entry kind × action × channel, each refused one checked to change
//! nothing.

mod common;

use axum::http::{Method, StatusCode};
use common::http::*;
use samverkan_domain::EntryKind;
use samverkan_store::{Role, Store};

/// Boverket's grant, and Skolverket's.
const OWN_GRANT: &str = "boverket-samlingslokaler";
const OTHER_GRANT_PROVIDER: &str = "skolverket";
/// An initiative Skolverket takes part in, and one it does not.
const SKOLVERKET_INITIATIVE: &str = "tidiga-samordnade-insatser";
const OTHER_INITIATIVE: &str = "preventionspaketet";

use common::OrgApp as Setup;

async fn setup() -> Setup {
    Setup::new().await
}

async fn other_grant(store: &Store) -> String {
    store
        .load()
        .await
        .unwrap()
        .grants
        .iter()
        .find(|g| g.provider.as_str() == OTHER_GRANT_PROVIDER)
        .unwrap()
        .id
        .to_string()
}

async fn entry_json(store: &Store, kind: EntryKind, id: &str) -> (serde_json::Value, i64) {
    let stored = store.get(kind, id).await.unwrap().unwrap();
    (stored.entry.to_json(), stored.version)
}

async fn state_of(store: &Store, kind: EntryKind, id: &str) -> Option<(i64, bool)> {
    store.get(kind, id).await.unwrap().map(|e| (e.version, e.retired))
}

fn put(version: i64, entry: &serde_json::Value) -> String {
    serde_json::json!({"version": version, "entry": entry}).to_string()
}

/// A write through the API: token, method, path, body, and the entry it touches.
type Attempt<'a> = (&'a str, Method, String, Option<String>, EntryKind, String);

#[tokio::test]
async fn through_the_api_an_organisation_changes_its_own_entries_and_nothing_else() {
    let s = setup().await;
    let (bo, _) = token_for(&s.state.store, "bo").await;
    let (sko, _) = token_for(&s.state.store, "sko").await;
    let other = other_grant(&s.state.store).await;
    use EntryKind::*;

    // Refused, each changing nothing: (token, method, path, body).
    let (other_json, other_v) = entry_json(&s.state.store, Grant, &other).await;
    let (own_json, own_v) = entry_json(&s.state.store, Grant, OWN_GRANT).await;
    let (sko_actor, sko_actor_v) = entry_json(&s.state.store, Actor, "skolverket").await;
    let (bo_actor, bo_actor_v) = entry_json(&s.state.store, Actor, "boverket").await;
    let (other_init, other_init_v) = entry_json(&s.state.store, Initiative, OTHER_INITIATIVE).await;
    let (sko_init, sko_init_v) = entry_json(&s.state.store, Initiative, SKOLVERKET_INITIATIVE).await;
    let mut moved_out = own_json.clone();
    moved_out["provider"] = "skolverket".into();
    let mut moved_in = other_json.clone();
    moved_in["provider"] = "boverket".into();
    let mut new_for_other = own_json.clone();
    new_for_other["id"] = "nytt-bidrag-skolverket".into();
    new_for_other["provider"] = "skolverket".into();
    let mut new_actor = bo_actor.clone();
    new_actor["id"] = "ny-aktor".into();
    let refused: Vec<Attempt> = vec![
        // Another organisation's grant: change, retire, take over.
        (
            &bo,
            Method::PUT,
            format!("/api/v1/grants/{other}"),
            Some(put(other_v, &other_json)),
            Grant,
            other.clone(),
        ),
        (
            &bo,
            Method::PUT,
            format!("/api/v1/grants/{other}"),
            Some(put(other_v, &moved_in)),
            Grant,
            other.clone(),
        ),
        (
            &bo,
            Method::POST,
            format!("/api/v1/grants/{other}/retire"),
            Some(serde_json::json!({"version": other_v}).to_string()),
            Grant,
            other.clone(),
        ),
        // Its own grant given away to another organisation.
        (
            &bo,
            Method::PUT,
            format!("/api/v1/grants/{OWN_GRANT}"),
            Some(put(own_v, &moved_out)),
            Grant,
            OWN_GRANT.into(),
        ),
        // A new grant for another organisation.
        (
            &bo,
            Method::POST,
            "/api/v1/grants".into(),
            Some(serde_json::json!({"entry": new_for_other}).to_string()),
            Grant,
            "nytt-bidrag-skolverket".into(),
        ),
        // Another actor's entry; a new actor; retiring its own actor.
        (
            &bo,
            Method::PUT,
            "/api/v1/actors/skolverket".into(),
            Some(put(sko_actor_v, &sko_actor)),
            Actor,
            "skolverket".into(),
        ),
        (
            &bo,
            Method::POST,
            "/api/v1/actors".into(),
            Some(serde_json::json!({"entry": new_actor}).to_string()),
            Actor,
            "ny-aktor".into(),
        ),
        (
            &bo,
            Method::POST,
            "/api/v1/actors/boverket/retire".into(),
            Some(serde_json::json!({"version": bo_actor_v}).to_string()),
            Actor,
            "boverket".into(),
        ),
        // An initiative it does not take part in; retiring one it does.
        (
            &sko,
            Method::PUT,
            format!("/api/v1/initiatives/{OTHER_INITIATIVE}"),
            Some(put(other_init_v, &other_init)),
            Initiative,
            OTHER_INITIATIVE.into(),
        ),
        (
            &sko,
            Method::POST,
            format!("/api/v1/initiatives/{SKOLVERKET_INITIATIVE}/retire"),
            Some(serde_json::json!({"version": sko_init_v}).to_string()),
            Initiative,
            SKOLVERKET_INITIATIVE.into(),
        ),
    ];
    for (token, method, path, body, kind, id) in refused {
        let before = state_of(&s.state.store, kind, &id).await;
        let answer = api(&s.app, method.clone(), &path, Some(token), body).await;
        assert_eq!(
            answer.status,
            StatusCode::FORBIDDEN,
            "{method} {path}: {}",
            answer.body
        );
        assert!(
            answer.body.contains("\"not_your_organisation\""),
            "{}",
            answer.body
        );
        assert_eq!(
            state_of(&s.state.store, kind, &id).await,
            before,
            "{method} {path} changed something"
        );
    }

    // Allowed: its own grant, its own actor entry, a new grant it provides,
    // an initiative it takes part in.
    let mut own_changed = own_json.clone();
    own_changed["description"] = "Ny beskrivning från Boverket.".into();
    let mut bo_actor_changed = bo_actor.clone();
    bo_actor_changed["mission"] = "Nytt uppdrag.".into();
    let mut new_own = own_json.clone();
    new_own["id"] = "nytt-bidrag-boverket".into();
    let mut sko_init_changed = sko_init.clone();
    sko_init_changed["description"] = "Ny beskrivning.".into();
    for (token, method, path, body, expected) in [
        (
            &bo,
            Method::PUT,
            format!("/api/v1/grants/{OWN_GRANT}"),
            put(own_v, &own_changed),
            StatusCode::OK,
        ),
        (
            &bo,
            Method::PUT,
            "/api/v1/actors/boverket".into(),
            put(bo_actor_v, &bo_actor_changed),
            StatusCode::OK,
        ),
        (
            &bo,
            Method::POST,
            "/api/v1/grants".into(),
            serde_json::json!({"entry": new_own}).to_string(),
            StatusCode::CREATED,
        ),
        (
            &sko,
            Method::PUT,
            format!("/api/v1/initiatives/{SKOLVERKET_INITIATIVE}"),
            put(sko_init_v, &sko_init_changed),
            StatusCode::OK,
        ),
        (
            &bo,
            Method::POST,
            "/api/v1/grants/nytt-bidrag-boverket/retire".into(),
            serde_json::json!({"version": 1}).to_string(),
            StatusCode::OK,
        ),
    ] {
        let answer = api(&s.app, method.clone(), &path, Some(token), Some(body)).await;
        assert_eq!(answer.status, expected, "{method} {path}: {}", answer.body);
    }
}

#[tokio::test]
async fn restoring_a_revision_is_held_to_the_same_rules() {
    let s = setup().await;
    let (redaktor, _) = token_for(&s.state.store, "redaktor").await;
    let (bo, _) = token_for(&s.state.store, "bo").await;
    let other = other_grant(&s.state.store).await;
    // The service's editor moves Boverket's grant to Skolverket, and changes Skolverket's grant.
    let (mut own, v) = entry_json(&s.state.store, EntryKind::Grant, OWN_GRANT).await;
    own["provider"] = "skolverket".into();
    let moved = api(
        &s.app,
        Method::PUT,
        &format!("/api/v1/grants/{OWN_GRANT}"),
        Some(&redaktor),
        Some(put(v, &own)),
    )
    .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    let (mut other_json, ov) = entry_json(&s.state.store, EntryKind::Grant, &other).await;
    other_json["description"] = "Ändrad.".into();
    let changed = api(
        &s.app,
        Method::PUT,
        &format!("/api/v1/grants/{other}"),
        Some(&redaktor),
        Some(put(ov, &other_json)),
    )
    .await;
    assert_eq!(changed.status, StatusCode::OK);
    let first_of = |revisions: Vec<samverkan_store::Revision>| revisions[0].id;
    let own_first = first_of(s.state.store.history(EntryKind::Grant, OWN_GRANT).await.unwrap());
    let other_first = first_of(s.state.store.history(EntryKind::Grant, &other).await.unwrap());
    // Boverket can neither restore Skolverket's grant, nor take back the grant
    // that is now Skolverket's (it is not Boverket's any more).
    for revision in [other_first, own_first] {
        let before = state_of(&s.state.store, EntryKind::Grant, OWN_GRANT).await;
        let answer = api(
            &s.app,
            Method::POST,
            &format!("/api/v1/revisions/{revision}/restore"),
            Some(&bo),
            Some("{}".into()),
        )
        .await;
        assert_eq!(
            answer.status,
            StatusCode::FORBIDDEN,
            "revision {revision}: {}",
            answer.body
        );
        assert_eq!(
            state_of(&s.state.store, EntryKind::Grant, OWN_GRANT).await,
            before
        );
    }
    // The same through the editors' form.
    let cookie = login(&s.app, "bo").await;
    let csrf = csrf_of(&s.app, &cookie).await;
    let form = send(
        &s.app,
        post_form(
            &format!("/redaktion/versioner/{other_first}/aterstall"),
            Some(&cookie),
            &[("csrf", &csrf)],
        ),
    )
    .await;
    assert_eq!(form.status, StatusCode::FORBIDDEN);
    assert!(
        form.body.contains("Det här hör inte till din organisation"),
        "{}",
        form.body
    );
}

#[tokio::test]
async fn in_the_editors_area_an_organisation_sees_and_saves_only_its_own() {
    let s = setup().await;
    let other = other_grant(&s.state.store).await;
    let cookie = login(&s.app, "bo").await;
    let csrf = csrf_of(&s.app, &cookie).await;
    // The grant list holds Boverket's grants only.
    let list = send(&s.app, get("/redaktion/bidrag", Some(&cookie))).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body.contains(OWN_GRANT) && !list.body.contains(&other),
        "{}",
        list.body
    );
    // No "new actor" for an organisation.
    let actors = send(&s.app, get("/redaktion/aktorer", Some(&cookie))).await;
    assert!(!actors.body.contains("/redaktion/ny/aktorer"));
    assert_eq!(
        send(&s.app, get("/redaktion/ny/aktorer", Some(&cookie)))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // Another organisation's grant: no form, and no save, verify or retire.
    assert_eq!(
        send(&s.app, get(&format!("/redaktion/bidrag/{other}"), Some(&cookie)))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let before = state_of(&s.state.store, EntryKind::Grant, &other).await;
    let version = before.unwrap().0.to_string();
    for (path, fields) in [
        (
            format!("/redaktion/bidrag/{other}"),
            vec![
                ("title", "Kapat"),
                ("provider", "skolverket"),
                ("verified", "2026-12-01"),
                ("version", &version),
            ],
        ),
        (
            format!("/redaktion/bidrag/{other}"),
            vec![
                ("title", "Kapat"),
                ("provider", "boverket"),
                ("verified", "2026-12-01"),
                ("version", &version),
            ],
        ),
        (
            format!("/redaktion/bidrag/{other}/kontrollerad"),
            vec![("version", &version)],
        ),
        (
            format!("/redaktion/bidrag/{other}/ta-bort"),
            vec![("version", &version)],
        ),
        (
            "/redaktion/ny/bidrag".to_string(),
            vec![
                ("id", "kapat-bidrag"),
                ("title", "Kapat"),
                ("provider", "skolverket"),
                ("verified", "2026-12-01"),
            ],
        ),
    ] {
        let mut fields = fields.clone();
        fields.push(("csrf", &csrf));
        let answer = send(&s.app, post_form(&path, Some(&cookie), &fields)).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{path}: {}", answer.body);
    }
    assert_eq!(state_of(&s.state.store, EntryKind::Grant, &other).await, before);
    assert!(
        s.state
            .store
            .get(EntryKind::Grant, "kapat-bidrag")
            .await
            .unwrap()
            .is_none()
    );
    // Its own grant: saved, and marked as checked.
    let own_version = state_of(&s.state.store, EntryKind::Grant, OWN_GRANT)
        .await
        .unwrap()
        .0
        .to_string();
    let saved = send(
        &s.app,
        post_form(
            &format!("/redaktion/bidrag/{OWN_GRANT}/kontrollerad"),
            Some(&cookie),
            &[("version", &own_version), ("csrf", &csrf)],
        ),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
}

#[tokio::test]
async fn memberships_are_managed_by_admins_and_never_widen_an_account() {
    let s = setup().await;
    // The last membership cannot end: the account would edit everything.
    let err = s
        .state
        .store
        .remove_membership("bo", "boverket")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("disable the account"), "{err}");
    assert_eq!(
        s.state.store.organisations_of("bo").await.unwrap(),
        vec!["boverket"]
    );
    // An admin adds one through the accounts page; then the first can go.
    add_user(&s.state.store, "admin", Role::Admin).await;
    let cookie = login(&s.app, "admin").await;
    let csrf = csrf_of(&s.app, &cookie).await;
    let page = send(&s.app, get("/redaktion/konton", Some(&cookie))).await;
    assert!(page.body.contains("Redaktör för organisation"), "{}", page.body);
    let join = send(
        &s.app,
        post_form(
            "/redaktion/konton/bo/status",
            Some(&cookie),
            &[("action", "join"), ("organisation", "mucf"), ("csrf", &csrf)],
        ),
    )
    .await;
    assert_eq!(join.status, StatusCode::SEE_OTHER, "{}", join.body);
    let leave = send(
        &s.app,
        post_form(
            "/redaktion/konton/bo/status",
            Some(&cookie),
            &[("action", "leave"), ("organisation", "boverket"), ("csrf", &csrf)],
        ),
    )
    .await;
    assert_eq!(leave.status, StatusCode::SEE_OTHER);
    assert_eq!(s.state.store.organisations_of("bo").await.unwrap(), vec!["mucf"]);
    let last = send(
        &s.app,
        post_form(
            "/redaktion/konton/bo/status",
            Some(&cookie),
            &[("action", "leave"), ("organisation", "mucf"), ("csrf", &csrf)],
        ),
    )
    .await;
    assert_eq!(last.status, StatusCode::CONFLICT);
    // Unknown actors, and admins, cannot join.
    for (name, actor) in [("bo", "finns-inte"), ("admin", "boverket")] {
        let answer = send(
            &s.app,
            post_form(
                &format!("/redaktion/konton/{name}/status"),
                Some(&cookie),
                &[("action", "join"), ("organisation", actor), ("csrf", &csrf)],
            ),
        )
        .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{name} {actor}");
    }
    // An organisation's editor cannot manage accounts.
    let bo = login(&s.app, "bo").await;
    assert_eq!(
        send(&s.app, get("/redaktion/konton", Some(&bo))).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn restoring_cannot_retire_or_bring_back_what_an_organisation_may_not() {
    let s = setup().await;
    let (redaktor, _) = token_for(&s.state.store, "redaktor").await;
    let (sko, _) = token_for(&s.state.store, "sko").await;
    // The service's editor retires Skolverket's initiative and brings it back.
    let (_, v) = entry_json(&s.state.store, EntryKind::Initiative, SKOLVERKET_INITIATIVE).await;
    let retire = serde_json::json!({"version": v}).to_string();
    let path = format!("/api/v1/initiatives/{SKOLVERKET_INITIATIVE}/retire");
    assert_eq!(
        api(&s.app, Method::POST, &path, Some(&redaktor), Some(retire))
            .await
            .status,
        StatusCode::OK
    );
    let history = s
        .state
        .store
        .history(EntryKind::Initiative, SKOLVERKET_INITIATIVE)
        .await
        .unwrap();
    let (alive, retired) = (history[0].id, history.last().unwrap().id);
    let restore = |rev: i64, token: String| {
        let app = s.app.clone();
        async move {
            api(
                &app,
                Method::POST,
                &format!("/api/v1/revisions/{rev}/restore"),
                Some(&token),
                Some("{}".into()),
            )
            .await
        }
    };
    // Bringing back an initiative it takes part in is adding one, which it may.
    let back = restore(alive, sko.clone()).await;
    assert_eq!(
        back.status,
        StatusCode::OK,
        "an initiative it takes part in may be added, so also brought back: {}",
        back.body
    );
    // …but not retired again by restoring the retiring revision.
    let before = state_of(&s.state.store, EntryKind::Initiative, SKOLVERKET_INITIATIVE).await;
    let again = restore(retired, sko.clone()).await;
    assert_eq!(again.status, StatusCode::FORBIDDEN, "{}", again.body);
    assert_eq!(
        state_of(&s.state.store, EntryKind::Initiative, SKOLVERKET_INITIATIVE).await,
        before
    );

    // An actor retired by the service stays retired for its organisation.
    add_user(&s.state.store, "bo2", Role::Editor).await;
    s.state
        .store
        .add_membership("bo2", "barnombudsmannen", "test")
        .await
        .unwrap();
    let (bo2, _) = token_for(&s.state.store, "bo2").await;
    let (_, av) = entry_json(&s.state.store, EntryKind::Actor, "barnombudsmannen").await;
    let retire_actor = serde_json::json!({"version": av}).to_string();
    let retired_actor = api(
        &s.app,
        Method::POST,
        "/api/v1/actors/barnombudsmannen/retire",
        Some(&redaktor),
        Some(retire_actor),
    )
    .await;
    assert_eq!(retired_actor.status, StatusCode::OK, "{}", retired_actor.body);
    let first = s
        .state
        .store
        .history(EntryKind::Actor, "barnombudsmannen")
        .await
        .unwrap()[0]
        .id;
    assert_eq!(restore(first, bo2.clone()).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        state_of(&s.state.store, EntryKind::Actor, "barnombudsmannen")
            .await
            .map(|s| s.1),
        Some(true)
    );
}

#[tokio::test]
async fn a_shared_initiative_keeps_its_other_participants() {
    let s = setup().await;
    let (bo, _) = token_for(&s.state.store, "bo").await;
    // Boverket joins an initiative Skolverket takes part in? Not its own: refused.
    let (mut init, v) = entry_json(&s.state.store, EntryKind::Initiative, SKOLVERKET_INITIATIVE).await;
    init["participants"] = serde_json::json!(["boverket"]);
    let path = format!("/api/v1/initiatives/{SKOLVERKET_INITIATIVE}");
    let taken = api(&s.app, Method::PUT, &path, Some(&bo), Some(put(v, &init))).await;
    assert_eq!(taken.status, StatusCode::FORBIDDEN, "{}", taken.body);
    // Skolverket's own editor may add itself or others only as its own.
    add_user(&s.state.store, "sko2", Role::Editor).await;
    s.state
        .store
        .add_membership("sko2", "skolverket", "test")
        .await
        .unwrap();
    s.state
        .store
        .add_membership("sko2", "boverket", "test")
        .await
        .unwrap();
    let (sko2, _) = token_for(&s.state.store, "sko2").await;
    let (mut init, v) = entry_json(&s.state.store, EntryKind::Initiative, SKOLVERKET_INITIATIVE).await;
    init["participants"] = serde_json::json!(["skolverket", "boverket"]);
    let joined = api(&s.app, Method::PUT, &path, Some(&sko2), Some(put(v, &init))).await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    // Adding an organisation it does not belong to is refused.
    let (mut init, v) = entry_json(&s.state.store, EntryKind::Initiative, SKOLVERKET_INITIATIVE).await;
    init["participants"] = serde_json::json!(["skolverket", "boverket", "mucf"]);
    let added = api(&s.app, Method::PUT, &path, Some(&sko2), Some(put(v, &init))).await;
    assert_eq!(added.status, StatusCode::FORBIDDEN, "{}", added.body);
    assert!(added.body.contains("shared"), "{}", added.body);
}

#[tokio::test]
async fn another_organisations_history_is_not_shown_and_a_stale_version_is_a_conflict() {
    let s = setup().await;
    let other = other_grant(&s.state.store).await;
    let (bo, _) = token_for(&s.state.store, "bo").await;
    let theirs = api(
        &s.app,
        Method::GET,
        &format!("/api/v1/grants/{other}/revisions"),
        Some(&bo),
        None,
    )
    .await;
    assert_eq!(theirs.status, StatusCode::FORBIDDEN);
    let own = api(
        &s.app,
        Method::GET,
        &format!("/api/v1/grants/{OWN_GRANT}/revisions"),
        Some(&bo),
        None,
    )
    .await;
    assert_eq!(own.status, StatusCode::OK);
    let cookie = login(&s.app, "bo").await;
    assert_eq!(
        send(
            &s.app,
            get(&format!("/redaktion/bidrag/{other}/historik"), Some(&cookie))
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    // The dashboard lists only Boverket's entries, and no link check or alerts.
    let dashboard = send(&s.app, get("/redaktion", Some(&cookie))).await;
    assert!(!dashboard.body.contains(&other), "{}", dashboard.body);
    assert!(!dashboard.body.contains("id=\"alerts\"") && !dashboard.body.contains("id=\"links\""));
    let csrf = csrf_of(&s.app, &cookie).await;
    assert_eq!(
        send(
            &s.app,
            post_form("/redaktion/lankkontroll", Some(&cookie), &[("csrf", &csrf)])
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    // A version other than the stored one is a conflict before any check.
    let (json, v) = entry_json(&s.state.store, EntryKind::Grant, &other).await;
    let stale = api(
        &s.app,
        Method::PUT,
        &format!("/api/v1/grants/{other}"),
        Some(&bo),
        Some(put(v + 1, &json)),
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
}
