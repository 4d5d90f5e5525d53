//! The API's read endpoints: the catalogue, its vocabularies and search.
//!
//! Handlers are thin: read the parameters, ask the catalogue, shape the answer.

use axum::Json;
use axum::extract::{Path, State};
use samverkan_domain::model::ActorKind;
use samverkan_domain::{ActorQuery, DeadlineStatus, GrantSort};
use serde::Deserialize;
use utoipa::IntoParams;

use super::views::*;
use crate::filters::{self, DefaultSort, GrantFilters};
use crate::http::error::{ApiError, ErrorBody};
use crate::http::query::{ApiQuery, NoParams, OnParam, list_of, one_of, reference_date};
use crate::state::AppState;

type ApiResult<T> = Result<Json<T>, ApiError>;

// The schemas of the parameters that take a fixed vocabulary, from the
// domain's own lists, so that the document names every value the server
// takes and no other.

fn status_schema() -> utoipa::openapi::schema::Array {
    list_of(
        "`rolling`, `upcoming`, `passed` or `unknown`, on the reference date.",
        &DeadlineStatus::ALL.map(DeadlineStatus::as_str),
    )
}

fn sort_schema() -> utoipa::openapi::Object {
    one_of(
        "`deadline` (the nearest first, grants without a date last; the default), `title`, or `relevance` (how well `q` matches, then by deadline).",
        &GrantSort::ALL.map(GrantSort::as_str),
    )
}

fn role_schema() -> utoipa::openapi::Object {
    one_of(
        "`responsible` or `contributes`: with `area`, the role there; alone, in any area. `none`: actors with no role in any area.",
        &filters::RoleFilter::NAMES,
    )
}

fn kind_schema() -> utoipa::openapi::schema::Array {
    list_of(
        "Kinds: myndighet, myndighetsgrupp, medlemsorganisation, fond, stiftelse, forbund, organisation.",
        &ActorKind::ALL.map(ActorKind::as_str),
    )
}

fn type_schema() -> utoipa::openapi::schema::Array {
    list_of(
        "Only these kinds: `actor`, `grant`, `initiative`.",
        &samverkan_search::Kind::ALL.map(samverkan_search::Kind::as_str),
    )
}

/// Filters for grants. Within one filter any value matches (repeat the
/// parameter or separate values with commas); all filters must match.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GrantParams {
    /// Words that must all occur in the title, description or provider's name
    /// (at most 500 characters).
    #[param(max_length = 500)]
    q: Option<String>,
    /// Area ids (see `/api/v1/areas`).
    area: Option<Vec<String>>,
    /// Applicant type ids (see `/api/v1/applicant-types`). A grant open to a
    /// broader or narrower type of the same family matches too: `ideell-forening`
    /// finds grants open to `civilsamhallesorganisation`.
    applicant: Option<Vec<String>>,
    /// Actor ids of the providers.
    provider: Option<Vec<String>>,
    /// `rolling`, `upcoming`, `passed` or `unknown`, on the reference date.
    #[param(schema_with = status_schema)]
    status: Option<Vec<String>>,
    /// Only grants whose next deadline is at most this many days after the
    /// reference date (0–3660). Grants without a date (rolling, unknown) are left out.
    #[param(minimum = 0, maximum = 3660)]
    within_days: Option<u32>,
    /// The reference date, `YYYY-MM-DD` in the years 1900–2999; by default
    /// today in Europe/Stockholm.
    #[param(format = Date, pattern = r"^(19|2[0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}$")]
    on: Option<String>,
    /// `deadline` (the nearest first, grants without a date last; the default),
    /// `title`, or `relevance` (how well `q` matches, then by deadline).
    #[param(schema_with = sort_schema)]
    sort: Option<String>,
    /// At most this many items (1–1000, default 100).
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
    /// Skip this many items first (at most 10 000 000).
    #[param(minimum = 0, maximum = 10_000_000)]
    offset: Option<u32>,
}

