//! One test suite, run against both backends. The PostgreSQL run (the tests
//! named `postgres::…`) uses the server at `SAMVERKAN_TEST_POSTGRES_URL`, in a
//! fresh schema per test. Without the variable they fail, never pass;
//! `scripts/test` then leaves them out by name and reports them as skipped.

use std::str::FromStr;
use std::sync::atomic::{AtomicU32, Ordering};

use samverkan_domain::dataset::Origins;
use samverkan_domain::{Dataset, Entry, EntryKind, bundled};
use samverkan_store::{Action, Change, Changes, Expect, Heard, ProposalStatus, Role, Store, StoreError};
use sqlx::postgres::PgConnectOptions;

const EDITOR: Change<'static> = Change {
    author: "test",
    comment: "in a test",
};

/// A store on a fresh SQLite file, and the directory that holds it.
async fn sqlite() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    (Store::connect(&url).await.unwrap(), dir)
}

/// A fresh schema of the test PostgreSQL server, dropped when the test passes.
struct PgSchema {
    pool: sqlx::PgPool,
    name: String,
}

impl PgSchema {
    async fn drop(self) {
        sqlx::query(&format!("DROP SCHEMA {} CASCADE", self.name))
            .execute(&self.pool)
            .await
            .unwrap();
    }
}

/// The test PostgreSQL server's URL.
fn postgres_url() -> String {
    std::env::var("SAMVERKAN_TEST_POSTGRES_URL").expect(
        "SAMVERKAN_TEST_POSTGRES_URL is not set: point it at a PostgreSQL server to run \
         the PostgreSQL tests (scripts/test skips the tests named `postgres` when it is not set, and says so)",
    )
}

/// A store in a fresh schema of the test PostgreSQL server.
async fn postgres() -> (Store, PgSchema) {
    static N: AtomicU32 = AtomicU32::new(0);
    let url = postgres_url();
    let schema = format!(
        "test_{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst),
        jiff::Timestamp::now().as_millisecond()
    );
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&pool)
        .await
        .unwrap();
    let options = PgConnectOptions::from_str(&url)
        .unwrap()
        .options([("search_path", schema.as_str())]);
    let store = Store::open_postgres(options).await.unwrap();
    store.migrate().await.unwrap();
    (store, PgSchema { pool, name: schema })
}

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let (store, _dir) = super::sqlite().await;
                    super::$name(store).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let (store, schema) = super::postgres().await;
                    super::$name(store).await;
                    schema.drop().await;
                }
            )*
        }
    };
}

on_both_backends!(
    imports_the_bundled_dataset_and_loads_it_back,
    an_import_with_any_error_changes_nothing,
    importing_the_same_data_again_changes_nothing,
    every_change_is_a_revision_with_before_and_after,
    a_stale_version_is_a_conflict_and_changes_nothing,
    concurrent_edits_of_one_entry_never_lose_a_change,
    retiring_hides_an_entry_but_keeps_its_history,
    an_entry_in_use_cannot_be_retired,
    any_revision_can_be_restored,
    a_write_that_breaks_a_reference_is_refused,
    accounts_are_created_changed_disabled_never_deleted,
    sessions_expire_and_end_when_the_account_is_disabled,
    tokens_are_found_by_hash_until_revoked,
    link_checks_keep_the_latest_result_per_address,
    an_account_keeps_only_its_newest_sessions,
    a_change_with_control_characters_in_its_comment_is_refused,
    a_write_is_checked_against_every_entry_it_names,
    changes_since_a_marker_are_the_entries_written_as_they_are_now,
    a_subscription_is_confirmed_once_within_its_time_and_limited_per_address,
    concurrent_senders_take_each_message_once_and_a_lease_ends,
    a_message_is_marked_sent_retried_or_failed,
    leaving_deletes_the_subscription_its_messages_and_at_last_the_address,
    planning_the_same_message_twice_stores_it_once,
    an_account_keeps_at_least_one_organisation_once_it_has_one,
    a_report_is_closed_once_and_forgets_its_address,
    a_proposal_is_decided_once_and_keeps_its_comments,
    an_organisations_file_keeps_its_validators_only_for_the_same_address,
    a_reminder_names_each_entry_once_with_its_message,
    writing_several_entries_is_all_or_nothing_at_their_versions,
);

async fn import_bundled(store: &Store) {
    let data = bundled::dataset().unwrap();
    let report = store.import(&data, &Origins::new(), &EDITOR).await.unwrap();
    assert_eq!(report.created, data.len());
}

fn grant(store_data: &Dataset, id: &str) -> samverkan_domain::Grant {
    store_data
        .grants
        .iter()
        .find(|g| g.id.as_str() == id)
        .unwrap()
        .clone()
}

async fn imports_the_bundled_dataset_and_loads_it_back(store: Store) {
    assert!(store.is_empty().await.unwrap());
    import_bundled(&store).await;
    assert!(!store.is_empty().await.unwrap());
    let loaded = store.load().await.unwrap();
    assert_eq!(loaded.sorted(), bundled::dataset().unwrap().sorted());
    let n = bundled::dataset().unwrap().len() as i64;
    assert!(store.change_marker().await.unwrap() > 0);
    assert_eq!(store.recent_revisions(1000).await.unwrap().len() as i64, n);
}

async fn an_import_with_any_error_changes_nothing(store: Store) {
    import_bundled(&store).await;
    let before = store.load().await.unwrap();
    let marker = store.change_marker().await.unwrap();
    let mut incoming = Dataset::default();
    let mut good = grant(&before, "boverket-samlingslokaler");
    good.title = "Ändrad titel".into();
    let mut bad = grant(&before, "vinnova-coronakrisen");
    bad.provider = samverkan_domain::Slug::parse("finns-inte").unwrap();
    incoming.grants = vec![good, bad];
    let err = store
        .import(&incoming, &Origins::new(), &EDITOR)
        .await
        .unwrap_err();
    let StoreError::Invalid(errors) = err else {
        panic!("expected a validation error, got {err}")
    };
    assert_eq!(errors.0.len(), 1);
    assert_eq!(
        errors.0[0].entry.as_deref(),
        Some("grant \"vinnova-coronakrisen\"")
    );
    assert_eq!(errors.0[0].field.as_deref(), Some("provider"));
    assert_eq!(store.load().await.unwrap(), before);
    assert_eq!(store.change_marker().await.unwrap(), marker);
}

async fn importing_the_same_data_again_changes_nothing(store: Store) {
    import_bundled(&store).await;
    let marker = store.change_marker().await.unwrap();
    let data = bundled::dataset().unwrap();
    let report = store.import(&data, &Origins::new(), &EDITOR).await.unwrap();
    assert_eq!(
        (report.created, report.updated, report.unchanged),
        (0, 0, data.len())
    );
    assert_eq!(store.change_marker().await.unwrap(), marker);
}

