//! A page a person can read about the API, rendered from the same OpenAPI
//! document as `/api/openapi.json`, with a `curl` example for every endpoint.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use serde_json::Value;

use crate::html::{HtmlError, Layout, Nav};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::urls::Route;

/// One endpoint of the API as a person reads it.
pub struct Endpoint {
    pub method: String,
    pub path: String,
    pub summary: String,
    pub parameters: Vec<(String, String)>,
    pub needs_token: bool,
    pub curl: String,
}

#[derive(Template)]
#[template(path = "api_docs.html")]
pub struct ApiPage {
    pub layout: Layout,
    pub read: Vec<Endpoint>,
    pub write: Vec<Endpoint>,
    pub openapi_href: &'static str,
}

/// An example value for a path parameter, from the bundled data's ids.
fn example(path: &str, name: &str) -> &'static str {
    match name {
        "revision" => "1",
        _ if path.starts_with("/api/v1/grants") => "boverket-samlingslokaler",
        _ if path.starts_with("/api/v1/actors") => "boverket",
        _ if path.starts_with("/api/v1/areas") => "boende",
        _ if path.starts_with("/api/v1/initiatives") => "effektiv-samordning-for-trygghet",
        _ => "id",
    }
}

/// A query that shows what an endpoint is for.
fn example_query(path: &str) -> &'static str {
    match path {
        "/api/v1/grants" => "?area=boende&applicant=kommun&within_days=90",
        "/api/v1/search" => "?q=segregation",
        "/api/v1/actors" => "?area=brottslighet",
        _ => "",
    }
}

/// The endpoints of the OpenAPI document, read ones and write ones apart.
pub fn endpoints(base: &str) -> (Vec<Endpoint>, Vec<Endpoint>) {
    let doc = &*super::OPENAPI;
    let mut read = Vec::new();
    let mut write = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return (read, write);
    };
    for (path, item) in paths {
        for method in ["get", "post", "put", "delete"] {
            let Some(op) = item.get(method) else {
                continue;
            };
            let needs_token = op
                .get("security")
                .and_then(Value::as_array)
                .is_some_and(|s| !s.is_empty());
            let parameters: Vec<(String, String)> = op
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|p| {
                    let name = p.get("name").and_then(Value::as_str).unwrap_or("").to_string();
                    let place = p.get("in").and_then(Value::as_str).unwrap_or("");
                    let text = p
                        .get("description")
                        .or_else(|| p.get("schema").and_then(|schema| schema.get("description")))
                        .and_then(Value::as_str)
                        .unwrap_or("");
                    (name, format!("{place}: {}", text.replace('`', "")))
                })
                .collect();
            let mut concrete = path.clone();
            for (name, _) in &parameters {
                concrete = concrete.replace(&format!("{{{name}}}"), example(path, name));
            }
            let url = format!(
                "{base}{concrete}{}",
                if method == "get" { example_query(path) } else { "" }
            );
            let curl = if needs_token {
                let body = if path.ends_with("/restore") || path.ends_with("/retire") {
                    r#"{"version": 3, "comment": "…"}"#
                } else {
                    r#"{"entry": {…}, "comment": "…"}"#
                };
                let body = if method == "get" {
                    String::new()
                } else {
                    format!(" \\\n  -H 'Content-Type: application/json' -d '{body}'")
                };
                format!(
                    "curl -X {} -H 'Authorization: Bearer svk_…'{body} \\\n  '{url}'",
                    method.to_uppercase()
                )
            } else {
                format!("curl '{url}'")
            };
            let summary = op
                .get("summary")
                .or_else(|| op.get("description"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .replace('`', "");
            let endpoint = Endpoint {
                method: method.to_uppercase(),
                path: path.clone(),
                summary,
                parameters,
                needs_token,
                curl,
            };
            if needs_token {
                write.push(endpoint)
            } else {
                read.push(endpoint)
            }
        }
    }
    (read, write)
}

pub async fn api_docs(lang: Lang, State(state): State<AppState>) -> Result<Html<String>, HtmlError> {
    let (read, write) = endpoints(state.config.base_url());
    let page = ApiPage {
        layout: Layout::new(
            lang,
            lang.t("api-title"),
            Route::ApiDocs,
            None,
            Some(Nav::OpenData),
        ),
        read,
        write,
        openapi_href: "/api/openapi.json",
    };
    page.render().map(Html).map_err(|e| HtmlError::internal(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_endpoint_is_described_with_an_example_read_ones_first() {
        let (read, write) = endpoints("https://samverkan.example");
        let grants = read
            .iter()
            .find(|e| e.path == "/api/v1/grants" && e.method == "GET")
            .unwrap();
        assert!(
            grants
                .parameters
                .iter()
                .any(|(name, text)| name == "status" && text.contains("rolling, upcoming")),
            "a parameter with a schema of its own keeps its description: {:?}",
            grants.parameters
        );
        assert!(
            read.iter()
                .any(|e| e.path == "/api/v1/grants" && e.method == "GET")
        );
        assert!(
            read.iter()
                .all(|e| !e.needs_token && e.curl.starts_with("curl 'https://samverkan.example/api/"))
        );
        assert!(
            !read.iter().any(|e| e.curl.contains('{')),
            "path parameters have example values"
        );
        assert!(
            !write.is_empty()
                && write
                    .iter()
                    .all(|e| e.needs_token && e.curl.contains("Authorization: Bearer"))
        );
        let grants = read.iter().find(|e| e.path == "/api/v1/grants").unwrap();
        assert!(grants.parameters.iter().any(|(n, _)| n == "applicant"));
    }
}
