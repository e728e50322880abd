//! Spaces API: shared, managed and data spaces; their assignments (users/groups holding the
//! roles each space type allows) are in `assignments`.

pub mod assignments;
pub mod patch;

use super::EmuState;
use super::auth::TenantCaller;
use super::error::QlikError;
use super::propagation;
use super::state::Lagging;
use super::state::{EmuSpace, EmuTenant};
use super::{ids, paging};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::Utc;
use serde::Deserialize;
use serde_json::{Value, json};

/// Roles an assignment may hold, per space type.
pub fn assignable_roles(space_type: &str) -> &'static [&'static str] {
    match space_type {
        "shared" => &[
            "codeveloper",
            "consumer",
            "dataconsumer",
            "facilitator",
            "producer",
        ],
        "managed" => &[
            "consumer",
            "contributor",
            "dataconsumer",
            "facilitator",
            "publisher",
            "basicconsumer",
        ],
        "data" => &[
            "consumer",
            "dataconsumer",
            "datapreview",
            "facilitator",
            "operator",
            "producer",
            "publisher",
        ],
        _ => &[],
    }
}

#[derive(Debug, Deserialize)]
struct SpaceCreate {
    name: String,
    #[serde(rename = "type")]
    space_type: String,
    #[serde(default)]
    description: String,
}

fn not_found(what: &str) -> QlikError {
    QlikError::not_found("SPACES-404", format!("{what} not found"))
}

/// Qlik's spaces API also writes the error at the top level (deprecated); its tutorial reads
/// `.code`, so conflicts carry it there too.
fn conflict(code: &str, detail: &str) -> (StatusCode, Json<Value>) {
    let body = json!({
        "code": code, "title": "Conflict", "detail": detail,
        "errors": [{ "code": code, "title": "Conflict", "detail": detail }],
    });
    (StatusCode::CONFLICT, Json(body))
}

fn space_json(s: &EmuSpace, tenant_id: &str) -> Value {
    json!({
        "id": s.id, "name": s.name, "description": s.description, "type": s.space_type,
        "ownerId": s.owner_id, "tenantId": tenant_id, "createdAt": s.created_at,
        "createdBy": s.owner_id, "updatedAt": s.updated_at,
        "meta": { "actions": ["create", "read", "update", "delete", "publish"],
                  "assignableRoles": assignable_roles(&s.space_type), "roles": [] },
        "links": { "self": { "href": format!("/api/v1/spaces/{}", s.id) },
                   "assignments": { "href": format!("/api/v1/spaces/{}/assignments", s.id) } },
    })
}

fn tenant_mut<'a>(
    world: &'a mut super::state::World,
    id: &str,
) -> Result<&'a mut EmuTenant, QlikError> {
    world.tenant_mut(id).ok_or_else(|| not_found("tenant"))
}

/// `POST /api/v1/spaces` → 201 `Space`, 409 when the name is taken.
pub async fn create(
    State(state): State<EmuState>,
    caller: TenantCaller,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), QlikError> {
    let req: SpaceCreate = QlikError::parse_json(&body, "SPACES-400")?;
    if !["shared", "managed", "data"].contains(&req.space_type.as_str()) {
        return Err(QlikError::bad_request(
            "SPACES-400",
            "type must be shared, managed or data",
        ));
    }
    if req.name.trim().is_empty() {
        return Err(QlikError::bad_request("SPACES-400", "name is required"));
    }
    let mut world = state.lock();
    let tenant = tenant_mut(&mut world, &caller.tenant_id)?;
    if tenant.spaces.values().any(|s| s.name == req.name) {
        return Ok(conflict(
            "SpaceNameConflict",
            "Space already exists. name must be unique",
        ));
    }
    let now = Utc::now();
    let space = EmuSpace {
        id: ids::hex24(),
        name: req.name,
        description: req.description,
        space_type: req.space_type,
        owner_id: caller.user_id.clone(),
        created_at: now,
        updated_at: now,
        assignments: Default::default(),
    };
    let body = space_json(&space, &caller.tenant_id);
    let id = space.id.clone();
    tenant.spaces.insert(id.clone(), space);
    propagation::created(&mut world, &id, Lagging::Space);
    Ok((StatusCode::CREATED, Json(body)))
}

/// `GET /api/v1/spaces?type=&name=&limit=&next=` → 200 `{data, links, meta}`, paged; `name`
/// is Qlik's case-insensitive substring search.
pub async fn list(
    State(state): State<EmuState>,
    caller: TenantCaller,
    Query(q): Query<paging::Query>,
) -> Result<Json<Value>, QlikError> {
    let world = state.lock();
    let tenant = world
        .tenants
        .get(&caller.tenant_id)
        .ok_or_else(|| not_found("tenant"))?;
    let types: Vec<&str> = q
        .get("type")
        .map(|t| t.split(',').collect())
        .unwrap_or_default();
    let name = q.get("name").map(|n| n.to_lowercase());
    let mut spaces: Vec<&EmuSpace> = tenant
        .spaces
        .values()
        .filter(|s| types.is_empty() || types.contains(&s.space_type.as_str()))
        .filter(|s| {
            name.as_ref()
                .is_none_or(|n| s.name.to_lowercase().contains(n))
        })
        .collect();
    spaces.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    let mut page = paging::SPACES.page(
        "/api/v1/spaces",
        &q,
        &spaces,
        |s| s.id.as_str(),
        |s| space_json(s, &tenant.id),
    )?;
    page["meta"] = json!({ "count": spaces.len() });
    Ok(Json(page))
}

/// `GET /api/v1/spaces/{spaceId}` → 200.
pub async fn get(
    State(state): State<EmuState>,
    caller: TenantCaller,
    Path(space_id): Path<String>,
) -> Result<Json<Value>, QlikError> {
    let world = state.lock();
    let tenant = world
        .tenants
        .get(&caller.tenant_id)
        .ok_or_else(|| not_found("tenant"))?;
    let space = tenant
        .spaces
        .get(&space_id)
        .ok_or_else(|| not_found("space"))?;
    Ok(Json(space_json(space, &tenant.id)))
}

/// `DELETE /api/v1/spaces/{spaceId}` → 204.
pub async fn delete(
    State(state): State<EmuState>,
    caller: TenantCaller,
    Path(space_id): Path<String>,
) -> Result<StatusCode, QlikError> {
    let mut world = state.lock();
    let tenant = tenant_mut(&mut world, &caller.tenant_id)?;
    tenant
        .spaces
        .remove(&space_id)
        .ok_or_else(|| not_found("space"))?;
    Ok(StatusCode::NO_CONTENT)
}
