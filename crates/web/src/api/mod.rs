//! The JSON API under `/api/v1/` ([`read`] and, with a token, [`write`]), and
//! its OpenAPI 3.1 document at `/api/openapi.json`, generated from the
//! handlers and types by utoipa.

pub mod docs;
pub mod read;
pub mod views;
pub mod write;

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::get;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::error::ErrorBody;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::urls::Route;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Samverkan API",
        description = "Agencies, other national actors, grants and initiatives that work against segregation in Sweden, with each grant's next deadline. Data in Swedish, as its source writes it.",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2")
    ),
    components(schemas(ErrorBody)),
    modifiers(&TokenScheme),
    tags(
        (name = "catalogue", description = "Read the catalogue"),
        (name = "editing", description = "Change the catalogue with an API token (editors)")
    )
)]
pub struct ApiDoc;

/// The API's routes and its OpenAPI document, from one list: each handler's
/// `#[utoipa::path]` gives both its route and its documentation, so they
/// cannot drift apart.
fn routes_and_document() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(read::list_grants, write::create_grant))
        .routes(routes!(read::get_grant, write::update_grant))
        .routes(routes!(write::retire_grant))
        .routes(routes!(write::grant_revisions))
        .routes(routes!(read::list_actors, write::create_actor))
        .routes(routes!(read::get_actor, write::update_actor))
        .routes(routes!(write::retire_actor))
        .routes(routes!(write::actor_revisions))
        .routes(routes!(read::list_areas))
        .routes(routes!(read::get_area))
        .routes(routes!(read::list_initiatives, write::create_initiative))
        .routes(routes!(read::get_initiative, write::update_initiative))
        .routes(routes!(write::retire_initiative))
        .routes(routes!(write::initiative_revisions))
        .routes(routes!(write::restore))
        .routes(routes!(read::list_applicant_types))
        .routes(routes!(read::list_perspectives))
        .routes(routes!(read::search))
        .split_for_parts()
}

/// The OpenAPI document as JSON, built once: it is the same for the life of
/// the process, and both `/api/openapi.json` and the API page read it.
pub static OPENAPI: std::sync::LazyLock<serde_json::Value> =
    std::sync::LazyLock::new(|| serde_json::to_value(routes_and_document().1).unwrap_or_default());

/// `GET /api/openapi.json`
pub async fn openapi() -> impl IntoResponse {
    Json(&*OPENAPI)
}

/// The API's routes, and the page about it in both languages.
pub fn routes() -> Router<AppState> {
    let mut router = routes_and_document().0.route("/api/openapi.json", get(openapi));
    for lang in Lang::ALL {
        router = router.route(
            &Route::ApiDocs.href(lang),
            get(move |s: State<AppState>| docs::api_docs(lang, s)),
        );
    }
    router
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
