//! The write API (SPEC §5): create, change, retire and restore actors, grants
//! and initiatives with an API token (`Authorization: Bearer svk_…`). The same
//! checks, revisions and version rule as the browser's forms: every write
//! names the version it changes, and a stale version is a 409 that changes
//! nothing.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use samverkan_domain::{Entry, EntryKind};
use samverkan_store::{Revision, User};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::ApiCaller;
use crate::editing::{EditError, Editing};
use crate::http::ApiError;
use crate::http::json::StrictJson;
use crate::state::AppState;

type ApiResult = Result<Response, ApiError>;

/// A new entry.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEntry {
    /// The entry in the dataset format (as in `/data/samverkan.json`), with its `id`.
    #[schema(value_type = Object)]
    pub entry: serde_json::Value,
    /// Why; recorded in the revision.
    #[serde(default)]
    pub comment: Option<String>,
}

/// A changed entry.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdatedEntry {
    /// The version the change was made from (see the revisions endpoint). If
    /// the entry has moved on since, the change is refused with 409.
    #[serde(deserialize_with = "version")]
    pub version: i64,
    /// The whole entry as it should be, in the dataset format.
    #[schema(value_type = Object)]
    pub entry: serde_json::Value,
    #[serde(default)]
    pub comment: Option<String>,
}

/// Retiring an entry.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RetireEntry {
    /// The version being retired; if the entry has moved on since, 409.
    #[serde(deserialize_with = "version")]
    #[schema(minimum = 1)]
    pub version: i64,
    #[serde(default)]
    pub comment: Option<String>,
}

/// Restoring a revision.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RestoreRevision {
    #[serde(default)]
    pub comment: Option<String>,
}

/// Reads a version: a JSON integer, also when written with a fraction of
/// zero (`3.0`), since JSON (and so the schema's `integer`) does not tell the
/// two apart.
fn version<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    struct Version;
    impl serde::de::Visitor<'_> for Version {
        type Value = i64;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a version: a whole number")
        }
        fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<i64, E> {
            Ok(n)
        }
        fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<i64, E> {
            i64::try_from(n).map_err(|_| E::custom(format!("{n} is not a version")))
        }
        fn visit_f64<E: serde::de::Error>(self, f: f64) -> Result<i64, E> {
            // Within ±2^53 every integer-valued float is exact.
            if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 {
                Ok(f as i64)
            } else {
                Err(E::invalid_value(serde::de::Unexpected::Float(f), &self))
            }
        }
    }
    deserializer.deserialize_any(Version)
}

/// What a write did.
#[derive(Serialize, ToSchema)]
pub struct Written {
    pub kind: String,
    pub id: String,
    /// The entry's version now (the published one, for a proposal).
    pub version: i64,
    /// Where review is on for the account's change, it is not published:
    /// it is kept as this proposal (the answer is then 202) until another
    /// editor approves it in the editors' area.
    pub proposal: Option<String>,
}

/// An entry's revisions, oldest first; the last one's `version` is the current version.
#[derive(Serialize, ToSchema)]
pub struct RevisionList {
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<Revision>,
}

fn entry_of(kind: EntryKind, value: &serde_json::Value) -> Result<Entry, ApiError> {
    Entry::from_json(kind, value).map_err(|e| {
        let message = match e.field {
            Some(f) => format!(
                "the {kind} is not valid at `entry.{}`: {}",
                f.trim_start_matches('.'),
                e.message
            ),
            None => format!("the {kind} is not valid: {}", e.message),
        };
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "invalid_entry",
            message,
        }
    })
}

impl From<EditError> for ApiError {
    fn from(e: EditError) -> Self {
        match e {
            EditError::Store(e) => ApiError::from(e),
            e @ EditError::NotCurrent { .. } => ApiError::not_found(e.to_string()),
            EditError::Forbidden(why) => ApiError {
                status: StatusCode::FORBIDDEN,
                code: "not_your_organisation",
                message: why,
            },
            e @ EditError::NotEditable { .. } => ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "not_editable",
                message: e.to_string(),
            },
            e @ EditError::NoProposal(_) => ApiError::not_found(e.to_string()),
            e @ (EditError::Decided(_) | EditError::ProposalConflict(_)) => ApiError {
                status: StatusCode::CONFLICT,
                code: "conflict",
                message: e.to_string(),
            },
            e @ (EditError::NoReason | EditError::FutureCheck(_)) => ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "invalid_request",
                message: e.to_string(),
            },
        }
    }
}