async fn every_change_is_a_revision_with_before_and_after(store: Store) {
    import_bundled(&store).await;
    let mut g = grant(&store.load().await.unwrap(), "bra-utvardering");
    g.title = "Stöd för utvärdering".into();
    let change = Change {
        author: "anna",
        comment: "kortare titel",
    };
    let v = store
        .put(Entry::Grant(g), Expect::Version(1), &change)
        .await
        .unwrap();
    assert_eq!(v, 2);
    let history = store.history(EntryKind::Grant, "bra-utvardering").await.unwrap();
    assert_eq!(history.len(), 2);
    let last = &history[1];
    assert_eq!(
        (
            last.action,
            last.version,
            last.author.as_str(),
            last.comment.as_str()
        ),
        (Action::Update, 2, "anna", "kortare titel")
    );
    assert_eq!(
        last.before.as_ref().unwrap()["title"],
        "Stöd för utvärdering av brottsförebyggande insatser."
    );
    assert_eq!(last.after["title"], "Stöd för utvärdering");
    // When: just now (the stored text form is tested in `time.rs`).
    let age = jiff::Timestamp::now().duration_since(last.at);
    assert!(
        age >= jiff::SignedDuration::ZERO && age < jiff::SignedDuration::from_secs(60),
        "{}",
        last.at
    );
}

async fn a_stale_version_is_a_conflict_and_changes_nothing(store: Store) {
    import_bundled(&store).await;
    let data = store.load().await.unwrap();
    let mut first = grant(&data, "bra-utvardering");
    first.title = "Första".into();
    store
        .put(Entry::Grant(first), Expect::Version(1), &EDITOR)
        .await
        .unwrap();
    let mut second = grant(&data, "bra-utvardering");
    second.title = "Andra".into();
    let err = store
        .put(Entry::Grant(second), Expect::Version(1), &EDITOR)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { actual: 2, .. }), "{err}");
    assert_eq!(
        grant(&store.load().await.unwrap(), "bra-utvardering").title,
        "Första"
    );
    let err = store
        .put(
            Entry::Grant(grant(&data, "bra-utvardering")),
            Expect::New,
            &EDITOR,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
}

async fn concurrent_edits_of_one_entry_never_lose_a_change(store: Store) {
    import_bundled(&store).await;
    let data = store.load().await.unwrap();
    let mut tasks = Vec::new();
    for i in 0..8 {
        let store = store.clone();
        let mut g = grant(&data, "vinnova-coronakrisen");
        g.title = format!("Titel {i}");
        tasks.push(tokio::spawn(async move {
            store.put(Entry::Grant(g), Expect::Version(1), &EDITOR).await
        }));
    }
    let mut ok = Vec::new();
    for (i, t) in tasks.into_iter().enumerate() {
        match t.await.unwrap() {
            Ok(v) => ok.push((i, v)),
            Err(StoreError::Conflict { .. }) => {}
            Err(e) => panic!("unexpected error: {e}"),
        }
    }
    assert_eq!(ok.len(), 1, "exactly one of the edits wins: {ok:?}");
    let winner = format!("Titel {}", ok[0].0);
    assert_eq!(
        grant(&store.load().await.unwrap(), "vinnova-coronakrisen").title,
        winner
    );
    assert_eq!(
        store
            .history(EntryKind::Grant, "vinnova-coronakrisen")
            .await
            .unwrap()
            .len(),
        2
    );
}

async fn retiring_hides_an_entry_but_keeps_its_history(store: Store) {
    import_bundled(&store).await;
    let v = store
        .retire(
            EntryKind::Grant,
            "vinnova-coronakrisen",
            Expect::Version(1),
            &EDITOR,
        )
        .await
        .unwrap();
    assert_eq!(v, 2);
    assert!(
        store
            .load()
            .await
            .unwrap()
            .grants
            .iter()
            .all(|g| g.id.as_str() != "vinnova-coronakrisen")
    );
    let stored = store
        .get(EntryKind::Grant, "vinnova-coronakrisen")
        .await
        .unwrap()
        .unwrap();
    assert!(stored.retired);
    let history = store
        .history(EntryKind::Grant, "vinnova-coronakrisen")
        .await
        .unwrap();
    assert_eq!(
        history.iter().map(|r| r.action).collect::<Vec<_>>(),
        [Action::Create, Action::Retire]
    );
    // The actor whose only grant that was can now go too.
    store
        .retire(EntryKind::Actor, "vinnova", Expect::Any, &EDITOR)
        .await
        .unwrap();
    let err = store
        .retire(EntryKind::Grant, "finns-inte", Expect::Any, &EDITOR)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
}

async fn an_entry_in_use_cannot_be_retired(store: Store) {
    import_bundled(&store).await;
    let err = store
        .retire(EntryKind::Actor, "boverket", Expect::Any, &EDITOR)
        .await
        .unwrap_err();
    let StoreError::Invalid(errors) = &err else {
        panic!("{err}")
    };
    assert!(
        errors
            .0
            .iter()
            .any(|e| e.entry.as_deref() == Some("grant \"boverket-samlingslokaler\"")),
        "{err}"
    );
    assert!(
        store
            .load()
            .await
            .unwrap()
            .actors
            .iter()
            .any(|a| a.id.as_str() == "boverket")
    );
}

async fn any_revision_can_be_restored(store: Store) {
    import_bundled(&store).await;
    let mut g = grant(&store.load().await.unwrap(), "bra-utvardering");
    g.title = "Fel titel".into();
    store
        .put(Entry::Grant(g), Expect::Version(1), &EDITOR)
        .await
        .unwrap();
    let first = store.history(EntryKind::Grant, "bra-utvardering").await.unwrap()[0].id;
    let v = store
        .restore(
            first,
            &Change {
                author: "bo",
                comment: "återställd",
            },
        )
        .await
        .unwrap();
    assert_eq!(v, 3);
    let g = grant(&store.load().await.unwrap(), "bra-utvardering");
    assert_eq!(g.title, "Stöd för utvärdering av brottsförebyggande insatser.");
    let history = store.history(EntryKind::Grant, "bra-utvardering").await.unwrap();
    assert_eq!(
        history.iter().map(|r| r.action).collect::<Vec<_>>(),
        [Action::Create, Action::Update, Action::Restore]
    );
    // Restoring a retirement retires again; restoring the creation brings it back.
    let retire = store
        .retire(EntryKind::Grant, "bra-utvardering", Expect::Any, &EDITOR)
        .await
        .unwrap();
    assert_eq!(retire, 4);
    store.restore(first, &EDITOR).await.unwrap();
    assert!(
        !store
            .get(EntryKind::Grant, "bra-utvardering")
            .await
            .unwrap()
            .unwrap()
            .retired
    );
    assert!(matches!(
        store.restore(999_999, &EDITOR).await,
        Err(StoreError::NoRevision(999_999))
    ));
}

