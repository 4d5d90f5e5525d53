//! Feeds, calendars and downloads: content types, conditional GET, and that
//! what they carry matches the catalogue. Parsers that no one in this project
//! wrote read them too, in e2e/test_open_data.py.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use samverkan_domain::{Dataset, Format, Source, bundled};
use samverkan_web::{AppState, router};
use tower::ServiceExt;

struct Response {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

async fn state() -> (AppState, tempfile::TempDir) {
    let (mut state, dir) = common::seeded_state().await;
    std::sync::Arc::make_mut(&mut state.config).public_url = Some("http://samverkan.test".into());
    (state, dir)
}

async fn get(state: &AppState, uri: &str, headers: &[(&str, &str)]) -> Response {
    let mut req = Request::get(uri).header("host", "samverkan.test");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = router(state.clone())
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    Response {
        status,
        headers,
        body,
    }
}

#[tokio::test]
async fn every_feed_and_download_has_its_type_an_etag_and_answers_304() {
    let (state, _dir) = state().await;
    for (uri, content_type) in [
        ("/data/samverkan.json", "application/json"),
        ("/data/bidrag.csv", "text/csv; charset=utf-8; header=present"),
        ("/data/aktorer.csv", "text/csv; charset=utf-8; header=present"),
        ("/data/dcat.rdf", "application/rdf+xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/andringar.atom", "application/atom+xml; charset=utf-8"),
        ("/en/changes.atom", "application/atom+xml; charset=utf-8"),
        (
            "/omraden/boende/andringar.atom",
            "application/atom+xml; charset=utf-8",
        ),
        ("/bidrag.ics?area=brottslighet", "text/calendar; charset=utf-8"),
    ] {
        let first = get(&state, uri, &[]).await;
        assert_eq!(first.status, StatusCode::OK, "{uri}");
        assert_eq!(first.headers["content-type"], content_type, "{uri}");
        let etag = first.headers["etag"].to_str().unwrap().to_string();
        let again = get(&state, uri, &[("if-none-match", &etag)]).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{uri}");
        assert!(again.body.is_empty());
        let other = get(&state, uri, &[("if-none-match", "W/\"0000000000000000\"")]).await;
        assert_eq!(other.status, StatusCode::OK, "{uri}");
    }
    assert_eq!(
        get(&state, "/omraden/kultur/andringar.atom", &[]).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_json_download_is_the_import_format_and_round_trips() {
    let (state, _dir) = state().await;
    let json = get(&state, "/data/samverkan.json", &[]).await.body;
    let data = Dataset::from_sources(&[Source {
        origin: "download".into(),
        text: &json,
        format: Format::Json,
    }])
    .unwrap();
    assert_eq!(data, bundled::dataset().unwrap().sorted());
    assert_eq!(data.to_json(), json, "export → import → export is identical");
}

#[tokio::test]
async fn the_csv_files_have_a_header_and_a_row_per_entry() {
    let (state, _dir) = state().await;
    let grants = get(&state, "/data/bidrag.csv", &[]).await.body;
    let mut reader = csv::Reader::from_reader(grants.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(&header[..4], ["id", "title", "provider_id", "provider_name"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 34);
    let brott = rows
        .iter()
        .find(|r| &r[0] == "brottsoffermyndigheten-projekt")
        .unwrap();
    assert_eq!(&brott[10], "annual");
    assert_eq!(&brott[11], "--04-01; --10-01");
    let delmos = rows.iter().find(|r| &r[0] == "delmos-statsbidrag").unwrap();
    assert_eq!(&delmos[6], "kommun; region; ideell-forening; stiftelse");
    let actors = get(&state, "/data/aktorer.csv", &[]).await.body;
    let mut reader = csv::Reader::from_reader(actors.as_bytes());
    assert_eq!(reader.records().count(), 32);
}

#[tokio::test]
async fn pages_advertise_their_feeds_and_carry_schema_org_data() {
    let (state, _dir) = state().await;
    let home = get(&state, "/", &[]).await.body;
    assert!(
        home.contains(r#"<link rel="alternate" type="application/atom+xml""#)
            && home.contains(r#"href="/andringar.atom""#)
    );
    let area = get(&state, "/en/areas/crime", &[]).await;
    assert_eq!(
        area.status,
        StatusCode::NOT_FOUND,
        "area ids are the same in both languages"
    );
    let area = get(&state, "/en/areas/brottslighet", &[]).await.body;
    assert!(
        area.contains(r#"href="/en/areas/brottslighet/changes.atom""#),
        "{area}"
    );

    let grant = get(&state, "/bidrag/bra-utvardering", &[]).await.body;
    let ld = grant
        .split(r#"<script type="application/ld+json">"#)
        .nth(1)
        .unwrap()
        .split("</script>")
        .next()
        .unwrap();
    let ld: serde_json::Value = serde_json::from_str(ld).unwrap();
    assert_eq!(ld["@type"], "MonetaryGrant");
    assert_eq!(ld["funder"]["name"], "Brottsförebyggande rådet");
    assert_eq!(ld["funder"]["@type"], "GovernmentOrganization");
    assert_eq!(ld["url"], "http://samverkan.test/bidrag/bra-utvardering");
    let actor = get(&state, "/aktorer/postkodsstiftelsen", &[]).await.body;
    assert!(
        actor.contains(r#""@type":"Organization""#),
        "a foundation is not a government organisation"
    );
    assert!(
        get(&state, "/bidrag", &[])
            .await
            .body
            .contains(r#"href="/bidrag.ics""#)
    );
}

#[tokio::test]
async fn the_sitemap_lists_every_page_in_both_languages() {
    let (state, _dir) = state().await;
    let sitemap = get(&state, "/sitemap.xml", &[]).await.body;
    assert_eq!(sitemap.matches("<url>").count(), 2 * (6 + 5 + 32 + 34 + 8));
    assert!(sitemap.contains("<loc>http://samverkan.test/aktorer/bra</loc>"));
    assert!(sitemap.contains(r#"hreflang="en" href="http://samverkan.test/en/actors/bra""#));
    let robots = get(&state, "/robots.txt", &[]).await.body;
    assert!(robots.contains("Sitemap: http://samverkan.test/sitemap.xml"));
}

#[tokio::test]
async fn a_filtered_calendar_holds_the_filtered_grants() {
    let (state, _dir) = state().await;
    let ics = get(&state, "/bidrag.ics?area=brottslighet", &[])
        .await
        .body
        .replace("\r\n ", "");
    // Brå's yearly 15 September and Brottsoffermyndigheten's 1 April and 1 October.
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3, "{ics}");
    assert!(ics.contains("UID:bra-utvardering-0915@samverkan"));
    let everything = get(&state, "/bidrag.ics", &[]).await.body;
    // Every yearly date of the grants still open, and no day that has passed:
    // the fixed dates of 2020 and 2021 and the ended grants are left out.
    assert_eq!(everything.matches("BEGIN:VEVENT").count(), 8, "{everything}");
    assert!(!everything.contains("DTSTART;VALUE=DATE:2021"));
    assert!(!everything.contains("vinnova-coronakrisen"));
    assert!(everything.contains("kontrollera hos") || everything.contains("Kontrollera hos"));
    assert_eq!(
        get(&state, "/bidrag.ics?area=kultur", &[]).await.status,
        StatusCode::BAD_REQUEST
    );
}
