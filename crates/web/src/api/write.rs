//! The write API (SPEC §5): create, change, retire and restore actors, grants
//! and initiatives with an API token (`Authorization: Bearer svk_…`). The same
//! checks, revisions and version rule as the browser's forms: every write
//! names the version it changes, and a stale version is a 409 that changes
//! nothing.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use samverkan_domain::{Entry, EntryKind};
use samverkan_store::{Change, Expect, Revision, StoreError, User};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::session;
use crate::http::error::ApiError;
use crate::state::AppState;

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

/// What a write did.
#[derive(Serialize, ToSchema)]
pub struct Written {
    pub kind: String,
    pub id: String,
    /// The entry's version now.
    pub version: i64,
}

/// An entry's revisions, oldest first; the last one's `version` is the current version.
#[derive(Serialize, ToSchema)]
pub struct RevisionList {
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<Revision>,
}

fn unauthorized() -> Response {
    let mut response = ApiError {
        status: StatusCode::UNAUTHORIZED,
        code: "unauthorized",
        message: "send a valid, unrevoked API token as `Authorization: Bearer svk_…`; admins create tokens in the editors' area".into(),
    }
    .into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"samverkan\""),
    );
    response
}

/// The account behind the request's token.
async fn caller(state: &AppState, headers: &HeaderMap) -> Result<User, Response> {
    let Some(token) = session::bearer(headers) else {
        return Err(unauthorized());
    };
    match state.store.token_user(&session::secret_hash(token)).await {
        Ok(Some((_, user))) => Ok(user),
        Ok(None) => Err(unauthorized()),
        Err(e) => Err(ApiError::internal(&e).into_response()),
    }
}

/// Reads a JSON body strictly; the error names the place that was wrong.
fn body<T: serde::de::DeserializeOwned>(headers: &HeaderMap, bytes: &Bytes) -> Result<T, ApiError> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !json {
        return Err(ApiError {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code: "unsupported_media_type",
            message: "send the body as `Content-Type: application/json`".into(),
        });
    }
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let message = if path == "." {
            format!("the body is not valid: {}", e.inner())
        } else {
            format!("the body is not valid at `{path}`: {}", e.inner())
        };
        ApiError::bad_request("invalid_body", message)
    })
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
        unprocessable(message)
    })
}

fn unprocessable(message: String) -> ApiError {
    ApiError {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        code: "invalid_entry",
        message,
    }
}

fn store_error(e: StoreError) -> Response {
    match e {
        StoreError::Invalid(errors) => unprocessable(errors.to_string()).into_response(),
        e @ StoreError::Conflict { .. } => ApiError {
            status: StatusCode::CONFLICT,
            code: "conflict",
            message: e.to_string(),
        }
        .into_response(),
        e @ (StoreError::NotFound { .. } | StoreError::NoRevision(_)) => {
            ApiError::not_found(e.to_string()).into_response()
        }
        e => ApiError::internal(&e).into_response(),
    }
}

async fn written(state: &AppState, kind: EntryKind, id: &str, version: i64, status: StatusCode) -> Response {
    state.reload_after_write().await;
    let mut response = (
        status,
        Json(Written {
            kind: kind.as_str().to_string(),
            id: id.to_string(),
            version,
        }),
    )
        .into_response();
    if status == StatusCode::CREATED {
        let location = format!("/api/v1/{}/{id}", kind.collection());
        if let Ok(v) = HeaderValue::from_str(&location) {
            response.headers_mut().insert(header::LOCATION, v);
        }
    }
    response
}