async fn a_write_that_breaks_a_reference_is_refused(store: Store) {
    import_bundled(&store).await;
    let mut g = grant(&store.load().await.unwrap(), "bra-utvardering");
    g.areas.push(samverkan_domain::Slug::parse("kultur").unwrap());
    let err = store
        .put(Entry::Grant(g), Expect::Any, &EDITOR)
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("there is no area with id \"kultur\""),
        "{err}"
    );
    assert_eq!(
        store
            .history(EntryKind::Grant, "bra-utvardering")
            .await
            .unwrap()
            .len(),
        1
    );
}

async fn accounts_are_created_changed_disabled_never_deleted(store: Store) {
    assert!(store.users().await.unwrap().is_empty());
    let anna = store
        .create_user("anna", Role::Admin, "$argon2id$hash-one")
        .await
        .unwrap();
    assert_eq!((anna.role, anna.disabled), (Role::Admin, false));
    store
        .create_user("bo", Role::Editor, "$argon2id$hash-two")
        .await
        .unwrap();
    let err = store.create_user("anna", Role::Editor, "x").await.unwrap_err();
    assert!(
        matches!(err, StoreError::UserExists(ref n) if n == "anna"),
        "{err}"
    );
    let names: Vec<String> = store
        .users()
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.username)
        .collect();
    assert_eq!(names, ["anna", "bo"]);

    store.set_password("bo", "$argon2id$hash-three").await.unwrap();
    assert_eq!(
        store.credentials("bo").await.unwrap().unwrap().1,
        "$argon2id$hash-three"
    );
    store.set_disabled("bo", true).await.unwrap();
    let bo = store.user("bo").await.unwrap().unwrap();
    assert!(bo.disabled);
    assert_eq!(store.users().await.unwrap().len(), 2, "disabled, not deleted");
    store.set_disabled("bo", false).await.unwrap();
    assert!(!store.user("bo").await.unwrap().unwrap().disabled);
    assert!(matches!(
        store.set_password("cecilia", "x").await,
        Err(StoreError::NoUser(_))
    ));
    assert!(matches!(
        store.set_disabled("cecilia", true).await,
        Err(StoreError::NoUser(_))
    ));
    assert!(store.credentials("cecilia").await.unwrap().is_none());
}

async fn sessions_expire_and_end_when_the_account_is_disabled(store: Store) {
    use std::time::Duration;
    store
        .create_user("anna", Role::Editor, "$argon2id$x")
        .await
        .unwrap();
    store
        .create_session("live", "anna", "csrf-1", Duration::from_secs(3600), 10)
        .await
        .unwrap();
    store
        .create_session("expired", "anna", "csrf-2", Duration::ZERO, 10)
        .await
        .unwrap();
    let session = store.session("live").await.unwrap().unwrap();
    assert_eq!(
        (session.user.username.as_str(), session.csrf.as_str()),
        ("anna", "csrf-1")
    );
    assert!(store.session("expired").await.unwrap().is_none(), "expired");
    assert!(store.session("unknown").await.unwrap().is_none());

    store.end_session("live").await.unwrap();
    assert!(store.session("live").await.unwrap().is_none(), "logged out");

    store
        .create_session("again", "anna", "csrf-3", Duration::from_secs(3600), 10)
        .await
        .unwrap();
    store.set_disabled("anna", true).await.unwrap();
    store.set_disabled("anna", false).await.unwrap();
    assert!(
        store.session("again").await.unwrap().is_none(),
        "disabling an account ends its sessions"
    );
}

async fn an_account_keeps_only_its_newest_sessions(store: Store) {
    use std::time::Duration;
    store
        .create_user("anna", Role::Editor, "$argon2id$x")
        .await
        .unwrap();
    store
        .create_user("bo", Role::Editor, "$argon2id$x")
        .await
        .unwrap();
    store
        .create_session("bo-1", "bo", "c", Duration::from_secs(3600), 3)
        .await
        .unwrap();
    for i in 0..12 {
        store
            .create_session(&format!("anna-{i:02}"), "anna", "c", Duration::from_secs(3600), 3)
            .await
            .unwrap();
        // Distinct creation times, so that "newest" is well defined.
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let live: Vec<String> = store
        .sessions_of("anna")
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.secret_hash)
        .collect();
    assert_eq!(
        live,
        ["anna-11", "anna-10", "anna-09"],
        "newest first, at most three"
    );
    assert!(store.session("anna-00").await.unwrap().is_none());
    assert!(
        store.session("bo-1").await.unwrap().is_some(),
        "other accounts keep theirs"
    );
    store.end_sessions_of("anna").await.unwrap();
    assert!(store.sessions_of("anna").await.unwrap().is_empty());
}

async fn a_change_with_control_characters_in_its_comment_is_refused(store: Store) {
    import_bundled(&store).await;
    let before = store.load().await.unwrap();
    let mut grant = before.grants[0].clone();
    grant.title.push_str(" (ändrad)");
    for (author, comment) in [
        ("anna", "rad ett\nrad två"),
        ("anna", "a\u{202e}b"),
        ("an\u{0}na", "ok"),
    ] {
        let result = store
            .put(
                Entry::Grant(grant.clone()),
                Expect::Any,
                &Change { author, comment },
            )
            .await;
        match result {
            Err(StoreError::Invalid(errors)) => {
                let text = errors.to_string();
                assert!(text.contains("U+"), "{text}");
            }
            other => panic!("{comment:?} by {author:?}: {other:?}"),
        }
    }
    assert_eq!(store.load().await.unwrap(), before, "nothing changed");
}

async fn tokens_are_found_by_hash_until_revoked(store: Store) {
    store
        .create_user("anna", Role::Admin, "$argon2id$x")
        .await
        .unwrap();
    store
        .create_user("bo", Role::Editor, "$argon2id$y")
        .await
        .unwrap();
    let token = store
        .create_token("import", "bo", "hash-1", "anna")
        .await
        .unwrap();
    assert_eq!(
        (token.name.as_str(), token.created_by.as_str()),
        ("import", "anna")
    );
    let (found, user) = store.token_user("hash-1").await.unwrap().unwrap();
    assert_eq!((found.id, user.username.as_str()), (token.id, "bo"));
    assert!(store.token_user("hash-2").await.unwrap().is_none());

    store.set_disabled("bo", true).await.unwrap();
    assert!(
        store.token_user("hash-1").await.unwrap().is_none(),
        "disabled account"
    );
    store.set_disabled("bo", false).await.unwrap();

    store.revoke_token(token.id).await.unwrap();
    assert!(store.token_user("hash-1").await.unwrap().is_none(), "revoked");
    let listed = store.tokens().await.unwrap();
    assert_eq!(listed.len(), 1, "revoked, not deleted");
    assert!(listed[0].revoked_at.is_some());
    assert!(matches!(
        store.revoke_token(999).await,
        Err(StoreError::NoToken(999))
    ));
    assert!(matches!(
        store.create_token("x", "nobody", "hash-3", "anna").await,
        Err(StoreError::NoUser(_))
    ));
}