/// The answer to a write: 201 with `Location` for a new entry, else 200;
/// 202 when the change was kept as a proposal for review.
fn written(w: crate::editing::Written, status: StatusCode) -> Response {
    let status = if w.proposal.is_some() {
        StatusCode::ACCEPTED
    } else {
        status
    };
    let location =
        (status == StatusCode::CREATED).then(|| format!("/api/v1/{}/{}", w.kind.collection(), w.id));
    let body = Json(Written {
        kind: w.kind.as_str().to_string(),
        id: w.id,
        version: w.version,
        proposal: w.proposal,
    });
    match location {
        Some(location) => (status, [(header::LOCATION, location)], body).into_response(),
        None => (status, body).into_response(),
    }
}

async fn create(state: AppState, kind: EntryKind, user: User, request: NewEntry) -> ApiResult {
    let entry = entry_of(kind, &request.entry)?;
    let comment = request.comment.unwrap_or_default();
    let w = Editing::new(&state, &user).create(entry, &comment).await?;
    Ok(written(w, StatusCode::CREATED))
}

async fn update(
    state: AppState,
    kind: EntryKind,
    id: String,
    user: User,
    request: UpdatedEntry,
) -> ApiResult {
    let entry = entry_of(kind, &request.entry)?;
    if entry.id().as_str() != id {
        return Err(ApiError::bad_request(
            "id_mismatch",
            format!(
                "the address names \"{id}\" but `entry.id` is \"{}\"; ids cannot be changed",
                entry.id()
            ),
        ));
    }
    let comment = request.comment.unwrap_or_default();
    let w = Editing::new(&state, &user)
        .update(entry, request.version, &comment)
        .await?;
    Ok(written(w, StatusCode::OK))
}

async fn retire(state: AppState, kind: EntryKind, id: String, user: User, request: RetireEntry) -> ApiResult {
    let comment = request.comment.unwrap_or_default();
    let w = Editing::new(&state, &user)
        .retire(kind, &id, request.version, &comment)
        .await?;
    Ok(written(w, StatusCode::OK))
}

async fn revisions(
    state: AppState,
    kind: EntryKind,
    id: String,
    user: &User,
) -> Result<Json<RevisionList>, ApiError> {
    let items = state.store.history(kind, &id).await?;
    if items.is_empty() {
        return Err(ApiError::not_found(format!("there is no {kind} \"{id}\"")));
    }
    // An organisation reads the history of what it keeps.
    let scope = crate::editing::Scope::of(&state.store, user).await?;
    if !items
        .last()
        .and_then(|r| r.entry())
        .is_some_and(|e| scope.owns(&e))
    {
        return Err(EditError::Forbidden(format!(
            "the {kind} \"{id}\" is not one of your organisations' own; its history is for its own organisation and the service's editors"
        ))
        .into());
    }
    Ok(Json(RevisionList { items }))
}

/// Makes an entry as it was right after a revision; the restoration is itself a new revision.
#[utoipa::path(
    post, path = "/api/v1/revisions/{revision}/restore", tag = "editing",
    params(("revision" = i64, Path, description = "A revision id, from an entry's revisions")),
    request_body = RestoreRevision, security(("token" = [])),
    responses(
        (status = 200, body = Written),
        (status = 202, description = "Review is on for this change: it was kept as a proposal (`proposal`), not published", body = Written),
        (status = 401, description = "No valid token", body = crate::http::error::ErrorBody),
        (status = 403, description = "The entry is not one of the organisations the token's account belongs to (`not_your_organisation`); organisations change only their own entries, the grants they provide and the initiatives they take part in", body = crate::http::error::ErrorBody),
        (status = 404, description = "No such revision", body = crate::http::error::ErrorBody),
        (status = 422, description = "The restored entry would break the catalogue (`invalid_entry`), or the revision is of a kind that is not edited here, such as an area (`not_editable`)", body = crate::http::error::ErrorBody),
        (status = 400, description = "The body is not valid JSON of this shape", body = crate::http::error::ErrorBody),
        (status = 413, description = "The body is larger than 64 KiB"),
        (status = 415, description = "The body is not sent as `Content-Type: application/json`", body = crate::http::error::ErrorBody),
        (status = 503, description = "The database cannot take the change now (`unavailable`: busy or full, try again after `Retry-After`; `read_only`: this installation is read-only)", body = crate::http::error::ErrorBody)
    )
)]
pub async fn restore(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(revision): Path<String>,
    StrictJson(request): StrictJson<RestoreRevision>,
) -> ApiResult {
    let Ok(rev) = revision.parse::<i64>() else {
        return Err(ApiError::not_found(format!(
            "there is no revision \"{revision}\""
        )));
    };
    let w = Editing::new(&state, &user)
        .restore(rev, request.comment.as_deref(), |target| {
            format!("restored to version {}", target.version)
        })
        .await?;
    Ok(written(w, StatusCode::OK))
}