/// The page of items to answer with: `limit` (default 100) from `offset`.
fn page(limit: Option<u32>, offset: Option<u32>) -> (usize, usize) {
    (
        limit.map_or(DEFAULT_LIMIT, |n| n as usize),
        offset.map_or(0, |n| n as usize),
    )
}

/// How many items a list gives when `limit` is not given.
const DEFAULT_LIMIT: usize = 100;

/// Grants, with their next deadline and status on the reference date.
#[utoipa::path(
    get, path = "/api/v1/grants", tag = "catalogue", params(GrantParams),
    responses(
        (status = 200, body = GrantList),
        (status = 400, description = "A parameter is unknown or invalid", body = ErrorBody)
    )
)]
pub async fn list_grants(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<GrantParams>,
) -> ApiResult<GrantList> {
    let (catalog, search) = state.catalog_and_search();
    let on = reference_date(p.on.as_deref())?;
    let filters = GrantFilters {
        q: p.q.as_deref(),
        area: p.area.as_deref(),
        applicant: p.applicant.as_deref(),
        provider: p.provider.as_deref(),
        status: p.status.as_deref(),
        within_days: p.within_days,
        sort: p.sort.as_deref(),
    };
    let q = filters::grant_query(filters, &catalog, &search, DefaultSort::Deadline)?;
    let (limit, offset) = page(p.limit, p.offset);
    let (hits, total) = catalog.find_grants_page(&q, on, offset, limit);
    let stale_days = state.config.stale_days;
    Ok(Json(GrantList {
        total,
        items: hits.iter().map(|h| GrantItem::new(h, on, stale_days)).collect(),
        on: on.to_string(),
    }))
}

/// One grant.
#[utoipa::path(
    get, path = "/api/v1/grants/{id}", tag = "catalogue",
    params(("id" = String, Path, description = "The grant's id"), OnParam),
    responses(
        (status = 200, body = GrantItem),
        (status = 400, body = ErrorBody),
        (status = 404, description = "No grant has this id", body = ErrorBody)
    )
)]
pub async fn get_grant(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiQuery(p): ApiQuery<OnParam>,
) -> ApiResult<GrantItem> {
    let on = reference_date(p.on.as_deref())?;
    let catalog = state.catalog();
    let grant = catalog.grant(&id).ok_or_else(|| not_found("grant", &id))?;
    Ok(Json(GrantItem::new(
        &catalog.hit(grant, on),
        on,
        state.config.stale_days,
    )))
}

fn not_found(what: &str, id: &str) -> ApiError {
    let shown: String = id.chars().take(80).collect();
    ApiError::not_found(format!("there is no {what} \"{shown}\""))
}

/// Filters for actors.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActorParams {
    /// Words that must all occur in the name, short name, mission or connection
    /// (at most 500 characters).
    #[param(max_length = 500)]
    q: Option<String>,
    /// Area ids: actors that work in any of them.
    area: Option<Vec<String>>,
    /// `responsible` or `contributes`: with `area`, the role there; alone, in any area. `none`: actors with no role in any area.
    #[param(schema_with = role_schema)]
    role: Option<String>,
    /// Kinds: myndighet, myndighetsgrupp, medlemsorganisation, fond, stiftelse, forbund, organisation.
    #[param(schema_with = kind_schema)]
    kind: Option<Vec<String>>,
    /// The reference date for `stale`, `YYYY-MM-DD` in the years 1900–2999.
    #[param(format = Date, pattern = r"^(19|2[0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}$")]
    on: Option<String>,
    /// At most this many items (1–1000, default 100).
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
    /// Skip this many items first (at most 10 000 000).
    #[param(minimum = 0, maximum = 10_000_000)]
    offset: Option<u32>,
}