async fn link_checks_keep_the_latest_result_per_address(store: Store) {
    use samverkan_store::LinkCheck;
    let check = |url: &str, ok: bool, status: Option<i32>| LinkCheck {
        url: url.into(),
        checked_at: samverkan_store::now(),
        ok,
        status,
        error: (!ok && status.is_none()).then(|| "timed out".to_string()),
    };
    store
        .record_link_checks(&[
            check("https://a.example/", true, Some(200)),
            check("https://b.example/", false, None),
        ])
        .await
        .unwrap();
    store
        .record_link_checks(&[check("https://a.example/", false, Some(404))])
        .await
        .unwrap();
    let all = store.link_checks().await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!((all[0].ok, all[0].status), (false, Some(404)));
    assert_eq!(all[1].error.as_deref(), Some("timed out"));
}

/// A single write reads only the entries it can name (the vocabularies and
/// the actors it refers to), so these are the cases that must still be
/// refused: a missing or retired actor, an unknown vocabulary entry.
async fn a_write_is_checked_against_every_entry_it_names(store: Store) {
    import_bundled(&store).await;
    let data = store.load().await.unwrap();
    let mut lone = data
        .actors
        .iter()
        .find(|a| a.id.as_str() == "boverket")
        .unwrap()
        .clone();
    lone.id = samverkan_domain::Slug::parse("ensam-aktor").unwrap();
    store
        .put(Entry::Actor(lone.clone()), Expect::New, &EDITOR)
        .await
        .unwrap();
    store
        .retire(EntryKind::Actor, "ensam-aktor", Expect::Any, &EDITOR)
        .await
        .unwrap();
    let refused = |e: StoreError, text: &str| {
        assert!(e.to_string().contains(text), "{e}");
    };
    let mut g = grant(&data, "bra-utvardering");
    g.provider = samverkan_domain::Slug::parse("finns-inte").unwrap();
    refused(
        store
            .put(Entry::Grant(g.clone()), Expect::Any, &EDITOR)
            .await
            .unwrap_err(),
        "there is no actor with id \"finns-inte\"",
    );
    g.provider = lone.id.clone();
    refused(
        store
            .put(Entry::Grant(g), Expect::Any, &EDITOR)
            .await
            .unwrap_err(),
        "there is no actor with id \"ensam-aktor\"",
    );
    let mut i = data.initiatives[0].clone();
    i.participants.push(lone.id.clone());
    refused(
        store
            .put(Entry::Initiative(i.clone()), Expect::Any, &EDITOR)
            .await
            .unwrap_err(),
        "there is no actor with id \"ensam-aktor\"",
    );
    let mut a = data.actors[0].clone();
    a.perspectives
        .push(samverkan_domain::Slug::parse("ingen-sadan").unwrap());
    refused(
        store
            .put(Entry::Actor(a), Expect::Any, &EDITOR)
            .await
            .unwrap_err(),
        "there is no perspective with id \"ingen-sadan\"",
    );
    // What does refer to existing entries goes in.
    let mut ok = grant(&data, "bra-utvardering");
    ok.provider = samverkan_domain::Slug::parse("skolverket").unwrap();
    store.put(Entry::Grant(ok), Expect::Any, &EDITOR).await.unwrap();
    i.participants.pop();
    i.participants.push(samverkan_domain::Slug::parse("bra").unwrap());
    store
        .put(Entry::Initiative(i), Expect::Any, &EDITOR)
        .await
        .unwrap();
}

async fn changes_since_a_marker_are_the_entries_written_as_they_are_now(store: Store) {
    import_bundled(&store).await;
    let marker = store.change_marker().await.unwrap();
    assert_eq!(store.changes_since(marker, 10).await.unwrap(), Changes::None);
    let mut g = grant(&store.load().await.unwrap(), "bra-utvardering");
    g.title = "Ny titel".into();
    store
        .put(Entry::Grant(g.clone()), Expect::Any, &EDITOR)
        .await
        .unwrap();
    store
        .retire(EntryKind::Grant, "boverket-samlingslokaler", Expect::Any, &EDITOR)
        .await
        .unwrap();
    let now = store.change_marker().await.unwrap();
    assert_eq!(now, marker + 2);
    assert_eq!(
        store.changes_since(marker, 10).await.unwrap(),
        Changes::Entries {
            marker: now,
            entries: vec![
                (EntryKind::Grant, g.id.clone(), Some(Entry::Grant(g.clone()))),
                (
                    EntryKind::Grant,
                    samverkan_domain::Slug::parse("boverket-samlingslokaler").unwrap(),
                    None
                ),
            ],
        }
    );
    // The same entry written twice is named once, as it is now.
    g.title = "Nyare titel".into();
    store
        .put(Entry::Grant(g.clone()), Expect::Any, &EDITOR)
        .await
        .unwrap();
    let Changes::Entries { entries, .. } = store.changes_since(marker + 1, 10).await.unwrap() else {
        panic!("entries expected")
    };
    assert_eq!(entries.len(), 2);
    assert!(entries.contains(&(EntryKind::Grant, g.id.clone(), Some(Entry::Grant(g)))));
    // More than asked for, or a marker from another history: load everything.
    let now = store.change_marker().await.unwrap();
    assert_eq!(
        store.changes_since(marker, 1).await.unwrap(),
        Changes::Reload { marker: now }
    );
    assert_eq!(
        store.changes_since(now + 5, 10).await.unwrap(),
        Changes::Reload { marker: now }
    );
    // The import is a change too: every entry it wrote, once each.
    let Changes::Entries { entries, .. } = store.changes_since(0, 1000).await.unwrap() else {
        panic!("entries expected")
    };
    assert_eq!(entries.len(), bundled::dataset().unwrap().len());
}

