//! The API's read endpoints: the catalogue, its vocabularies and search.
//!
//! Handlers are thin: read the parameters, ask the catalogue, shape the answer.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use samverkan_domain::model::{ActorKind, AreaRole};
use samverkan_domain::{ActorQuery, DeadlineStatus, GrantQuery, GrantSort};
use utoipa::IntoParams;

use crate::http::error::{ApiError, ErrorBody};
use crate::http::query::{Arity, Params};
use crate::state::AppState;
use crate::views::*;

type ApiResult<T> = Result<Json<T>, ApiError>;

/// Filters for grants. Within one filter any value matches (repeat the
/// parameter or separate values with commas); all filters must match.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct GrantParams {
    /// Words that must all occur in the title, description or provider's name.
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
    status: Option<Vec<String>>,
    /// Only grants whose next deadline is at most this many days after the
    /// reference date (0–3660). Grants without a date (rolling, unknown) are left out.
    within_days: Option<u32>,
    /// The reference date, `YYYY-MM-DD`; by default today in Europe/Stockholm.
    #[param(format = Date)]
    on: Option<String>,
    /// `deadline` (the nearest first, grants without a date last; the default),
    /// `title`, or `relevance` (how well `q` matches, then by deadline).
    sort: Option<String>,
    /// At most this many items (1–1000, default 100).
    limit: Option<u32>,
    /// Skip this many items first.
    offset: Option<u32>,
}

const GRANT_PARAMS: &[(&str, Arity)] = &[
    ("q", Arity::One),
    ("area", Arity::Many),
    ("applicant", Arity::Many),
    ("provider", Arity::Many),
    ("status", Arity::Many),
    ("within_days", Arity::One),
    ("on", Arity::One),
    ("sort", Arity::One),
    ("limit", Arity::One),
    ("offset", Arity::One),
];

/// The reference date for a single entry.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct OnParam {
    /// The reference date, `YYYY-MM-DD`; by default today in Europe/Stockholm.
    #[param(format = Date)]
    on: Option<String>,
}

const ON_PARAM: &[(&str, Arity)] = &[("on", Arity::One)];

/// Grants, with their next deadline and status on the reference date.
#[utoipa::path(
    get, path = "/api/v1/grants", tag = "catalogue", params(GrantParams),
    responses(
        (status = 200, body = GrantList),
        (status = 400, description = "A parameter is unknown or invalid", body = ErrorBody)
    )
)]
pub async fn list_grants(State(state): State<AppState>, RawQuery(query): RawQuery) -> ApiResult<GrantList> {
    let p = Params::parse(query.as_deref(), GRANT_PARAMS)?;
    let (catalog, search) = state.catalog_and_search();
    let on = p.on()?;
    let statuses = DeadlineStatus::ALL.map(DeadlineStatus::as_str);
    let text = p.text("q")?;
    let ranked = match &text {
        Some(t) => search
            .scores(t, samverkan_search::Kind::Grant)
            .map_err(|e| ApiError::internal(&e))?,
        None => None,
    };
    let q = GrantQuery {
        text,
        ranked,
        areas: p.slugs(
            "area",
            "area",
            |id| catalog.area(id).is_some(),
            || catalog.areas().iter().map(|a| a.id.to_string()).collect(),
        )?,
        applicants: p.slugs(
            "applicant",
            "applicant type",
            |id| catalog.applicant_type(id).is_some(),
            || {
                catalog
                    .applicant_types()
                    .iter()
                    .map(|a| a.id.to_string())
                    .collect()
            },
        )?,
        providers: p.slugs("provider", "actor", |id| catalog.actor(id).is_some(), Vec::new)?,
        statuses: p.choices("status", DeadlineStatus::parse, &statuses)?,
        within_days: p.within_days()?,
        sort: match p.one("sort") {
            None | Some("deadline") => GrantSort::Deadline,
            Some("title") => GrantSort::Title,
            Some("relevance") => GrantSort::Relevance,
            Some(other) => {
                return Err(crate::http::query::invalid(
                    "sort",
                    format!(
                        "\"{}\" is not one of deadline, title, relevance",
                        other.chars().take(40).collect::<String>()
                    ),
                ));
            }
        },
    };
    let (limit, offset) = p.page()?;
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
    RawQuery(query): RawQuery,
) -> ApiResult<GrantItem> {
    let p = Params::parse(query.as_deref(), ON_PARAM)?;
    let on = p.on()?;
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
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ActorParams {
    /// Words that must all occur in the name, short name, mission or connection.
    q: Option<String>,
    /// Area ids: actors that work in any of them.
    area: Option<Vec<String>>,
    /// `responsible` or `contributes`: with `area`, the role there; alone, in any area.
    role: Option<String>,
    /// Kinds: myndighet, myndighetsgrupp, medlemsorganisation, fond, stiftelse, forbund, organisation.
    kind: Option<Vec<String>>,
    /// The reference date for `stale`, `YYYY-MM-DD`.
    #[param(format = Date)]
    on: Option<String>,
    /// At most this many items (1–1000, default 100).
    limit: Option<u32>,
    /// Skip this many items first.
    offset: Option<u32>,
}

const ACTOR_PARAMS: &[(&str, Arity)] = &[
    ("q", Arity::One),
    ("area", Arity::Many),
    ("role", Arity::One),
    ("kind", Arity::Many),
    ("on", Arity::One),
    ("limit", Arity::One),
    ("offset", Arity::One),
];

/// Agencies and other national actors, by name.
#[utoipa::path(
    get, path = "/api/v1/actors", tag = "catalogue", params(ActorParams),
    responses((status = 200, body = ActorList), (status = 400, body = ErrorBody))
)]
pub async fn list_actors(State(state): State<AppState>, RawQuery(query): RawQuery) -> ApiResult<ActorList> {
    let p = Params::parse(query.as_deref(), ACTOR_PARAMS)?;
    let catalog = state.catalog();
    let on = p.on()?;
    let kinds = ActorKind::ALL.map(ActorKind::as_str);
    let role = p.choices("role", AreaRole::parse, &["responsible", "contributes"])?;
    let q = ActorQuery {
        text: p.text("q")?,
        areas: p.slugs(
            "area",
            "area",
            |id| catalog.area(id).is_some(),
            || catalog.areas().iter().map(|a| a.id.to_string()).collect(),
        )?,
        role: role.first().copied(),
        kinds: p.choices("kind", ActorKind::parse, &kinds)?,
    };
    let (limit, offset) = p.page()?;
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
    RawQuery(query): RawQuery,
) -> ApiResult<ActorDetail> {
    let p = Params::parse(query.as_deref(), ON_PARAM)?;
    let on = p.on()?;
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
pub async fn list_areas(State(state): State<AppState>, RawQuery(query): RawQuery) -> ApiResult<AreaList> {
    Params::parse(query.as_deref(), &[])?;
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
    RawQuery(query): RawQuery,
) -> ApiResult<AreaView> {
    Params::parse(query.as_deref(), &[])?;
    let catalog = state.catalog();
    let area = catalog.area(&id).ok_or_else(|| not_found("area", &id))?;
    Ok(Json(AreaView::new(&catalog, area)))
}

/// Filters for initiatives.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct InitiativeParams {
    /// Area ids.
    area: Option<Vec<String>>,
    /// Actor ids: initiatives any of them take part in.
    actor: Option<Vec<String>>,
    /// The reference date for `stale`, `YYYY-MM-DD`.
    #[param(format = Date)]
    on: Option<String>,
}

