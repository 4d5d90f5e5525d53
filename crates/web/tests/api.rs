//! The JSON API, exercised through the real router on a fresh database loaded
//! with the bundled dataset: these tests are about the API over the real
//! data. (What the answers look like byte for byte is pinned by the
//! snapshots in `snapshots.rs`, on a small fixture.)

mod common;

use common::app::TestApp;

use axum::http::StatusCode;
use samverkan_domain::Entry;
use samverkan_store::{Change, Expect, Store};
use samverkan_web::{AppState, Config};
use serde_json::Value;

async fn app() -> TestApp {
    TestApp::bundled().await
}

/// How many entries of each kind the bundled data holds: the subject of
/// these tests is the bundled data, but its size is read, not written here.
fn bundled() -> samverkan_domain::Dataset {
    samverkan_domain::bundled::dataset().unwrap()
}

fn ids(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn lists_every_grant_with_the_fields_the_spec_names() {
    let app = app().await;
    let body = app.ok("/api/v1/grants?on=2026-11-25").await;
    let grants = bundled().grants.len();
    assert_eq!(body["total"], grants);
    assert_eq!(body["on"], "2026-11-25");
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), grants);
    for item in items {
        for field in [
            "id",
            "title",
            "provider",
            "deadline",
            "next_deadline",
            "status",
            "areas",
            "applicants",
        ] {
            assert!(item.get(field).is_some(), "{field} missing in {item}");
        }
        assert!(item["provider"]["id"].is_string() && item["provider"]["name"].is_string());
    }
    // Nearest deadline first.
    assert_eq!(items[0]["id"], "brottsoffermyndigheten-projekt");
    assert_eq!(items[0]["next_deadline"], "2027-04-01");
    // Verified in December 2021: a 2027 date is the yearly date carried
    // forward, so only expected; the status values stay as they were.
    assert_eq!(items[0]["next_deadline_certainty"], "expected");
    assert_eq!(items[0]["status"], "upcoming");
    let fixed = app
        .ok("/api/v1/grants/mucf-starka-demokratin?on=2019-12-31")
        .await;
    assert_eq!(
        fixed["next_deadline_certainty"], "confirmed",
        "a fixed date is what the source says"
    );
    let round = app
        .ok("/api/v1/grants/brottsoffermyndigheten-projekt?on=2022-01-10")
        .await;
    assert_eq!(
        round["next_deadline_certainty"], "confirmed",
        "the round current when verified"
    );
    let none = app.ok("/api/v1/grants/allmanna-arvsfonden-projekt").await;
    assert!(none["next_deadline_certainty"].is_null());
    let g = app
        .ok("/api/v1/grants/boverket-samlingslokaler?on=2026-11-25")
        .await;
    assert_eq!(
        g["title"],
        "Stöd till allmänna samlingslokaler med ungdomsverksamhet."
    );
    assert_eq!(g["provider"]["name"], "Boverket");
    assert_eq!(g["deadline"]["kind"], "annual");
    assert_eq!(g["deadline"]["text"], "31 augusti");
    assert_eq!(g["deadline"]["dates"][0], "--08-31");
    assert_eq!(g["stale"], true);
}

