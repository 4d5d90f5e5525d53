//! The link checker against a local server: answers, errors, redirects,
//! servers that refuse HEAD, slow servers, the user agent and the
//! concurrency limit.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{any, get};
use samverkan_links::{LinkOptions, check_links};

#[derive(Clone, Default)]
struct Seen {
    agents: Arc<std::sync::Mutex<Vec<String>>>,
    now: Arc<AtomicUsize>,
    most: Arc<AtomicUsize>,
}

async fn serve(seen: Seen) -> String {
    let track = |seen: Seen, headers: HeaderMap| async move {
        let agent = headers
            .get("user-agent")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        seen.agents.lock().unwrap().push(agent);
        let now = seen.now.fetch_add(1, Ordering::SeqCst) + 1;
        seen.most.fetch_max(now, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(50)).await;
        seen.now.fetch_sub(1, Ordering::SeqCst);
    };
    let app = Router::new()
        .route(
            "/ok/{n}",
            get({
                let seen = seen.clone();
                move |h: HeaderMap| {
                    let seen = seen.clone();
                    async move {
                        track(seen, h).await;
                        "ok"
                    }
                }
            }),
        )
        .route("/missing", get(|| async { StatusCode::NOT_FOUND }))
        .route("/moved", get(|| async { Redirect::permanent("/ok/0") }))
        .route(
            "/no-head",
            any(|method: Method| async move {
                if method == Method::HEAD {
                    StatusCode::METHOD_NOT_ALLOWED
                } else {
                    StatusCode::OK
                }
            }),
        )
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "late"
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

#[tokio::test]
async fn links_are_checked_politely_and_each_gets_a_verdict() {
    let seen = Seen::default();
    let base = serve(seen.clone()).await;
    // A port nothing listens on.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        drop(l);
        format!("http://127.0.0.1:{port}/")
    };
    let mut urls: Vec<String> = (1..=6).map(|n| format!("{base}/ok/{n}")).collect();
    urls.extend([
        format!("{base}/missing"),
        format!("{base}/moved"),
        format!("{base}/no-head"),
        format!("{base}/slow"),
        closed,
    ]);
    let options = LinkOptions {
        timeout: Duration::from_millis(700),
        concurrency: 2,
        user_agent: "Samverkan-test/1 (+https://samverkan.example)".into(),
        allow_private: false,
        // The test server is on loopback, which is refused unless allowed.
        allowed_addresses: vec!["127.0.0.1".parse().unwrap()],
    };
    let results = check_links(urls.clone(), &options).await.unwrap();
    let got: Vec<(bool, Option<i32>)> = results.iter().map(|r| (r.ok, r.status)).collect();
    let mut expected = vec![(true, Some(200)); 6];
    expected.extend([
        (false, Some(404)),
        (true, Some(200)),
        (true, Some(200)),
        (false, None),
        (false, None),
    ]);
    assert_eq!(got, expected, "{results:#?}");
    assert_eq!(
        results.iter().map(|r| r.url.clone()).collect::<Vec<_>>(),
        urls,
        "in order"
    );
    assert_eq!(results[9].error.as_deref(), Some("timed out"));
    assert_eq!(results[10].error.as_deref(), Some("could not connect"));
    assert!(
        seen.agents
            .lock()
            .unwrap()
            .iter()
            .all(|a| a == "Samverkan-test/1 (+https://samverkan.example)"),
        "{:?}",
        seen.agents.lock().unwrap()
    );
    assert!(seen.most.load(Ordering::SeqCst) <= 2, "at most two at a time");
    assert!(seen.most.load(Ordering::SeqCst) >= 1);
}

/// A server that counts the requests it gets, on `ip`, redirecting `/to` to
/// the `Location` given.
async fn counting_server(ip: &str, location: Option<String>) -> (String, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    let app = Router::new().fallback(any(move || {
        let counted = counted.clone();
        let location = location.clone();
        async move {
            counted.fetch_add(1, Ordering::SeqCst);
            match location {
                Some(to) => Redirect::temporary(&to).into_response(),
                None => "internal".into_response(),
            }
        }
    }));
    let listener = tokio::net::TcpListener::bind((ip, 0)).await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), hits)
}

fn strict() -> LinkOptions {
    let mut options = LinkOptions::polite(None);
    options.timeout = Duration::from_secs(3);
    options
}

#[tokio::test]
async fn the_checker_never_asks_loopback_or_private_addresses_by_default() {
    let (base, hits) = counting_server("127.0.0.1", None).await;
    let port = base.rsplit(':').next().unwrap().to_string();
    let urls: Vec<String> = [
        format!("{base}/redaktion/konton"),
        format!("http://localhost:{port}/"),
        format!("http://[::ffff:127.0.0.1]:{port}/"),
        format!("http://2130706433:{port}/"),
        format!("http://0x7f.1:{port}/"),
        format!("http://0.0.0.0:{port}/"),
        "http://169.254.169.254/latest/meta-data/".to_string(),
        "http://10.0.0.1/".to_string(),
        "http://[fd00::1]/".to_string(),
    ]
    .into();
    let results = check_links(urls.clone(), &strict()).await.unwrap();
    for r in &results {
        assert!(!r.ok, "{} must be refused", r.url);
        let error = r.error.as_deref().unwrap_or("");
        assert!(error.contains("not a public address"), "{}: {error:?}", r.url);
    }
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "the internal server was never asked"
    );

    // The operator can allow it (closed installations, tests).
    let mut open = strict();
    open.allow_private = true;
    let results = check_links(vec![format!("{base}/")], &open).await.unwrap();
    assert!(results[0].ok, "{:?}", results[0]);
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_redirect_to_an_internal_address_is_not_followed() {
    // Linux routes all of 127.0.0.0/8 to loopback: 127.0.0.2 stands for an
    // internal service that the public address below must not lead to.
    let (internal, internal_hits) = counting_server("127.0.0.2", None).await;
    let internal_port = internal.rsplit(':').next().unwrap().to_string();
    let mut options = strict();
    options.allowed_addresses = vec!["127.0.0.1".parse().unwrap()];
    for target in [
        format!("{internal}/secret"),
        format!("http://[::ffff:127.0.0.2]:{internal_port}/secret"),
        format!("http://2130706434:{internal_port}/secret"),
    ] {
        let (public, public_hits) = counting_server("127.0.0.1", Some(target.clone())).await;
        let results = check_links(vec![format!("{public}/to")], &options).await.unwrap();
        assert_eq!(
            public_hits.load(Ordering::SeqCst),
            1,
            "the allowed address was asked"
        );
        assert!(!results[0].ok, "{target}: {:?}", results[0]);
        assert_eq!(
            results[0].status, None,
            "{target}: no status of the internal service is read"
        );
        assert!(
            results[0]
                .error
                .as_deref()
                .unwrap_or("")
                .contains("not a public address"),
            "{target}: {:?}",
            results[0]
        );
    }
    assert_eq!(
        internal_hits.load(Ordering::SeqCst),
        0,
        "the internal service was never asked"
    );
}