const INITIATIVE_PARAMS: &[(&str, Arity)] =
    &[("area", Arity::Many), ("actor", Arity::Many), ("on", Arity::One)];

/// Named efforts across actors, by name.
#[utoipa::path(
    get, path = "/api/v1/initiatives", tag = "catalogue", params(InitiativeParams),
    responses((status = 200, body = InitiativeList), (status = 400, body = ErrorBody))
)]
pub async fn list_initiatives(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> ApiResult<InitiativeList> {
    let p = Params::parse(query.as_deref(), INITIATIVE_PARAMS)?;
    let catalog = state.catalog();
    let on = p.on()?;
    let areas = p.slugs(
        "area",
        "area",
        |id| catalog.area(id).is_some(),
        || catalog.areas().iter().map(|a| a.id.to_string()).collect(),
    )?;
    let actors = p.slugs("actor", "actor", |id| catalog.actor(id).is_some(), Vec::new)?;
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
    RawQuery(query): RawQuery,
) -> ApiResult<InitiativeView> {
    let p = Params::parse(query.as_deref(), ON_PARAM)?;
    let on = p.on()?;
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
    RawQuery(query): RawQuery,
) -> ApiResult<ApplicantTypeList> {
    Params::parse(query.as_deref(), &[])?;
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
    RawQuery(query): RawQuery,
) -> ApiResult<PerspectiveList> {
    Params::parse(query.as_deref(), &[])?;
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
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct SearchParams {
    /// What to look for, in Swedish. Inflected forms, one-letter typos in
    /// longer words and the first part of compounds match; abbreviations (Brå,
    /// DO, MUCF) find their actor. Any characters are accepted; past 500 the
    /// text is cut.
    q: Option<String>,
    /// Only these kinds: `actor`, `grant`, `initiative`.
    #[param(rename = "type")]
    kind: Option<Vec<String>>,
    /// At most this many items (1–100, default 20).
    limit: Option<u32>,
    /// Skip this many items first.
    offset: Option<u32>,
}

const SEARCH_PARAMS: &[(&str, Arity)] = &[
    ("q", Arity::One),
    ("type", Arity::Many),
    ("limit", Arity::One),
    ("offset", Arity::One),
];

/// Search across actors, grants and initiatives, in relevance order.
#[utoipa::path(
    get, path = "/api/v1/search", tag = "catalogue", params(SearchParams),
    responses((status = 200, body = SearchList), (status = 400, body = ErrorBody))
)]
pub async fn search(State(state): State<AppState>, RawQuery(query): RawQuery) -> ApiResult<SearchList> {
    let p = Params::parse(query.as_deref(), SEARCH_PARAMS)?;
    let kinds = p.choices(
        "type",
        samverkan_search::Kind::parse,
        &["actor", "grant", "initiative"],
    )?;
    let limit = p.number("limit", 1..=100)?.unwrap_or(20);
    let offset = p.number("offset", 0..=100_000)?.unwrap_or(0);
    let text = p.one("q").unwrap_or("");
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