#[tokio::test]
async fn postgres_a_listener_hears_each_change_of_its_own_schema() {
    let (store, schema) = postgres().await;
    let (other, other_schema) = postgres().await;
    import_bundled(&store).await;
    import_bundled(&other).await;
    let mut listener = store.listen().await.unwrap().expect("PostgreSQL listens");
    assert!(listener.pid().is_some());
    let mut g = grant(&other.load().await.unwrap(), "bra-utvardering");
    g.title = "I ett annat schema".into();
    other
        .put(Entry::Grant(g.clone()), Expect::Any, &EDITOR)
        .await
        .unwrap();
    g.title = "I vårt schema".into();
    store
        .put(Entry::Grant(g.clone()), Expect::Any, &EDITOR)
        .await
        .unwrap();
    let heard = tokio::time::timeout(std::time::Duration::from_secs(10), listener.next())
        .await
        .expect("a notice within 10 s")
        .unwrap();
    let Heard::Notice(notice) = heard else {
        panic!("a notice expected, not {heard:?}")
    };
    assert_eq!(notice.schema, schema.name);
    assert_eq!(notice.change, store.change_marker().await.unwrap());
    assert_eq!(notice.entries, Some(vec![(EntryKind::Grant, g.id.clone())]));
    // An import names no entries: there are too many.
    let mut data = store.load().await.unwrap();
    for g in &mut data.grants {
        g.title.push_str(" (ändrad)");
    }
    for a in &mut data.actors {
        a.name.push_str(" (ändrad)");
    }
    assert!(data.grants.len() + data.actors.len() > 64);
    store.import(&data, &Origins::new(), &EDITOR).await.unwrap();
    let Heard::Notice(notice) = listener.next().await.unwrap() else {
        panic!("a notice expected")
    };
    assert_eq!(notice.entries, None);
    schema.drop().await;
    other_schema.drop().await;
}

mod alert_helpers {
    use samverkan_store::{Digest, MessageKind, NewSubscription, OutMessage};

    pub fn subscription(id: &str, email: &str, hash: &str, valid_hours: i64) -> NewSubscription {
        NewSubscription {
            id: id.to_string(),
            email: email.to_string(),
            lang: "sv".into(),
            filter: "area=boende".into(),
            digest: Digest::Weekly,
            reminder_days: vec![14, 3],
            confirm_hash: hash.to_string(),
            confirm_by: jiff::Timestamp::now()
                .checked_add(jiff::SignedDuration::from_hours(valid_hours))
                .unwrap(),
        }
    }

    pub fn message(dedupe: &str, sub: Option<&str>, kind: MessageKind, to: &str) -> OutMessage {
        OutMessage {
            dedupe: dedupe.to_string(),
            subscription_id: sub.map(str::to_string),
            kind,
            recipient: to.to_string(),
            subject: format!("about {dedupe}"),
            message: format!("Subject: about {dedupe}\r\n\r\nbody\r\n"),
        }
    }
}

async fn a_subscription_is_confirmed_once_within_its_time_and_limited_per_address(store: Store) {
    use alert_helpers::*;
    use samverkan_store::MessageKind;
    let today = "2026-12-05";
    let sub = subscription("s1", "anna@example.se", "h1", 48);
    let confirm = message("confirm:s1", Some("s1"), MessageKind::Confirm, "anna@example.se");
    assert!(store.subscribe(&sub, &confirm, 3).await.unwrap());
    assert!(store.confirmation_pending("h1").await.unwrap());
    assert!(!store.confirmation_pending("other").await.unwrap());
    assert_eq!(store.confirmed_subscriptions().await.unwrap(), vec![]);
    let confirmed = store.confirm_subscription("h1", today).await.unwrap().unwrap();
    assert!(confirmed.confirmed_at.is_some());
    assert_eq!(confirmed.reminded_through.as_deref(), Some(today));
    assert_eq!(
        confirmed.digest_marker,
        Some(store.change_marker().await.unwrap())
    );
    assert_eq!(confirmed.reminder_days, vec![14, 3]);
    // The link works once.
    assert_eq!(store.confirm_subscription("h1", today).await.unwrap(), None);
    assert_eq!(store.confirmed_subscriptions().await.unwrap().len(), 1);
    // An expired link confirms nothing.
    let old = subscription("s2", "bo@example.se", "h2", -1);
    let confirm2 = message("confirm:s2", Some("s2"), MessageKind::Confirm, "bo@example.se");
    assert!(store.subscribe(&old, &confirm2, 3).await.unwrap());
    assert!(!store.confirmation_pending("h2").await.unwrap());
    assert_eq!(store.confirm_subscription("h2", today).await.unwrap(), None);
    // Three confirmation or management messages a day to one address; the
    // fourth request stores nothing at all.
    for n in 3..5 {
        let sub = subscription(&format!("s{n}"), "anna@example.se", &format!("h{n}"), 48);
        let m = message(
            &format!("confirm:s{n}"),
            Some(&sub.id),
            MessageKind::Confirm,
            "anna@example.se",
        );
        assert!(store.subscribe(&sub, &m, 3).await.unwrap(), "request {n}");
    }
    let sub = subscription("s5", "anna@example.se", "h5", 48);
    let m = message("confirm:s5", Some("s5"), MessageKind::Confirm, "anna@example.se");
    assert!(!store.subscribe(&sub, &m, 3).await.unwrap());
    assert_eq!(store.subscription("s5").await.unwrap(), None);
    let manage = message("manage:x", None, MessageKind::Manage, "anna@example.se");
    assert!(!store.enqueue_limited(&manage, 3).await.unwrap());
    assert_eq!(store.subscriptions_of("anna@example.se").await.unwrap().len(), 3);
    // The expired, unconfirmed one goes with its message when purged.
    assert_eq!(store.purge_alerts().await.unwrap(), 2);
    assert_eq!(store.subscription("s2").await.unwrap(), None);
    assert!(store.messages_to("bo@example.se").await.unwrap().is_empty());
}

async fn concurrent_senders_take_each_message_once_and_a_lease_ends(store: Store) {
    use alert_helpers::*;
    use samverkan_store::MessageKind;
    let messages: Vec<_> = (0..40)
        .map(|n| {
            message(
                &format!("m{n}"),
                None,
                MessageKind::Manage,
                &format!("p{n}@example.se"),
            )
        })
        .collect();
    assert_eq!(store.enqueue(&messages).await.unwrap(), 40);
    let lease = std::time::Duration::from_secs(600);
    let mut senders = Vec::new();
    for _ in 0..4 {
        let store = store.clone();
        senders.push(tokio::spawn(async move {
            let mut got = Vec::new();
            while let Some(m) = store.claim_message(lease).await.unwrap() {
                got.push(m.id);
            }
            got
        }));
    }
    let mut all = Vec::new();
    for s in senders {
        all.extend(s.await.unwrap());
    }
    all.sort_unstable();
    let before = all.len();
    all.dedup();
    assert_eq!(before, all.len(), "a message was claimed twice");
    assert_eq!(all.len(), 40);
    // Held messages are not due; a short lease ends and the message is taken again.
    assert!(store.claim_message(lease).await.unwrap().is_none());
    let more = [message("late", None, MessageKind::Manage, "q@example.se")];
    store.enqueue(&more).await.unwrap();
    let first = store
        .claim_message(std::time::Duration::from_millis(200))
        .await
        .unwrap()
        .unwrap();
    assert!(store.claim_message(lease).await.unwrap().is_none());
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let again = store.claim_message(lease).await.unwrap().unwrap();
    assert_eq!(again.id, first.id);
    // The first holder, late, records nothing; the second does.
    assert!(!store.message_failed(&first, "late").await.unwrap());
    assert!(store.message_sent(&again).await.unwrap());
    assert_eq!(store.alert_counts().await.unwrap().failed, 0);
    // A sent message keeps its subject and times, not its text (its links work).
    let listed = store.messages_to("q@example.se").await.unwrap();
    assert_eq!(
        (listed[0].status.as_str(), listed[0].subject.as_str()),
        ("sent", "about late")
    );
}