/// Agencies and other national actors, by name.
#[utoipa::path(
    get, path = "/api/v1/actors", tag = "catalogue", params(ActorParams),
    responses((status = 200, body = ActorList), (status = 400, body = ErrorBody))
)]
pub async fn list_actors(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<ActorParams>,
) -> ApiResult<ActorList> {
    let catalog = state.catalog();
    let on = reference_date(p.on.as_deref())?;
    let (role, without_role) = filters::RoleFilter::split(filters::role(p.role.as_deref())?);
    let q = ActorQuery {
        text: p.q,
        areas: filters::areas(p.area.as_deref(), &catalog)?,
        role,
        without_role,
        kinds: filters::kinds(p.kind.as_deref())?,
    };
    let (limit, offset) = page(p.limit, p.offset);
    let actors = catalog.find_actors(&q);
    Ok(Json(ActorList {
        total: actors.len(),
        items: actors
            .iter()
            .skip(offset)
            .take(limit)
            .map(|a| ActorItem::new(a, on, state.config.stale_days))
            .collect(),
    }))
}

/// One actor, with the grants it gives, its initiatives and who else works in its areas.
#[utoipa::path(
    get, path = "/api/v1/actors/{id}", tag = "catalogue",
    params(("id" = String, Path, description = "The actor's id"), OnParam),
    responses((status = 200, body = ActorDetail), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody))
)]
pub async fn get_actor(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiQuery(p): ApiQuery<OnParam>,
) -> ApiResult<ActorDetail> {
    let on = reference_date(p.on.as_deref())?;
    let catalog = state.catalog();
    let actor = catalog.actor(&id).ok_or_else(|| not_found("actor", &id))?;
    Ok(Json(ActorDetail::new(
        &catalog,
        actor,
        on,
        state.config.stale_days,
    )))
}

/// The five priority areas, in the strategy's order, with who and what works in each.
#[utoipa::path(
    get, path = "/api/v1/areas", tag = "catalogue",
    responses((status = 200, body = AreaList), (status = 400, body = ErrorBody))
)]
pub async fn list_areas(State(state): State<AppState>, _: ApiQuery<NoParams>) -> ApiResult<AreaList> {
    let catalog = state.catalog();
    let items: Vec<AreaView> = catalog
        .areas()
        .iter()
        .map(|a| AreaView::new(&catalog, a))
        .collect();
    Ok(Json(AreaList {
        total: items.len(),
        items,
    }))
}

/// One area.
#[utoipa::path(
    get, path = "/api/v1/areas/{id}", tag = "catalogue",
    params(("id" = String, Path, description = "The area's id")),
    responses((status = 200, body = AreaView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody))
)]
pub async fn get_area(
    State(state): State<AppState>,
    Path(id): Path<String>,
    _: ApiQuery<NoParams>,
) -> ApiResult<AreaView> {
    let catalog = state.catalog();
    let area = catalog.area(&id).ok_or_else(|| not_found("area", &id))?;
    Ok(Json(AreaView::new(&catalog, area)))
}

/// Filters for initiatives.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InitiativeParams {
    /// Area ids.
    area: Option<Vec<String>>,
    /// Actor ids: initiatives any of them take part in.
    actor: Option<Vec<String>>,
    /// The reference date for `stale`, `YYYY-MM-DD` in the years 1900–2999.
    #[param(format = Date, pattern = r"^(19|2[0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}$")]
    on: Option<String>,
}

/// Named efforts across actors, by name.
#[utoipa::path(
    get, path = "/api/v1/initiatives", tag = "catalogue", params(InitiativeParams),
    responses((status = 200, body = InitiativeList), (status = 400, body = ErrorBody))
)]
pub async fn list_initiatives(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<InitiativeParams>,
) -> ApiResult<InitiativeList> {
    let catalog = state.catalog();
    let on = reference_date(p.on.as_deref())?;
    let areas = filters::areas(p.area.as_deref(), &catalog)?;
    let actors = filters::actors("actor", p.actor.as_deref(), &catalog)?;
    let items: Vec<InitiativeView> = catalog
        .find_initiatives(&areas, &actors)
        .into_iter()
        .map(|i| InitiativeView::new(&catalog, i, on, state.config.stale_days))
        .collect();
    Ok(Json(InitiativeList {
        total: items.len(),
        items,
    }))
}

