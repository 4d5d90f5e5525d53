//! The filters that the API, the grant finder, its calendar, the deadline
//! calendar and the actor list share: from parameter values to the domain's
//! queries, each id checked against the catalogue, in one place.

use samverkan_domain::model::{ActorKind, AreaRole};
use samverkan_domain::{Catalog, DeadlineStatus, GrantQuery, GrantSort, Slug};
use samverkan_search::SearchIndex;

use crate::html::HtmlError;
use crate::http::ApiError;
use crate::http::query::{ParamError, choice, choices, slugs};

/// Area ids, each an area of the catalogue.
pub fn areas(values: Option<&[String]>, catalog: &Catalog) -> Result<Vec<Slug>, ParamError> {
    slugs(
        "area",
        values,
        "area",
        |id| catalog.area(id).is_some(),
        || catalog.areas().iter().map(|a| a.id.to_string()).collect(),
    )
}

/// Applicant type ids.
pub fn applicants(values: Option<&[String]>, catalog: &Catalog) -> Result<Vec<Slug>, ParamError> {
    slugs(
        "applicant",
        values,
        "applicant type",
        |id| catalog.applicant_type(id).is_some(),
        || {
            catalog
                .applicant_types()
                .iter()
                .map(|a| a.id.to_string())
                .collect()
        },
    )
}

/// Actor ids, as parameter `name`.
pub fn actors(name: &str, values: Option<&[String]>, catalog: &Catalog) -> Result<Vec<Slug>, ParamError> {
    slugs(name, values, "actor", |id| catalog.actor(id).is_some(), Vec::new)
}

/// Deadline statuses.
pub fn statuses(values: Option<&[String]>) -> Result<Vec<DeadlineStatus>, ParamError> {
    choices(
        "status",
        values,
        DeadlineStatus::parse,
        &DeadlineStatus::ALL.map(DeadlineStatus::as_str),
    )
}

/// An actor's role in an area.
pub fn role(value: Option<&str>) -> Result<Option<RoleFilter>, ParamError> {
    value
        .map(|v| choice("role", v, RoleFilter::parse, &RoleFilter::NAMES))
        .transpose()
}

/// The actor lists' role filter: a role in an area, or no role in any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleFilter {
    Role(AreaRole),
    None,
}

impl RoleFilter {
    /// The values, as in URLs.
    pub const NAMES: [&'static str; 3] = ["responsible", "contributes", "none"];

    fn parse(text: &str) -> Option<RoleFilter> {
        match text {
            "none" => Some(RoleFilter::None),
            other => AreaRole::parse(other).map(RoleFilter::Role),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RoleFilter::Role(role) => role.as_str(),
            RoleFilter::None => "none",
        }
    }

    /// The query's `role` and `without_role`.
    pub fn split(filter: Option<RoleFilter>) -> (Option<AreaRole>, bool) {
        match filter {
            Some(RoleFilter::Role(role)) => (Some(role), false),
            Some(RoleFilter::None) => (None, true),
            None => (None, false),
        }
    }
}

/// Kinds of actor.
pub fn kinds(values: Option<&[String]>) -> Result<Vec<ActorKind>, ParamError> {
    choices(
        "kind",
        values,
        ActorKind::parse,
        &ActorKind::ALL.map(ActorKind::as_str),
    )
}

/// Kinds of search result (`type`).
pub fn search_kinds(values: Option<&[String]>) -> Result<Vec<samverkan_search::Kind>, ParamError> {
    choices(
        "type",
        values,
        samverkan_search::Kind::parse,
        &samverkan_search::Kind::ALL.map(samverkan_search::Kind::as_str),
    )
}

/// The grant filters' values, as given.
#[derive(Debug, Default, Clone, Copy)]
pub struct GrantFilters<'a> {
    pub q: Option<&'a str>,
    pub area: Option<&'a [String]>,
    pub applicant: Option<&'a [String]>,
    pub provider: Option<&'a [String]>,
    pub status: Option<&'a [String]>,
    pub within_days: Option<u32>,
    pub sort: Option<&'a str>,
}

/// Why the grant filters could not be applied.
#[derive(Debug)]
pub enum FilterError {
    /// A value does not fit.
    Param(ParamError),
    /// The search index failed.
    Search(samverkan_search::SearchError),
}

impl From<ParamError> for FilterError {
    fn from(e: ParamError) -> Self {
        FilterError::Param(e)
    }
}

impl From<FilterError> for ApiError {
    fn from(e: FilterError) -> Self {
        match e {
            FilterError::Param(e) => e.into(),
            FilterError::Search(e) => ApiError::internal(&e),
        }
    }
}

impl From<FilterError> for HtmlError {
    fn from(e: FilterError) -> Self {
        match e {
            FilterError::Param(e) => e.into(),
            FilterError::Search(e) => HtmlError::internal(&e),
        }
    }
}

/// How grants are ordered when no `sort` is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultSort {
    /// By deadline, always (the API: a stable order for programs).
    Deadline,
    /// By relevance when there is text to match, else by deadline (the
    /// finder: people who type words want the best match first).
    RelevanceWithText,
}

/// The domain's grant query from the filters' values.
pub fn grant_query(
    f: GrantFilters<'_>,
    catalog: &Catalog,
    search: &SearchIndex,
    default: DefaultSort,
) -> Result<GrantQuery, FilterError> {
    let text = f.q.map(str::to_string);
    let sort = match f.sort {
        Some(s) => choice(
            "sort",
            s,
            GrantSort::parse,
            &GrantSort::ALL.map(GrantSort::as_str),
        )?,
        None if text.is_some() && default == DefaultSort::RelevanceWithText => GrantSort::Relevance,
        None => GrantSort::Deadline,
    };
    let ranked = match &text {
        Some(t) => search
            .scores(t, samverkan_search::Kind::Grant)
            .map_err(FilterError::Search)?
            .map(std::sync::Arc::new),
        None => None,
    };
    Ok(GrantQuery {
        text,
        ranked,
        areas: areas(f.area, catalog)?,
        applicants: applicants(f.applicant, catalog)?,
        providers: actors("provider", f.provider, catalog)?,
        statuses: statuses(f.status)?,
        within_days: f.within_days,
        sort,
    })
}