async fn a_message_is_marked_sent_retried_or_failed(store: Store) {
    use alert_helpers::*;
    use samverkan_store::MessageKind;
    let ms = [
        message("a", None, MessageKind::Manage, "a@example.se"),
        message("b", None, MessageKind::Manage, "b@example.se"),
        message("c", None, MessageKind::Manage, "c@example.se"),
    ];
    store.enqueue(&ms).await.unwrap();
    let lease = std::time::Duration::from_secs(60);
    let a = store.claim_message(lease).await.unwrap().unwrap();
    assert_eq!((a.recipient.as_str(), a.attempts), ("a@example.se", 0));
    assert!(a.message.contains("about a"));
    assert!(store.message_sent(&a).await.unwrap());
    let b = store.claim_message(lease).await.unwrap().unwrap();
    let later = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_hours(1))
        .unwrap();
    assert!(store.message_retry(&b, later, "421 try later").await.unwrap());
    let c = store.claim_message(lease).await.unwrap().unwrap();
    assert!(store.message_failed(&c, "550 no such user").await.unwrap());
    // A result is recorded once, by the claim's holder.
    assert!(!store.message_sent(&c).await.unwrap(), "failed stays failed");
    // Nothing is due now; the retried one is due in an hour.
    assert!(store.claim_message(lease).await.unwrap().is_none());
    let due = store.next_message_due().await.unwrap().unwrap();
    assert!(due > jiff::Timestamp::now(), "{due}");
    let counts = store.alert_counts().await.unwrap();
    assert_eq!(
        (counts.sent, counts.pending, counts.retrying, counts.failed),
        (1, 1, 1, 1)
    );
    let failed = store.failed_messages(10).await.unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(
        (failed[0].error.as_str(), failed[0].attempts),
        ("550 no such user", 1)
    );
    let listed = store.messages_to("a@example.se").await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].status, "sent");
    assert!(listed[0].sent_at.is_some());
}

async fn leaving_deletes_the_subscription_its_messages_and_at_last_the_address(store: Store) {
    use alert_helpers::*;
    use samverkan_store::MessageKind;
    for (id, hash) in [("x1", "hx1"), ("x2", "hx2")] {
        let sub = subscription(id, "eva@example.se", hash, 48);
        let m = message(
            &format!("confirm:{id}"),
            Some(id),
            MessageKind::Confirm,
            "eva@example.se",
        );
        store.subscribe(&sub, &m, 3).await.unwrap();
        store
            .confirm_subscription(hash, "2026-12-05")
            .await
            .unwrap()
            .unwrap();
    }
    let manage = message("manage:eva", None, MessageKind::Manage, "eva@example.se");
    assert!(store.enqueue_limited(&manage, 3).await.unwrap());
    assert_eq!(store.messages_to("eva@example.se").await.unwrap().len(), 3);
    // Leaving one: its messages go, the other's stay, and the address stays.
    assert_eq!(
        store.unsubscribe("x1").await.unwrap().as_deref(),
        Some("eva@example.se")
    );
    assert_eq!(store.messages_to("eva@example.se").await.unwrap().len(), 2);
    assert_eq!(store.unsubscribe("x1").await.unwrap(), None, "leaving twice");
    // Leaving the last: nothing about the address is left.
    store.unsubscribe("x2").await.unwrap();
    assert!(store.messages_to("eva@example.se").await.unwrap().is_empty());
    assert!(store.subscriptions_of("eva@example.se").await.unwrap().is_empty());
    // Forgetting an address deletes everything at once.
    let sub = subscription("y1", "eva@example.se", "hy1", 48);
    let m = message("confirm:y1", Some("y1"), MessageKind::Confirm, "eva@example.se");
    store.subscribe(&sub, &m, 3).await.unwrap();
    assert_eq!(store.forget_address("eva@example.se").await.unwrap(), 1);
    assert!(store.messages_to("eva@example.se").await.unwrap().is_empty());
}

async fn planning_the_same_message_twice_stores_it_once(store: Store) {
    use alert_helpers::*;
    use samverkan_store::{MessageKind, Planned};
    let sub = subscription("p1", "ola@example.se", "hp1", 48);
    let m = message("confirm:p1", Some("p1"), MessageKind::Confirm, "ola@example.se");
    store.subscribe(&sub, &m, 3).await.unwrap();
    store.confirm_subscription("hp1", "2026-12-05").await.unwrap();
    let confirmed = store.subscription("p1").await.unwrap().unwrap();
    let reminder = message(
        "reminder:p1:2027-08-17",
        Some("p1"),
        MessageKind::Reminder,
        "ola@example.se",
    );
    let after = samverkan_store::PlanState {
        digest_marker: Some(7),
        digest_period: Some("2027-W33".into()),
        reminded_through: Some("2027-08-17".into()),
    };
    let planned = Planned {
        subscription_id: "p1".into(),
        before: confirmed.plan_state(),
        after: after.clone(),
        messages: vec![reminder.clone()],
    };
    assert_eq!(
        store
            .record_planned(std::slice::from_ref(&planned))
            .await
            .unwrap(),
        1
    );
    let s = store.subscription("p1").await.unwrap().unwrap();
    assert_eq!(s.plan_state(), after);
    // A second planner that read the state before the first wrote it
    // stores nothing: not its messages, not its state.
    let late = Planned {
        after: samverkan_store::PlanState {
            reminded_through: Some("2027-08-18".into()),
            ..after.clone()
        },
        messages: vec![message(
            "reminder:p1:2027-08-18",
            Some("p1"),
            MessageKind::Reminder,
            "ola@example.se",
        )],
        ..planned.clone()
    };
    assert_eq!(store.record_planned(&[late]).await.unwrap(), 0);
    assert_eq!(
        store.subscription("p1").await.unwrap().unwrap().plan_state(),
        after
    );
    // The same message planned again from the new state is stored once.
    let again = Planned {
        before: after.clone(),
        after: samverkan_store::PlanState {
            reminded_through: Some("2027-08-19".into()),
            ..after.clone()
        },
        messages: vec![reminder.clone()],
        ..planned.clone()
    };
    assert_eq!(
        store.record_planned(std::slice::from_ref(&again)).await.unwrap(),
        0
    );
    // A subscription deleted meanwhile gets nothing.
    store.unsubscribe("p1").await.unwrap();
    let deleted = Planned {
        before: again.after.clone(),
        messages: vec![message(
            "reminder:p1:2027-08-28",
            Some("p1"),
            MessageKind::Reminder,
            "ola@example.se",
        )],
        ..again
    };
    assert_eq!(store.record_planned(&[deleted]).await.unwrap(), 0);
    assert!(store.messages_to("ola@example.se").await.unwrap().is_empty());
    // Grants changed between two markers, each with whether it was created.
    import_bundled(&store).await;
    let marker = store.change_marker().await.unwrap();
    let changes = store.grant_changes(0, marker).await.unwrap();
    assert!(!changes.is_empty() && changes.iter().all(|(_, created)| *created));
    assert!(store.grant_changes(marker, marker).await.unwrap().is_empty());
}