/// One initiative.
#[utoipa::path(
    get, path = "/api/v1/initiatives/{id}", tag = "catalogue",
    params(("id" = String, Path, description = "The initiative's id"), OnParam),
    responses((status = 200, body = InitiativeView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody))
)]
pub async fn get_initiative(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiQuery(p): ApiQuery<OnParam>,
) -> ApiResult<InitiativeView> {
    let on = reference_date(p.on.as_deref())?;
    let catalog = state.catalog();
    let initiative = catalog
        .initiative(&id)
        .ok_or_else(|| not_found("initiative", &id))?;
    Ok(Json(InitiativeView::new(
        &catalog,
        initiative,
        on,
        state.config.stale_days,
    )))
}

/// The kinds of applicant, as a hierarchy through `parent`.
#[utoipa::path(
    get, path = "/api/v1/applicant-types", tag = "catalogue",
    responses((status = 200, body = ApplicantTypeList), (status = 400, body = ErrorBody))
)]
pub async fn list_applicant_types(
    State(state): State<AppState>,
    _: ApiQuery<NoParams>,
) -> ApiResult<ApplicantTypeList> {
    let catalog = state.catalog();
    let items: Vec<ApplicantTypeView> = catalog
        .applicant_types()
        .iter()
        .map(|t| ApplicantTypeView {
            id: t.id.to_string(),
            name: t.name.clone(),
            parent: t.parent.as_ref().map(ToString::to_string),
        })
        .collect();
    Ok(Json(ApplicantTypeList {
        total: items.len(),
        items,
    }))
}

/// The perspectives that run across the areas.
#[utoipa::path(
    get, path = "/api/v1/perspectives", tag = "catalogue",
    responses((status = 200, body = PerspectiveList), (status = 400, body = ErrorBody))
)]
pub async fn list_perspectives(
    State(state): State<AppState>,
    _: ApiQuery<NoParams>,
) -> ApiResult<PerspectiveList> {
    let catalog = state.catalog();
    let items: Vec<PerspectiveView> = catalog
        .perspectives()
        .iter()
        .map(|p| PerspectiveView {
            id: p.id.to_string(),
            name: p.name.clone(),
        })
        .collect();
    Ok(Json(PerspectiveList {
        total: items.len(),
        items,
    }))
}

/// Search parameters.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// What to look for, in Swedish. Inflected forms, one-letter typos in
    /// longer words and the first part of compounds match; abbreviations (Brå,
    /// DO, MUCF) find their actor. Any characters are accepted; past 500 the
    /// text is cut.
    q: Option<String>,
    /// Only these kinds: `actor`, `grant`, `initiative`.
    #[param(rename = "type", schema_with = type_schema)]
    #[serde(rename = "type")]
    kind: Option<Vec<String>>,
    /// At most this many items (1–100, default 20).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// Skip this many items first (at most 100 000).
    #[param(minimum = 0, maximum = 100_000)]
    offset: Option<u32>,
}

/// Search across actors, grants and initiatives, in relevance order.
#[utoipa::path(
    get, path = "/api/v1/search", tag = "catalogue", params(SearchParams),
    responses((status = 200, body = SearchList), (status = 400, body = ErrorBody))
)]
pub async fn search(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<SearchParams>,
) -> ApiResult<SearchList> {
    let kinds = crate::filters::search_kinds(p.kind.as_deref())?;
    let limit = p.limit.map_or(20, |n| n as usize);
    let offset = p.offset.map_or(0, |n| n as usize);
    let text = p.q.as_deref().unwrap_or("");
    let (catalog, index) = state.catalog_and_search();
    let results =
        crate::search::run(&index, text, &kinds, limit, offset).map_err(|e| ApiError::internal(&e))?;
    Ok(Json(SearchList {
        total: results.total,
        items: results
            .hits
            .iter()
            .map(|h| SearchItem {
                kind: h.kind.as_str().to_string(),
                id: h.id.to_string(),
                title: samverkan_search::title_text(&catalog, h.kind, h.id.as_str()),
                snippet: crate::search::snippet(&catalog, &index, text, h),
                url: crate::search::href(crate::i18n::Lang::Sv, h),
                score: h.score,
            })
            .collect(),
    }))
}
