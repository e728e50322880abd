//! Spaces API: shared, managed and data spaces, and assignments of users/groups with the
//! roles each space type allows.

use super::EmuState;
use super::auth::TenantCaller;
use super::error::QlikError;
use super::ids;
use super::state::{Assignment, EmuSpace, EmuTenant};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
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

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AssignmentCreate {
    #[serde(rename = "type")]
    kind: String,
    assignee_id: String,
    #[serde(default)]
    roles: Vec<String>,
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

fn assignment_json(a: &Assignment, space_id: &str, tenant_id: &str) -> Value {
    json!({
        "id": a.id, "type": a.kind, "assigneeId": a.assignee_id, "roles": a.roles,
        "spaceId": space_id, "tenantId": tenant_id, "createdAt": a.created_at,
        "createdBy": a.created_by, "updatedAt": a.created_at, "updatedBy": a.created_by,
        "links": { "self": { "href": format!("/api/v1/spaces/{space_id}/assignments/{}", a.id) },
                   "space": { "href": format!("/api/v1/spaces/{space_id}") } },
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
    tenant.spaces.insert(space.id.clone(), space);
    Ok((StatusCode::CREATED, Json(body)))
}

/// `GET /api/v1/spaces?type=&name=` → 200 `{data, links, meta}`.
pub async fn list(
    State(state): State<EmuState>,
    caller: TenantCaller,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Json<Value> {
    let world = state.lock();
    let types: Vec<&str> = q
        .get("type")
        .map(|t| t.split(',').collect())
        .unwrap_or_default();
    let data: Vec<Value> = world
        .tenants
        .get(&caller.tenant_id)
        .map(|t| {
            t.spaces
                .values()
                .filter(|s| types.is_empty() || types.contains(&s.space_type.as_str()))
                .filter(|s| q.get("name").is_none_or(|n| &s.name == n))
                .map(|s| space_json(s, &t.id))
                .collect()
        })
        .unwrap_or_default();
    let count = data.len();
    Json(
        json!({ "data": data, "meta": { "count": count }, "links": { "self": { "href": "/api/v1/spaces" } } }),
    )
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

/// `POST /api/v1/spaces/{spaceId}/assignments` → 201, 409 for a second assignment of the
/// same assignee, 400 for roles the space type does not have.
pub async fn create_assignment(
    State(state): State<EmuState>,
    caller: TenantCaller,
    Path(space_id): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), QlikError> {
    let req: AssignmentCreate = QlikError::parse_json(&body, "SPACES-400")?;
    if !["user", "group", "bot"].contains(&req.kind.as_str()) {
        return Err(QlikError::bad_request(
            "SPACES-400",
            "type must be user, group or bot",
        ));
    }
    let mut world = state.lock();
    let tenant = tenant_mut(&mut world, &caller.tenant_id)?;
    let known = match req.kind.as_str() {
        "group" => tenant.groups.contains_key(&req.assignee_id),
        _ => tenant.users.contains_key(&req.assignee_id),
    };
    if !known {
        return Err(QlikError::bad_request(
            "SPACES-400",
            format!("unknown {} {}", req.kind, req.assignee_id),
        ));
    }
    let space = tenant
        .spaces
        .get_mut(&space_id)
        .ok_or_else(|| not_found("space"))?;
    let allowed = assignable_roles(&space.space_type);
    if let Some(bad) = req.roles.iter().find(|r| !allowed.contains(&r.as_str())) {
        return Err(QlikError::bad_request(
            "SPACES-400",
            format!(
                "role {bad:?} is not assignable in a {} space",
                space.space_type
            ),
        ));
    }
    if space
        .assignments
        .values()
        .any(|a| a.assignee_id == req.assignee_id)
    {
        return Ok(conflict("AssignmentConflict", "Assignment already exists"));
    }
    let assignment = Assignment {
        id: ids::hex24(),
        kind: req.kind,
        assignee_id: req.assignee_id,
        roles: req.roles,
        created_at: Utc::now(),
        created_by: caller.user_id.clone(),
    };
    let body = assignment_json(&assignment, &space_id, &caller.tenant_id);
    space.assignments.insert(assignment.id.clone(), assignment);
    Ok((StatusCode::CREATED, Json(body)))
}

/// `GET /api/v1/spaces/{spaceId}/assignments` → 200 `{data, links}`.
pub async fn list_assignments(
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
    let data: Vec<Value> = space
        .assignments
        .values()
        .map(|a| assignment_json(a, &space_id, &tenant.id))
        .collect();
    Ok(Json(
        json!({ "data": data, "links": { "self": { "href": format!("/api/v1/spaces/{space_id}/assignments") } } }),
    ))
}

/// `DELETE /api/v1/spaces/{spaceId}/assignments/{assignmentId}` → 204.
pub async fn delete_assignment(
    State(state): State<EmuState>,
    caller: TenantCaller,
    Path((space_id, assignment_id)): Path<(String, String)>,
) -> Result<StatusCode, QlikError> {
    let mut world = state.lock();
    let tenant = tenant_mut(&mut world, &caller.tenant_id)?;
    let space = tenant
        .spaces
        .get_mut(&space_id)
        .ok_or_else(|| not_found("space"))?;
    space
        .assignments
        .remove(&assignment_id)
        .ok_or_else(|| not_found("assignment"))?;
    Ok(StatusCode::NO_CONTENT)
}
