//! `TestApp`: the whole application on a fresh SQLite file, asked through
//! the real router without a socket. One helper for every test binary.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use samverkan_domain::{Dataset, bundled};
use samverkan_web::{AppState, router};
use serde_json::Value;
use tower::ServiceExt;

/// The application and the directory its database lives in.
pub struct TestApp {
    pub state: AppState,
    _dir: Option<tempfile::TempDir>,
}

/// An answer: its status, content type and body as text.
pub struct Reply {
    pub status: StatusCode,
    pub content_type: Option<String>,
    pub body: String,
}

impl TestApp {
    /// The application holding `data`.
    pub async fn with(data: &Dataset) -> TestApp {
        let (state, dir) = super::state_with(data).await;
        TestApp {
            state,
            _dir: Some(dir),
        }
    }

    /// The application on a state the test set up itself (another database,
    /// another configuration).
    pub fn on(state: AppState) -> TestApp {
        TestApp { state, _dir: None }
    }

    /// The application holding the bundled dataset, for tests whose subject
    /// is the bundled data.
    pub async fn bundled() -> TestApp {
        TestApp::with(&bundled::dataset().unwrap()).await
    }

    /// `GET uri`.
    pub async fn fetch(&self, uri: &str) -> Reply {
        let response = router(self.state.clone())
            .oneshot(Request::get(uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string());
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            content_type,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// `GET uri` as JSON (every API answer must say it is JSON).
    pub async fn get(&self, uri: &str) -> (StatusCode, Value) {
        let reply = self.fetch(uri).await;
        if uri.starts_with("/api/") {
            assert_eq!(reply.content_type.as_deref(), Some("application/json"), "{uri}");
        }
        (
            reply.status,
            serde_json::from_str(&reply.body).unwrap_or(Value::Null),
        )
    }

    /// `GET uri`, which must answer 200 with JSON.
    pub async fn ok(&self, uri: &str) -> Value {
        let (status, body) = self.get(uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {body}");
        body
    }

    /// `GET uri`, which must answer `status` with the error `code`; its message.
    pub async fn error(&self, uri: &str, status: StatusCode, code: &str) -> String {
        let (got, body) = self.get(uri).await;
        assert_eq!(got, status, "{uri}: {body}");
        assert_eq!(body["error"]["code"], code, "{uri}: {body}");
        body["error"]["message"].as_str().unwrap().to_string()
    }
}