#[tokio::test]
async fn next_deadline_and_status_follow_the_reference_date() {
    let app = app().await;
    let cases = [
        (
            "brottsoffermyndigheten-projekt",
            "2027-04-01",
            Some("2027-04-01"),
            Some(0),
            "upcoming",
        ),
        (
            "brottsoffermyndigheten-projekt",
            "2027-04-02",
            Some("2027-10-01"),
            Some(182),
            "upcoming",
        ),
        (
            "brottsoffermyndigheten-projekt",
            "2027-12-31",
            Some("2028-04-01"),
            Some(92),
            "upcoming",
        ),
        (
            "brottsoffermyndigheten-projekt",
            "2028-02-29",
            Some("2028-04-01"),
            Some(32),
            "upcoming",
        ),
        (
            "boverket-samlingslokaler",
            "2026-08-31",
            Some("2026-08-31"),
            Some(0),
            "upcoming",
        ),
        (
            "boverket-samlingslokaler",
            "2026-09-01",
            Some("2027-08-31"),
            Some(364),
            "upcoming",
        ),
        (
            "boverket-samlingslokaler",
            "2027-09-01",
            Some("2028-08-31"),
            Some(365),
            "upcoming",
        ),
        (
            "mucf-rasism-och-intolerans",
            "2021-02-18",
            Some("2021-02-18"),
            Some(0),
            "upcoming",
        ),
        ("mucf-rasism-och-intolerans", "2021-02-19", None, None, "passed"),
        (
            "mucf-starka-demokratin",
            "2019-12-31",
            Some("2020-02-18"),
            Some(49),
            "upcoming",
        ),
        ("allmanna-arvsfonden-projekt", "2026-11-25", None, None, "rolling"),
        // Ended (the service found its last day was 1 April 2018).
        ("boverket-skollokaler", "2026-11-25", None, None, "passed"),
        ("delmos-statsbidrag", "2026-11-25", None, None, "passed"),
    ];
    for (id, on, next, days, status) in cases {
        let g = app.ok(&format!("/api/v1/grants/{id}?on={on}")).await;
        assert_eq!(g["next_deadline"].as_str(), next, "{id} on {on}");
        assert_eq!(g["days_left"].as_i64(), days, "{id} on {on}");
        assert_eq!(g["status"], status, "{id} on {on}");
    }
    let d = app.ok("/api/v1/grants/delmos-statsbidrag").await;
    assert!(d["deadline"].is_null());
}

#[tokio::test]
async fn grant_filters_combine() {
    let app = app().await;
    let body = app
        .ok("/api/v1/grants?applicant=ideell-forening&area=demokrati-och-civilsamhalle&on=2026-11-25")
        .await;
    assert_eq!(
        ids(&body),
        [
            "kulturradet-kultur-och-civilsamhalle",
            "mucf-unga-och-beslutsfattare",
            "mucf-ungas-organisering"
        ]
    );
    let body = app
        .ok("/api/v1/grants?provider=mucf&status=passed&on=2026-11-25")
        .await;
    assert_eq!(body["total"], 3);
    let body = app
        .ok("/api/v1/grants?provider=boverket,bra&status=upcoming&on=2026-11-25")
        .await;
    assert_eq!(
        ids(&body),
        [
            "boverket-samlingslokaler",
            "bra-utvardering",
            "boverket-kulturlokaler"
        ]
    );
    let body = app.ok("/api/v1/grants?within_days=6&on=2026-08-25").await;
    assert_eq!(ids(&body), ["boverket-samlingslokaler"]);
    let body = app.ok("/api/v1/grants?within_days=0&on=2026-08-31").await;
    assert_eq!(ids(&body), ["boverket-samlingslokaler"]);
    let body = app.ok("/api/v1/grants?q=Forskning&sort=title").await;
    assert_eq!(body["total"], 3);
    let body = app.ok("/api/v1/grants?q=forskning&sort=relevance").await;
    assert_eq!(
        ids(&body)[0],
        "vetenskapsradet-forskning-segregation",
        "the exact word ranks above a compound"
    );
    let body = app.ok("/api/v1/grants?q=likvärdighetsbidraget").await;
    assert_eq!(ids(&body), ["skolverket-likvardig-skola"]);
    let body = app.ok("/api/v1/grants?applicant=idrottsforening").await;
    assert!(ids(&body).contains(&"riksidrottsforbundet-idrottsforeningar".to_string()));
    assert!(
        ids(&body).contains(&"delmos-statsbidrag".to_string()),
        "idrottsförening is an ideell förening"
    );
    let grants = bundled().grants.len();
    let offset = grants - 4;
    let page = app
        .ok(&format!("/api/v1/grants?limit=5&offset={offset}&on=2026-11-25"))
        .await;
    assert_eq!(
        (page["total"].as_u64(), page["items"].as_array().unwrap().len()),
        (Some(grants as u64), 4),
        "the last page holds what is left"
    );
    let empty = app.ok("/api/v1/grants?area=&status=").await;
    assert_eq!(
        empty["total"],
        bundled().grants.len(),
        "an empty list filters nothing"
    );
    assert_eq!(
        app.ok("/api/v1/grants?q=").await["total"],
        bundled().grants.len(),
        "empty free text is no text"
    );
    for empty in ["within_days=", "limit=", "on=", "sort="] {
        let name = empty.trim_end_matches('=');
        let message = app
            .error(
                &format!("/api/v1/grants?{empty}"),
                StatusCode::BAD_REQUEST,
                "invalid_parameter",
            )
            .await;
        assert_eq!(
            message,
            format!("`{name}`: is empty; leave the parameter out instead")
        );
    }
}

