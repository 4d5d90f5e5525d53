//! Talking HTTP to the router without a socket: requests, answers, login
//! through the form, API tokens.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use samverkan_store::{Role, Store};
use samverkan_web::auth::hash_password;
use samverkan_web::auth::session;
use tower::ServiceExt;

pub const PASSWORD: &str = "ett långt och hemligt lösenord";

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect()
    }

    /// The first hidden form token on the page.
    pub fn csrf(&self) -> String {
        hidden(&self.body, "csrf").unwrap_or_else(|| panic!("no form token on the page:\n{}", self.body))
    }
}

pub fn hidden(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_string())
}

pub async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

pub fn get(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut r = Request::get(path).header(header::HOST, "localhost");
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, c);
    }
    r.body(Body::empty()).unwrap()
}

pub fn post_form(path: &str, cookie: Option<&str>, fields: &[(&str, &str)]) -> Request<Body> {
    post_pairs(path, cookie, fields, None)
}

/// A form POST with any pairs of fields, and an `Origin` if given.
pub fn post_pairs<K: AsRef<str>, V: AsRef<str>>(
    path: &str,
    cookie: Option<&str>,
    fields: &[(K, V)],
    origin: Option<&str>,
) -> Request<Body> {
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields.iter().map(|(k, v)| (k.as_ref(), v.as_ref())))
        .finish();
    let mut r = Request::post(path)
        .header(header::HOST, "localhost")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, c);
    }
    if let Some(o) = origin {
        r = r.header(header::ORIGIN, o);
    }
    r.body(Body::from(body)).unwrap()
}

pub async fn add_user(store: &Store, name: &str, role: Role) {
    store
        .create_user(name, role, &hash_password(PASSWORD).unwrap())
        .await
        .unwrap();
}

/// Signs in through the login form; returns the session cookie.
pub async fn login(app: &Router, name: &str) -> String {
    let form = send(app, get("/redaktion/logga-in", None)).await;
    assert_eq!(form.status, StatusCode::OK);
    let token = form.csrf();
    let login_cookie = format!("samverkan-login={token}");
    let answer = send(
        app,
        post_form(
            "/redaktion/logga-in",
            Some(&login_cookie),
            &[
                ("username", name),
                ("password", PASSWORD),
                ("csrf", &token),
                ("next", "/redaktion"),
            ],
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let cookie = answer
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("samverkan-session="))
        .expect("a session cookie");
    cookie.split(';').next().unwrap().to_string()
}

/// The session's form token, read from a page.
pub async fn csrf_of(app: &Router, cookie: &str) -> String {
    let page = send(app, get("/redaktion", Some(cookie))).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.csrf()
}

pub async fn api(
    app: &Router,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<String>,
) -> Answer {
    let mut r = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "localhost");
    if let Some(t) = token {
        r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let body = match body {
        Some(b) => {
            r = r.header(header::CONTENT_TYPE, "application/json");
            Body::from(b)
        }
        None => Body::empty(),
    };
    send(app, r.body(body).unwrap()).await
}

/// Saves `grant` through the write API (`PUT /api/v1/grants/ID`) as made
/// from `version`, with `token`.
pub async fn put_grant(app: &Router, token: &str, grant: &samverkan_domain::Grant, version: i64) -> Answer {
    let body = serde_json::json!({"version": version, "entry": grant}).to_string();
    api(
        app,
        Method::PUT,
        &format!("/api/v1/grants/{}", grant.id),
        Some(token),
        Some(body),
    )
    .await
}

pub async fn token_for(store: &Store, user: &str) -> (String, i64) {
    let token = format!("{}{}", session::TOKEN_PREFIX, session::new_secret());
    let made = store
        .create_token("test", user, &session::secret_hash(&token), "admin")
        .await
        .unwrap();
    (token, made.id)
}

/// Three editors on `store`: "bo", Boverket's; "sko", Skolverket's; and
/// "redaktor", one of the service's own (no organisation).
pub async fn add_organisation_editors(store: &Store) {
    for (name, actor) in [
        ("bo", Some("boverket")),
        ("sko", Some("skolverket")),
        ("redaktor", None),
    ] {
        add_user(store, name, Role::Editor).await;
        if let Some(actor) = actor {
            store.add_membership(name, actor, "test").await.unwrap();
        }
    }
}