async fn create(state: AppState, kind: EntryKind, headers: HeaderMap, bytes: Bytes) -> Response {
    let user = match caller(&state, &headers).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let request: NewEntry = match body(&headers, &bytes) {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    let entry = match entry_of(kind, &request.entry) {
        Ok(e) => e,
        Err(e) => return e.into_response(),
    };
    let id = entry.id().to_string();
    let comment = request.comment.unwrap_or_default();
    let change = Change {
        author: &user.username,
        comment: &comment,
    };
    match state.store.put(entry, Expect::New, &change).await {
        Ok(version) => written(&state, kind, &id, version, StatusCode::CREATED).await,
        Err(e) => store_error(e),
    }
}

async fn update(state: AppState, kind: EntryKind, id: String, headers: HeaderMap, bytes: Bytes) -> Response {
    let user = match caller(&state, &headers).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let request: UpdatedEntry = match body(&headers, &bytes) {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    let entry = match entry_of(kind, &request.entry) {
        Ok(e) => e,
        Err(e) => return e.into_response(),
    };
    if entry.id().as_str() != id {
        return ApiError::bad_request(
            "id_mismatch",
            format!(
                "the address names \"{id}\" but `entry.id` is \"{}\"; ids cannot be changed",
                entry.id()
            ),
        )
        .into_response();
    }
    let comment = request.comment.unwrap_or_default();
    let change = Change {
        author: &user.username,
        comment: &comment,
    };
    match state.store.get(kind, &id).await {
        Ok(Some(s)) if !s.retired => {}
        Ok(_) => return ApiError::not_found(format!("there is no current {kind} \"{id}\"")).into_response(),
        Err(e) => return store_error(e),
    }
    match state
        .store
        .put(entry, Expect::Version(request.version), &change)
        .await
    {
        Ok(version) => written(&state, kind, &id, version, StatusCode::OK).await,
        Err(e) => store_error(e),
    }
}

async fn retire(state: AppState, kind: EntryKind, id: String, headers: HeaderMap, bytes: Bytes) -> Response {
    let user = match caller(&state, &headers).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let request: RetireEntry = match body(&headers, &bytes) {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    let comment = request.comment.unwrap_or_default();
    let change = Change {
        author: &user.username,
        comment: &comment,
    };
    match state
        .store
        .retire(kind, &id, Expect::Version(request.version), &change)
        .await
    {
        Ok(version) => written(&state, kind, &id, version, StatusCode::OK).await,
        Err(e) => store_error(e),
    }
}

async fn revisions(state: AppState, kind: EntryKind, id: String, headers: HeaderMap) -> Response {
    if let Err(r) = caller(&state, &headers).await {
        return r;
    }
    match state.store.history(kind, &id).await {
        Ok(items) if items.is_empty() => {
            ApiError::not_found(format!("there is no {kind} \"{id}\"")).into_response()
        }
        Ok(items) => Json(RevisionList { items }).into_response(),
        Err(e) => store_error(e),
    }
}

/// Makes an entry as it was right after a revision; the restoration is itself a new revision.
#[utoipa::path(
    post, path = "/api/v1/revisions/{revision}/restore", tag = "editing",
    params(("revision" = i64, Path, description = "A revision id, from an entry's revisions")),
    request_body = RestoreRevision, security(("token" = [])),
    responses(
        (status = 200, body = Written),
        (status = 401, description = "No valid token", body = crate::http::error::ErrorBody),
        (status = 404, description = "No such revision", body = crate::http::error::ErrorBody),
        (status = 422, description = "The restored entry would break the catalogue (`invalid_entry`), or the revision is of a kind that is not edited here, such as an area (`not_editable`)", body = crate::http::error::ErrorBody)
    )
)]
pub async fn restore(
    State(state): State<AppState>,
    Path(revision): Path<String>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let user = match caller(&state, &headers).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let request: RestoreRevision = match body(&headers, &bytes) {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    let Ok(rev) = revision.parse::<i64>() else {
        return ApiError::not_found(format!("there is no revision \"{revision}\"")).into_response();
    };
    let target = match state.store.revision(rev).await {
        Ok(Some(r)) => r,
        Ok(None) => return store_error(StoreError::NoRevision(rev)),
        Err(e) => return store_error(e),
    };
    // Only what the editors can edit may be restored here, as in the editors'
    // area: the vocabularies (areas, applicant types, perspectives) change
    // only through an import.
    let Some(kind) = Some(target.kind).filter(|k| crate::editor::forms::EDITABLE.contains(k)) else {
        return ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "not_editable",
            message: format!(
                "revision {rev} is of a {}, which cannot be restored here; only actors, grants and initiatives can",
                target.kind
            ),
        }
        .into_response();
    };
    let comment = request
        .comment
        .unwrap_or_else(|| format!("restored to version {}", target.version));
    let change = Change {
        author: &user.username,
        comment: &comment,
    };
    match state.store.restore(rev, &change).await {
        Ok(version) => written(&state, kind, &target.entry_id, version, StatusCode::OK).await,
        Err(e) => store_error(e),
    }
}

/// Declares the four write endpoints of one collection, each documented.
macro_rules! collection_endpoints {
    ($kind:expr, $name:tt, $list:tt, $item:tt, $retire:tt, $revisions:tt,
     $create:ident, $update:ident, $retire_fn:ident, $revisions_fn:ident) => {
        #[doc = concat!("Creates a new ", $name, ".")]
        #[utoipa::path(
            post, path = $list, tag = "editing", request_body = NewEntry, security(("token" = [])),
            responses(
                (status = 201, body = Written),
                (status = 400, description = "The body is not valid JSON of this shape", body = crate::http::error::ErrorBody),
                (status = 401, description = "No valid token", body = crate::http::error::ErrorBody),
                (status = 409, description = "The id is taken", body = crate::http::error::ErrorBody),
                (status = 413, description = "The body is larger than 64 KiB"),
                (status = 422, description = "The entry is not valid or breaks the catalogue", body = crate::http::error::ErrorBody)
            )
        )]
        pub async fn $create(State(state): State<AppState>, headers: HeaderMap, bytes: Bytes) -> Response {
            create(state, $kind, headers, bytes).await
        }

        #[doc = concat!("Changes a ", $name, ", from the version the change was made from.")]
        #[utoipa::path(
            put, path = $item, tag = "editing", request_body = UpdatedEntry, security(("token" = [])),
            params(("id" = String, Path, description = "The entry's id")),
            responses(
                (status = 200, body = Written),
                (status = 400, description = "The body is not valid JSON of this shape", body = crate::http::error::ErrorBody),
                (status = 401, description = "No valid token", body = crate::http::error::ErrorBody),
                (status = 404, description = "No such entry", body = crate::http::error::ErrorBody),
                (status = 409, description = "The entry has changed since `version`", body = crate::http::error::ErrorBody),
                (status = 422, description = "The entry is not valid or breaks the catalogue", body = crate::http::error::ErrorBody)
            )
        )]
        pub async fn $update(
            State(state): State<AppState>,
            Path(id): Path<String>,
            headers: HeaderMap,
            bytes: Bytes,
        ) -> Response {
            update(state, $kind, id, headers, bytes).await
        }

        #[doc = concat!("Retires a ", $name, ": it leaves the catalogue and keeps its history.")]
        #[utoipa::path(
            post, path = $retire, tag = "editing", request_body = RetireEntry, security(("token" = [])),
            params(("id" = String, Path, description = "The entry's id")),
            responses(
                (status = 200, body = Written),
                (status = 401, description = "No valid token", body = crate::http::error::ErrorBody),
                (status = 404, description = "No such entry", body = crate::http::error::ErrorBody),
                (status = 409, description = "The entry has changed since `version`", body = crate::http::error::ErrorBody),
                (status = 422, description = "Other entries refer to it", body = crate::http::error::ErrorBody)
            )
        )]
        pub async fn $retire_fn(
            State(state): State<AppState>,
            Path(id): Path<String>,
            headers: HeaderMap,
            bytes: Bytes,
        ) -> Response {
            retire(state, $kind, id, headers, bytes).await
        }

        #[doc = concat!("Every revision of a ", $name, ", oldest first, with who, when, why, and the data before and after.")]
        #[utoipa::path(
            get, path = $revisions, tag = "editing", security(("token" = [])),
            params(("id" = String, Path, description = "The entry's id")),
            responses(
                (status = 200, body = RevisionList),
                (status = 401, description = "No valid token", body = crate::http::error::ErrorBody),
                (status = 404, description = "No such entry", body = crate::http::error::ErrorBody)
            )
        )]
        pub async fn $revisions_fn(
            State(state): State<AppState>,
            Path(id): Path<String>,
            headers: HeaderMap,
        ) -> Response {
            revisions(state, $kind, id, headers).await
        }
    };
}

collection_endpoints!(
    EntryKind::Grant,
    "grant",
    "/api/v1/grants",
    "/api/v1/grants/{id}",
    "/api/v1/grants/{id}/retire",
    "/api/v1/grants/{id}/revisions",
    create_grant,
    update_grant,
    retire_grant,
    grant_revisions
);
collection_endpoints!(
    EntryKind::Actor,
    "actor",
    "/api/v1/actors",
    "/api/v1/actors/{id}",
    "/api/v1/actors/{id}/retire",
    "/api/v1/actors/{id}/revisions",
    create_actor,
    update_actor,
    retire_actor,
    actor_revisions
);
collection_endpoints!(
    EntryKind::Initiative,
    "initiative",
    "/api/v1/initiatives",
    "/api/v1/initiatives/{id}",
    "/api/v1/initiatives/{id}/retire",
    "/api/v1/initiatives/{id}/revisions",
    create_initiative,
    update_initiative,
    retire_initiative,
    initiative_revisions
);