#[tokio::test]
async fn bad_parameters_are_400s_that_name_the_parameter() {
    let app = app().await;
    let bad = StatusCode::BAD_REQUEST;
    for (uri, code, mentions) in [
        ("/api/v1/grants?on=2026-02-30", "invalid_parameter", "`on`"),
        ("/api/v1/grants?on=igår", "invalid_parameter", "`on`"),
        ("/api/v1/grants?on=0001-01-01", "invalid_parameter", "`on`"),
        ("/api/v1/grants?area=kultur", "invalid_parameter", "`area`"),
        ("/api/v1/grants?area=Boende%20", "invalid_parameter", "`area`"),
        (
            "/api/v1/grants?applicant=privatperson",
            "invalid_parameter",
            "`applicant`",
        ),
        ("/api/v1/grants?provider=nasa", "invalid_parameter", "`provider`"),
        ("/api/v1/grants?status=open", "invalid_parameter", "`status`"),
        (
            "/api/v1/grants?within_days=-1",
            "invalid_parameter",
            "`within_days`",
        ),
        (
            "/api/v1/grants?within_days=99999999999999999999",
            "invalid_parameter",
            "`within_days`",
        ),
        (
            "/api/v1/grants?within_days=3661",
            "invalid_parameter",
            "`within_days`",
        ),
        ("/api/v1/grants?limit=0", "invalid_parameter", "`limit`"),
        ("/api/v1/grants?offset=x", "invalid_parameter", "`offset`"),
        ("/api/v1/grants?sort=random", "invalid_parameter", "`sort`"),
        (
            "/api/v1/grants?on=2026-01-01&on=2026-01-02",
            "invalid_parameter",
            "`on`",
        ),
        ("/api/v1/grants?arae=boende", "unknown_parameter", "`arae`"),
        (
            "/api/v1/grants/bra-utvardering?on=31/12",
            "invalid_parameter",
            "`on`",
        ),
        ("/api/v1/actors?role=boss", "invalid_parameter", "`role`"),
        ("/api/v1/actors?kind=kommun", "invalid_parameter", "`kind`"),
        ("/api/v1/areas?x=1", "unknown_parameter", "`x`"),
        (
            "/api/v1/initiatives?actor=finns-inte",
            "invalid_parameter",
            "`actor`",
        ),
    ] {
        let message = app.error(uri, bad, code).await;
        assert!(message.contains(mentions), "{uri}: {message}");
    }
    let long = "a".repeat(501);
    app.error(&format!("/api/v1/grants?q={long}"), bad, "invalid_parameter")
        .await;
    // Percent-encoding that is not UTF-8 is read leniently, never a 500.
    app.ok("/api/v1/grants?q=%FF%FE").await;
}

#[tokio::test]
async fn unknown_ids_and_paths_are_404s() {
    let app = app().await;
    let nf = StatusCode::NOT_FOUND;
    for uri in [
        "/api/v1/grants/finns-inte",
        "/api/v1/actors/finns-inte",
        "/api/v1/areas/kultur",
        "/api/v1/initiatives/x",
        "/api/v1/grants/%C3%A5%20%22",
        "/api/v1/nothing",
        "/api/v2/grants",
    ] {
        let message = app.error(uri, nf, "not_found").await;
        assert!(!message.is_empty());
    }
}

