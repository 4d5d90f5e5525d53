//! The link checker against a local server: answers, errors, redirects,
//! servers that refuse HEAD, slow servers, the user agent and the
//! concurrency limit.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Redirect;
use axum::routing::{any, get};
use samverkan_web::links::{LinkOptions, check_links};

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