/// Declares the four write endpoints of one collection, each documented.
macro_rules! collection_endpoints {
    ($kind:expr, $entry:ty, $new:ident, $updated:ident, $list:tt, $item:tt, $retire:tt, $revisions:tt,
     $create:ident, $update:ident, $retire_fn:ident, $revisions_fn:ident,
     $create_doc:literal, $update_doc:literal, $retire_doc:literal, $revisions_doc:literal) => {
        // The bodies as the OpenAPI document shows them: `NewEntry` and
        // `UpdatedEntry` with the entry's own schema. The handlers read those
        // two, so that an entry that breaks a rule is a 422 naming its field.
        /// A new entry, and why it was made.
        #[derive(Deserialize, ToSchema)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        pub struct $new {
            /// The entry in the dataset format (as in `/data/samverkan.json`), with its `id`.
            pub entry: $entry,
            /// Why; recorded in the revision.
            #[serde(default)]
            pub comment: Option<String>,
        }

        /// A changed entry: the version it was changed from, the whole entry, and why.
        #[derive(Deserialize, ToSchema)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        pub struct $updated {
            /// The version the change was made from (see the revisions endpoint). If
            /// the entry has moved on since, the change is refused with 409.
            #[serde(deserialize_with = "version")]
            #[schema(minimum = 1)]
            pub version: i64,
            /// The whole entry as it should be, in the dataset format.
            pub entry: $entry,
            /// Why; recorded in the revision.
            #[serde(default)]
            pub comment: Option<String>,
        }

        #[doc = $create_doc]
        #[utoipa::path(
            post, path = $list, tag = "editing", request_body = $new, security(("token" = [])),
            responses(
                (status = 201, body = Written),
                (status = 202, description = "Review is on for this change: it was kept as a proposal (`proposal`), not published", body = Written),
                (status = 400, description = "The body is not valid JSON of this shape", body = crate::http::error::ErrorBody),
                (status = 401, description = "No valid token", body = crate::http::error::ErrorBody),
                (status = 403, description = "The entry is not one of the organisations the token's account belongs to (`not_your_organisation`); organisations change only their own entries, the grants they provide and the initiatives they take part in", body = crate::http::error::ErrorBody),
                (status = 409, description = "The id is taken", body = crate::http::error::ErrorBody),
                (status = 413, description = "The body is larger than 64 KiB"),
                (status = 422, description = "The entry is not valid or breaks the catalogue", body = crate::http::error::ErrorBody),
                (status = 415, description = "The body is not sent as `Content-Type: application/json`", body = crate::http::error::ErrorBody),
                (status = 503, description = "The database cannot take the change now (`unavailable`: busy or full, try again after `Retry-After`; `read_only`: this installation is read-only)", body = crate::http::error::ErrorBody)
            )
        )]
        pub async fn $create(
            State(state): State<AppState>,
            ApiCaller(user): ApiCaller,
            StrictJson(request): StrictJson<NewEntry>,
        ) -> ApiResult {
            create(state, $kind, user, request).await
        }

        #[doc = $update_doc]
        #[utoipa::path(
            put, path = $item, tag = "editing", request_body = $updated, security(("token" = [])),
            params(("id" = String, Path, description = "The entry's id")),
            responses(
                (status = 200, body = Written),
                (status = 202, description = "Review is on for this change: it was kept as a proposal (`proposal`), not published", body = Written),
                (status = 400, description = "The body is not valid JSON of this shape", body = crate::http::error::ErrorBody),
                (status = 401, description = "No valid token", body = crate::http::error::ErrorBody),
                (status = 403, description = "The entry is not one of the organisations the token's account belongs to (`not_your_organisation`); organisations change only their own entries, the grants they provide and the initiatives they take part in", body = crate::http::error::ErrorBody),
                (status = 404, description = "No such entry", body = crate::http::error::ErrorBody),
                (status = 409, description = "The entry has changed since `version`", body = crate::http::error::ErrorBody),
                (status = 422, description = "The entry is not valid or breaks the catalogue", body = crate::http::error::ErrorBody),
                (status = 413, description = "The body is larger than 64 KiB"),
                (status = 415, description = "The body is not sent as `Content-Type: application/json`", body = crate::http::error::ErrorBody),
                (status = 503, description = "The database cannot take the change now (`unavailable`: busy or full, try again after `Retry-After`; `read_only`: this installation is read-only)", body = crate::http::error::ErrorBody)
            )
        )]
        pub async fn $update(
            State(state): State<AppState>,
            ApiCaller(user): ApiCaller,
            Path(id): Path<String>,
            StrictJson(request): StrictJson<UpdatedEntry>,
        ) -> ApiResult {
            update(state, $kind, id, user, request).await
        }

        #[doc = $retire_doc]
        #[utoipa::path(
            post, path = $retire, tag = "editing", request_body = RetireEntry, security(("token" = [])),
            params(("id" = String, Path, description = "The entry's id")),
            responses(
                (status = 200, body = Written),
                (status = 202, description = "Review is on for this change: it was kept as a proposal (`proposal`), not published", body = Written),
                (status = 401, description = "No valid token", body = crate::http::error::ErrorBody),
                (status = 403, description = "The entry is not one of the organisations the token's account belongs to (`not_your_organisation`); organisations change only their own entries, the grants they provide and the initiatives they take part in", body = crate::http::error::ErrorBody),
                (status = 404, description = "No such entry", body = crate::http::error::ErrorBody),
                (status = 409, description = "The entry has changed since `version`", body = crate::http::error::ErrorBody),
                (status = 422, description = "Other entries refer to it", body = crate::http::error::ErrorBody),
                (status = 400, description = "The body is not valid JSON of this shape", body = crate::http::error::ErrorBody),
                (status = 413, description = "The body is larger than 64 KiB"),
                (status = 415, description = "The body is not sent as `Content-Type: application/json`", body = crate::http::error::ErrorBody),
                (status = 503, description = "The database cannot take the change now (`unavailable`: busy or full, try again after `Retry-After`; `read_only`: this installation is read-only)", body = crate::http::error::ErrorBody)
            )
        )]
        pub async fn $retire_fn(
            State(state): State<AppState>,
            ApiCaller(user): ApiCaller,
            Path(id): Path<String>,
            StrictJson(request): StrictJson<RetireEntry>,
        ) -> ApiResult {
            retire(state, $kind, id, user, request).await
        }

        #[doc = $revisions_doc]
        #[utoipa::path(
            get, path = $revisions, tag = "editing", security(("token" = [])),
            params(("id" = String, Path, description = "The entry's id")),
            responses(
                (status = 200, body = RevisionList),
                (status = 401, description = "No valid token", body = crate::http::error::ErrorBody),
                (status = 403, description = "The entry is not one of the organisations the token's account belongs to (`not_your_organisation`); organisations change only their own entries, the grants they provide and the initiatives they take part in", body = crate::http::error::ErrorBody),
                (status = 404, description = "No such entry", body = crate::http::error::ErrorBody),
                (status = 503, description = "The database cannot take the change now (`unavailable`: busy or full, try again after `Retry-After`; `read_only`: this installation is read-only)", body = crate::http::error::ErrorBody)
            )
        )]
        pub async fn $revisions_fn(
            State(state): State<AppState>,
            ApiCaller(caller): ApiCaller,
            Path(id): Path<String>,
        ) -> Result<Json<RevisionList>, ApiError> {
            revisions(state, $kind, id, &caller).await
        }
    };
}