async fn an_account_keeps_at_least_one_organisation_once_it_has_one(store: Store) {
    store
        .create_user("eva", Role::Editor, "$argon2id$x")
        .await
        .unwrap();
    assert!(store.organisations_of("eva").await.unwrap().is_empty());
    store.add_membership("eva", "boverket", "admin").await.unwrap();
    store.add_membership("eva", "boverket", "admin").await.unwrap();
    store.add_membership("eva", "skr", "admin").await.unwrap();
    assert_eq!(
        store.organisations_of("eva").await.unwrap(),
        vec!["boverket", "skr"]
    );
    assert!(matches!(
        store.remove_membership("eva", "mucf").await,
        Err(StoreError::NoMembership { .. })
    ));
    store.remove_membership("eva", "boverket").await.unwrap();
    assert!(matches!(
        store.remove_membership("eva", "skr").await,
        Err(StoreError::LastMembership(_))
    ));
    assert_eq!(
        store.memberships().await.unwrap(),
        vec![("eva".to_string(), "skr".to_string())]
    );
    assert!(matches!(
        store.add_membership("nobody", "skr", "admin").await,
        Err(StoreError::NoUser(_))
    ));
}

async fn a_report_is_closed_once_and_forgets_its_address(store: Store) {
    use samverkan_store::{MessageKind, NewReport, Outcome};
    let report = |id: &str, email: Option<&str>| NewReport {
        id: id.to_string(),
        kind: "grant".into(),
        entry_id: "boverket-samlingslokaler".into(),
        owner: Some("boverket".into()),
        what: "Fel datum.".into(),
        source_url: None,
        email: email.map(str::to_string),
        lang: "sv".into(),
    };
    for n in 0..3 {
        assert!(
            store
                .add_report(&report(&format!("r{n}"), Some("anna@example.se")), 2)
                .await
                .unwrap()
                || n == 2
        );
    }
    assert_eq!(
        store.reports(true, 10).await.unwrap().len(),
        2,
        "two a day from one address"
    );
    assert!(store.add_report(&report("anonym", None), 2).await.unwrap());
    let answer = alert_helpers::message("answer:r0", None, MessageKind::Answer, "anna@example.se");
    assert!(
        store
            .close_report("r0", Outcome::Fixed, "Rättat.", "eva", Some(&answer))
            .await
            .unwrap()
    );
    assert!(
        !store
            .close_report("r0", Outcome::NotAProblem, "Igen.", "eva", None)
            .await
            .unwrap(),
        "once"
    );
    let closed = store.report("r0").await.unwrap().unwrap();
    assert_eq!(closed.email, None);
    assert_eq!(closed.outcome, Some(Outcome::Fixed));
    assert_eq!(closed.reply.as_deref(), Some("Rättat."));
    assert_eq!(store.messages_to("anna@example.se").await.unwrap().len(), 1);
    assert_eq!(store.reports(true, 10).await.unwrap().len(), 2);
    assert_eq!(store.reports(false, 10).await.unwrap().len(), 1);
    // The address is gone from the closed report, but its reports still count.
    assert!(
        !store
            .add_report(&report("r9", Some("ANNA@example.se")), 2)
            .await
            .unwrap()
    );
}

async fn a_proposal_is_decided_once_and_keeps_its_comments(store: Store) {
    import_bundled(&store).await;
    let stored = store
        .get(EntryKind::Grant, "boverket-samlingslokaler")
        .await
        .unwrap()
        .unwrap();
    let mut after = stored.entry.to_json();
    after["description"] = "Ny text.".into();
    store
        .add_proposal(&samverkan_store::NewProposal {
            id: "p1".into(),
            kind: EntryKind::Grant,
            entry_id: "boverket-samlingslokaler".into(),
            base_version: Some(stored.version),
            before: Some(stored.entry.to_json()),
            after: Some(after.clone()),
            author: "bo".into(),
            comment: "Från webbplatsen".into(),
        })
        .await
        .unwrap();
    let open = store.proposals(true, 10).await.unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].after.as_ref(), Some(&after));
    assert_eq!(open[0].base_version, Some(stored.version));
    let of_entry = store
        .open_proposals_for(EntryKind::Grant, "boverket-samlingslokaler")
        .await
        .unwrap();
    assert_eq!(of_entry.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["p1"]);
    assert!(
        store
            .open_proposals_for(EntryKind::Grant, "annat")
            .await
            .unwrap()
            .is_empty()
    );
    // Only the author's own open proposals for the entry are replaced.
    let withdrawn = store
        .withdraw_proposals("bo2", EntryKind::Grant, "boverket-samlingslokaler", "ny")
        .await
        .unwrap();
    assert_eq!(withdrawn, 0);
    store
        .add_proposal_comment("c1", "p1", "bo2", "Ser bra ut")
        .await
        .unwrap();
    store
        .add_proposal_comment("c2", "p1", "bo", "Tack")
        .await
        .unwrap();
    let comments = store.proposal_comments("p1").await.unwrap();
    assert_eq!(
        comments.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
        ["Ser bra ut", "Tack"]
    );
    assert!(
        store
            .decide_proposal("p1", ProposalStatus::Approved, "bo2", None)
            .await
            .unwrap()
    );
    // Decided once: a second decision finds it no longer open.
    assert!(
        !store
            .decide_proposal("p1", ProposalStatus::Rejected, "admin", Some("nej"))
            .await
            .unwrap()
    );
    // Reopened when what it approved could not be written.
    store.reopen_proposal("p1").await.unwrap();
    assert_eq!(
        store.proposal("p1").await.unwrap().unwrap().status,
        ProposalStatus::Open
    );
    assert!(
        store
            .decide_proposal("p1", ProposalStatus::Rejected, "admin", Some("nej"))
            .await
            .unwrap()
    );
    let p = store.proposal("p1").await.unwrap().unwrap();
    assert_eq!(
        (p.status, p.decided_by.as_deref(), p.reason.as_deref()),
        (ProposalStatus::Rejected, Some("admin"), Some("nej"))
    );
    assert!(store.proposals(true, 10).await.unwrap().is_empty());
    assert_eq!(store.proposals(false, 10).await.unwrap().len(), 1);
    // Review settings.
    store.set_review("*", true).await.unwrap();
    store.set_review("boverket", true).await.unwrap();
    store.set_review("*", false).await.unwrap();
    assert_eq!(store.review_scopes().await.unwrap(), ["boverket"]);
}