#[tokio::test]
async fn actors_are_listed_with_their_areas_and_filtered_by_area_role_and_kind() {
    let app = app().await;
    let actors = app.ok("/api/v1/actors").await;
    assert_eq!(actors["total"], bundled().actors.len());
    let bra = actors["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "bra")
        .unwrap();
    assert_eq!(bra["name"], "Brottsförebyggande rådet");
    assert_eq!(bra["short_name"], "Brå");
    assert_eq!(bra["kind"], "myndighet");
    assert_eq!(
        bra["areas"],
        serde_json::json!([{"area": "brottslighet", "role": "responsible"}])
    );
    let responsible = app.ok("/api/v1/actors?area=boende&role=responsible").await;
    assert_eq!(ids(&responsible), ["boverket"]);
    let fonds = app.ok("/api/v1/actors?kind=fond,stiftelse").await;
    assert_eq!(ids(&fonds), ["allmanna-arvsfonden", "postkodsstiftelsen"]);
}

#[tokio::test]
async fn one_actor_has_its_mission_grants_and_related_actors() {
    let app = app().await;
    let detail = app.ok("/api/v1/actors/bra").await;
    assert!(detail["mission"].as_str().unwrap().starts_with("Brås uppdrag"));
    let grants: Vec<&str> = detail["grants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap())
        .collect();
    assert_eq!(grants, ["bra-utvardering", "bra-valdsbejakande-extremism"]);
    assert!(
        detail["related"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == "polismyndigheten")
    );
}

#[tokio::test]
async fn the_areas_come_in_the_strategys_order_with_who_works_in_each() {
    let app = app().await;
    let areas = app.ok("/api/v1/areas").await;
    assert_eq!(
        ids(&areas),
        [
            "boende",
            "arbete",
            "utbildning",
            "demokrati-och-civilsamhalle",
            "brottslighet"
        ]
    );
    let boende = app.ok("/api/v1/areas/boende").await;
    assert_eq!(boende["actors"][0]["id"], "boverket");
    assert_eq!(boende["actors"][0]["role"], "responsible");
}

#[tokio::test]
async fn initiatives_are_found_by_participant_and_read_one_by_one() {
    let app = app().await;
    let initiatives = app.ok("/api/v1/initiatives?actor=lansstyrelserna").await;
    assert_eq!(
        ids(&initiatives),
        ["preventionspaketet", "tidiga-insatser-for-asylsokande"]
    );
    let est = app
        .ok("/api/v1/initiatives/effektiv-samordning-for-trygghet")
        .await;
    assert_eq!(est["short_name"], "EST");
}

#[tokio::test]
async fn the_vocabularies_list_applicant_types_as_a_hierarchy_and_the_perspectives() {
    let app = app().await;
    let types = app.ok("/api/v1/applicant-types").await;
    let forening = types["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "ideell-forening")
        .unwrap();
    assert_eq!(forening["parent"], "civilsamhallesorganisation");
    assert_eq!(
        app.ok("/api/v1/perspectives").await["total"],
        bundled().perspectives.len()
    );
}

#[tokio::test]
async fn openapi_document_describes_every_endpoint() {
    let app = app().await;
    let doc = app.ok("/api/openapi.json").await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/api/v1/grants",
        "/api/v1/grants/{id}",
        "/api/v1/actors",
        "/api/v1/actors/{id}",
        "/api/v1/areas",
        "/api/v1/initiatives",
        "/api/v1/applicant-types",
        "/api/v1/perspectives",
    ] {
        assert!(doc["paths"][path]["get"].is_object(), "{path} missing");
    }
    let params: Vec<&str> = doc["paths"]["/api/v1/grants"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for p in [
        "q",
        "area",
        "applicant",
        "provider",
        "status",
        "within_days",
        "on",
    ] {
        assert!(params.contains(&p), "{p} missing from {params:?}");
    }
    assert!(doc["components"]["schemas"]["GrantItem"].is_object());
}

#[tokio::test]
async fn health_and_readiness() {
    let app = app().await;
    let (status, _) = app.get("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app.get("/readyz").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_change_made_by_another_instance_is_seen_after_refresh() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("shared.db").display());
    let one = Store::connect(&url).await.unwrap();
    common::seed(&one).await;
    let two = Store::connect(&url).await.unwrap();
    let app = TestApp::on(AppState::new(two, Config::default()).await.unwrap());
    assert!(!app.state.refresh().await.unwrap(), "nothing changed yet");

    let mut grant = one
        .load()
        .await
        .unwrap()
        .grants
        .into_iter()
        .find(|g| g.id.as_str() == "vinnova-coronakrisen")
        .unwrap();
    grant.title = "Ny titel".into();
    one.put(
        Entry::Grant(grant),
        Expect::Version(1),
        &Change {
            author: "a",
            comment: "",
        },
    )
    .await
    .unwrap();

    assert!(app.state.refresh().await.unwrap());
    assert_eq!(
        app.ok("/api/v1/grants/vinnova-coronakrisen").await["title"],
        "Ny titel"
    );
}

#[tokio::test]
async fn postgres_gives_the_same_answers_as_sqlite() {
    let schema = common::PgSchema::new("api").await;
    let pg = TestApp::on(
        AppState::new(schema.seeded_store().await, Config::default())
            .await
            .unwrap(),
    );
    let lite = app().await;
    for uri in [
        "/api/v1/grants?on=2026-11-25",
        "/api/v1/grants?on=2021-02-18&status=upcoming",
        "/api/v1/grants?applicant=ideell-forening&on=2027-01-01",
        "/api/v1/actors",
        "/api/v1/actors/skolverket",
        "/api/v1/areas",
        "/api/v1/initiatives",
        "/api/v1/grants/finns-inte",
        "/api/v1/grants?area=kultur",
    ] {
        assert_eq!(pg.get(uri).await, lite.get(uri).await, "{uri}");
    }
    schema.drop().await;
}

#[tokio::test]
async fn search_finds_actors_by_abbreviation_and_grants_by_inflected_forms() {
    let app = app().await;
    let body = app.ok("/api/v1/search?q=Br%C3%A5").await;
    let first = &body["items"][0];
    assert_eq!(
        (first["type"].as_str(), first["id"].as_str()),
        (Some("actor"), Some("bra"))
    );
    assert_eq!(first["title"], "Brottsförebyggande rådet");
    assert_eq!(first["url"], "/aktorer/bra");
    assert!(first["score"].as_f64().unwrap() > 0.0);
    let body = app.ok("/api/v1/search?q=segregationen&type=actor").await;
    assert!(body["total"].as_u64().unwrap() >= 5, "{body}");
    assert!(
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["type"] == "actor")
    );
    let snippet = body["items"][0]["snippet"].as_str().unwrap();
    assert!(snippet.contains("<mark>"), "{snippet}");
    let body = app
        .ok("/api/v1/search?q=idrottsf%C3%B6reningar&type=grant&type=initiative&limit=2")
        .await;
    assert_eq!(body["items"][0]["id"], "riksidrottsforbundet-idrottsforeningar");
    assert!(body["items"].as_array().unwrap().len() <= 2);
}

#[tokio::test]
async fn search_answers_any_input_cleanly() {
    let app = app().await;
    let long = "segregation%20".repeat(2000);
    for q in [
        "",
        "%20%20",
        "%22",
        "(",
        "*",
        ":",
        "%2B",
        "-",
        "~",
        "%22%28%2A%3A%2B-~%29",
        "title%3Afoo%20AND%20(bar",
        "%F0%9F%98%80",
        &long,
    ] {
        let body = app.ok(&format!("/api/v1/search?q={q}")).await;
        assert!(body["items"].is_array() && body["total"].is_u64(), "{q}: {body}");
    }
    assert_eq!(app.ok("/api/v1/search").await["total"], 0);
    app.error(
        "/api/v1/search?q=x&type=myndighet",
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
    )
    .await;
    app.error(
        "/api/v1/search?q=x&limit=0",
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
    )
    .await;
    app.error(
        "/api/v1/search?q=x&limit=101",
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
    )
    .await;
}

#[tokio::test]
async fn actors_without_a_role_in_any_area_can_be_listed() {
    let app = app().await;
    let body = app.ok("/api/v1/actors?role=none&limit=200").await;
    let data = samverkan_domain::bundled::dataset().unwrap();
    let without: Vec<&str> = data
        .actors
        .iter()
        .filter(|a| a.areas.is_empty())
        .map(|a| a.id.as_str())
        .collect();
    assert!(!without.is_empty());
    assert_eq!(body["total"].as_u64().unwrap() as usize, without.len());
    for item in body["items"].as_array().unwrap() {
        assert!(without.contains(&item["id"].as_str().unwrap()), "{item}");
    }
    app.error(
        "/api/v1/actors?role=ingen",
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
    )
    .await;
}