collection_endpoints!(
    EntryKind::Grant,
    samverkan_domain::Grant,
    NewGrant,
    UpdatedGrant,
    "/api/v1/grants",
    "/api/v1/grants/{id}",
    "/api/v1/grants/{id}/retire",
    "/api/v1/grants/{id}/revisions",
    create_grant,
    update_grant,
    retire_grant,
    grant_revisions,
    "Creates a new grant.",
    "Changes a grant, from the version the change was made from.",
    "Retires a grant: it leaves the catalogue and keeps its history.",
    "Every revision of a grant, oldest first, with who, when, why, and the data before and after."
);
collection_endpoints!(
    EntryKind::Actor,
    samverkan_domain::Actor,
    NewActor,
    UpdatedActor,
    "/api/v1/actors",
    "/api/v1/actors/{id}",
    "/api/v1/actors/{id}/retire",
    "/api/v1/actors/{id}/revisions",
    create_actor,
    update_actor,
    retire_actor,
    actor_revisions,
    "Creates a new actor.",
    "Changes an actor, from the version the change was made from.",
    "Retires an actor: it leaves the catalogue and keeps its history.",
    "Every revision of an actor, oldest first, with who, when, why, and the data before and after."
);
collection_endpoints!(
    EntryKind::Initiative,
    samverkan_domain::Initiative,
    NewInitiative,
    UpdatedInitiative,
    "/api/v1/initiatives",
    "/api/v1/initiatives/{id}",
    "/api/v1/initiatives/{id}/retire",
    "/api/v1/initiatives/{id}/revisions",
    create_initiative,
    update_initiative,
    retire_initiative,
    initiative_revisions,
    "Creates a new initiative.",
    "Changes an initiative, from the version the change was made from.",
    "Retires an initiative: it leaves the catalogue and keeps its history.",
    "Every revision of an initiative, oldest first, with who, when, why, and the data before and after."
);
