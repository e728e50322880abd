//! Space assignments: one per user or group per space, holding roles the space type allows.

use super::{assignable_roles, conflict, not_found, tenant_mut};
use crate::emulator::auth::TenantCaller;
use crate::emulator::error::QlikError;
use crate::emulator::state::Assignment;
use crate::emulator::{EmuState, ids, paging};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::Utc;
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AssignmentCreate {
    #[serde(rename = "type")]
    kind: String,
    assignee_id: String,
    #[serde(default)]
    roles: Vec<String>,
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

/// `POST /api/v1/spaces/{spaceId}/assignments` → 201, 409 for a second assignment of the
/// same assignee, 400 for roles the space type does not have.
pub async fn create(
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

/// `GET /api/v1/spaces/{spaceId}/assignments?assigneeId=&type=&limit=&next=` → 200
/// `{data, links, meta}`, paged.
pub async fn list(
    State(state): State<EmuState>,
    caller: TenantCaller,
    Path(space_id): Path<String>,
    Query(q): Query<paging::Query>,
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
    let mut all: Vec<&Assignment> = space
        .assignments
        .values()
        .filter(|a| q.get("assigneeId").is_none_or(|id| &a.assignee_id == id))
        .filter(|a| q.get("type").is_none_or(|t| &a.kind == t))
        .collect();
    all.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    let path = format!("/api/v1/spaces/{space_id}/assignments");
    let mut page = paging::ASSIGNMENTS.page(
        &path,
        &q,
        &all,
        |a| a.id.as_str(),
        |a| assignment_json(a, &space_id, &tenant.id),
    )?;
    page["meta"] = json!({ "count": all.len() });
    Ok(Json(page))
}

/// `DELETE /api/v1/spaces/{spaceId}/assignments/{assignmentId}` → 204.
pub async fn delete(
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
