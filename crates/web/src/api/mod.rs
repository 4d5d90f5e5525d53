//! The JSON API under `/api/v1/` ([`read`] and, with a token, [`write`]), and
//! its OpenAPI 3.1 document at `/api/openapi.json`, generated from the
//! handlers and types by utoipa.

pub mod read;
pub mod write;

use axum::Json;
use axum::Router;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use utoipa::OpenApi;

use crate::http::error::ErrorBody;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Samverkan API",
        description = "Agencies, other national actors, grants and initiatives that work against segregation in Sweden, with each grant's next deadline. Data in Swedish, as its source writes it.",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2")
    ),
    paths(
        read::list_grants,
        read::get_grant,
        read::list_actors,
        read::get_actor,
        read::list_areas,
        read::get_area,
        read::list_initiatives,
        read::get_initiative,
        read::list_applicant_types,
        read::list_perspectives,
        read::search,
        write::create_grant,
        write::update_grant,
        write::retire_grant,
        write::grant_revisions,
        write::create_actor,
        write::update_actor,
        write::retire_actor,
        write::actor_revisions,
        write::create_initiative,
        write::update_initiative,
        write::retire_initiative,
        write::initiative_revisions,
        write::restore
    ),
    components(schemas(ErrorBody)),
    modifiers(&TokenScheme),
    tags(
        (name = "catalogue", description = "Read the catalogue"),
        (name = "editing", description = "Change the catalogue with an API token (editors)")
    )
)]
pub struct ApiDoc;

/// The OpenAPI document as JSON, built once: it is the same for the life of
/// the process, and both `/api/openapi.json` and the API page read it.
pub static OPENAPI: std::sync::LazyLock<serde_json::Value> =
    std::sync::LazyLock::new(|| serde_json::to_value(ApiDoc::openapi()).unwrap_or_default());

/// `GET /api/openapi.json`
pub async fn openapi() -> impl IntoResponse {
    Json(&*OPENAPI)
}

/// The API's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/grants", get(read::list_grants).post(write::create_grant))
        .route(
            "/api/v1/grants/{id}",
            get(read::get_grant).put(write::update_grant),
        )
        .route("/api/v1/grants/{id}/retire", post(write::retire_grant))
        .route("/api/v1/grants/{id}/revisions", get(write::grant_revisions))
        .route("/api/v1/actors", get(read::list_actors).post(write::create_actor))
        .route(
            "/api/v1/actors/{id}",
            get(read::get_actor).put(write::update_actor),
        )
        .route("/api/v1/actors/{id}/retire", post(write::retire_actor))
        .route("/api/v1/actors/{id}/revisions", get(write::actor_revisions))
        .route("/api/v1/areas", get(read::list_areas))
        .route("/api/v1/areas/{id}", get(read::get_area))
        .route(
            "/api/v1/initiatives",
            get(read::list_initiatives).post(write::create_initiative),
        )
        .route(
            "/api/v1/initiatives/{id}",
            get(read::get_initiative).put(write::update_initiative),
        )
        .route("/api/v1/initiatives/{id}/retire", post(write::retire_initiative))
        .route(
            "/api/v1/initiatives/{id}/revisions",
            get(write::initiative_revisions),
        )
        .route("/api/v1/revisions/{revision}/restore", post(write::restore))
        .route("/api/v1/applicant-types", get(read::list_applicant_types))
        .route("/api/v1/perspectives", get(read::list_perspectives))
        .route("/api/v1/search", get(read::search))
        .route("/api/openapi.json", get(openapi))
}

/// Adds the bearer-token scheme the write endpoints name.
pub struct TokenScheme;

impl utoipa::Modify for TokenScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut http = Http::new(HttpAuthScheme::Bearer);
        http.description =
            Some("An API token made by an admin in the editors' area; it acts as its account.".into());
        components.add_security_scheme("token", SecurityScheme::Http(http));
    }
}