async fn an_organisations_file_keeps_its_validators_only_for_the_same_address(store: Store) {
    store
        .set_organisation_feed("boverket", Some(("https://a.se/f.json", false)), "bo")
        .await
        .unwrap();
    let ok = samverkan_store::HarvestResult {
        status: "ok",
        message: "2 grants",
        validators: Some((Some("\"v1\""), Some("Sat, 05 Dec 2026 10:00:00 GMT"))),
    };
    store.record_harvest("boverket", &ok).await.unwrap();
    let failed = samverkan_store::HarvestResult {
        status: "error",
        message: "not valid JSON",
        validators: None,
    };
    store.record_harvest("boverket", &failed).await.unwrap();
    let feed = store.organisation_feeds().await.unwrap().remove(0);
    assert_eq!(
        feed.etag.as_deref(),
        Some("\"v1\""),
        "a failure keeps the validators of the last file taken"
    );
    assert_eq!(
        (feed.status.as_deref(), feed.message.as_deref()),
        (Some("error"), Some("not valid JSON"))
    );
    // The same address again keeps them; another forgets them.
    store
        .set_organisation_feed("boverket", Some(("https://a.se/f.json", true)), "bo")
        .await
        .unwrap();
    let feed = store.organisation_feeds().await.unwrap().remove(0);
    assert!(feed.direct);
    assert_eq!(feed.etag.as_deref(), Some("\"v1\""));
    store
        .set_organisation_feed("boverket", Some(("https://b.se/f.csv", true)), "bo")
        .await
        .unwrap();
    let feed = store.organisation_feeds().await.unwrap().remove(0);
    assert_eq!((feed.etag, feed.last_modified), (None, None));
    store.set_organisation_feed("boverket", None, "bo").await.unwrap();
    assert!(store.organisation_feeds().await.unwrap().is_empty());
}

async fn a_reminder_names_each_entry_once_with_its_message(store: Store) {
    store.create_user("bo", Role::Editor, "hash").await.unwrap();
    store.set_email("bo", Some("bo@boverket.example")).await.unwrap();
    assert_eq!(
        store.user("bo").await.unwrap().unwrap().email.as_deref(),
        Some("bo@boverket.example")
    );
    let message = samverkan_store::OutMessage {
        dedupe: "verify:bo:2026-12-05".into(),
        subscription_id: None,
        kind: samverkan_store::MessageKind::Verify,
        recipient: "bo@boverket.example".into(),
        subject: "2 poster".into(),
        message: "Subject: 2 poster\r\n\r\n".into(),
    };
    let named = vec![
        (
            "actor".to_string(),
            "boverket".to_string(),
            "2026-12-10".to_string(),
        ),
        ("grant".to_string(), "g".to_string(), "2026-12-12".to_string()),
    ];
    assert!(
        store
            .record_verify_reminder("bo", &named, "2026-12-05", &message)
            .await
            .unwrap()
    );
    // The same day's message again stores nothing, and names nothing more.
    assert!(
        !store
            .record_verify_reminder("bo", &named[..1], "2026-12-05", &message)
            .await
            .unwrap()
    );
    let reminded = store.verify_reminded("bo").await.unwrap();
    assert_eq!(reminded.len(), 2);
    assert!(reminded.contains(&named[1]));
    store.set_email("bo", None).await.unwrap();
    assert_eq!(store.user("bo").await.unwrap().unwrap().email, None);
    assert!(matches!(
        store.set_email("ingen", None).await,
        Err(StoreError::NoUser(_))
    ));
}

async fn writing_several_entries_is_all_or_nothing_at_their_versions(store: Store) {
    import_bundled(&store).await;
    let change = Change {
        author: "hämtning:boverket",
        comment: "Hämtat",
    };
    let stored = store
        .get(EntryKind::Grant, "boverket-samlingslokaler")
        .await
        .unwrap()
        .unwrap();
    let mut changed = stored.entry.to_json();
    changed["description"] = "Ny.".into();
    let changed = Entry::from_json(EntryKind::Grant, &changed).unwrap();
    let new = Entry::from_json(
        EntryKind::Grant,
        &serde_json::json!({"id": "nytt", "title": "Nytt", "provider": "boverket", "verified": "2026-12-01"}),
    )
    .unwrap();
    // One at a stale version: nothing is written.
    let stale = store
        .put_all(
            &[
                (new.clone(), Expect::New),
                (changed.clone(), Expect::Version(stored.version + 1)),
            ],
            &change,
        )
        .await;
    assert!(matches!(stale, Err(StoreError::Conflict { .. })), "{stale:?}");
    assert!(store.get(EntryKind::Grant, "nytt").await.unwrap().is_none());
    // One that breaks a reference: nothing is written.
    let broken = Entry::from_json(
        EntryKind::Grant,
        &serde_json::json!({"id": "trasigt", "title": "T", "provider": "finns-inte", "verified": "2026-12-01"}),
    )
    .unwrap();
    let invalid = store
        .put_all(&[(new.clone(), Expect::New), (broken, Expect::New)], &change)
        .await;
    assert!(matches!(invalid, Err(StoreError::Invalid(_))), "{invalid:?}");
    assert!(store.get(EntryKind::Grant, "nytt").await.unwrap().is_none());
    // Both at their versions: both written, by the harvest.
    let report = store
        .put_all(
            &[(new, Expect::New), (changed, Expect::Version(stored.version))],
            &change,
        )
        .await
        .unwrap();
    assert_eq!((report.created, report.updated), (1, 1));
    let history = store.history(EntryKind::Grant, "nytt").await.unwrap();
    assert_eq!(history[0].author, "hämtning:boverket");
    assert!(store.validate_all(&[]).await.is_ok());
}
