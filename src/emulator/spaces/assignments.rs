//! Space assignments: one per user or group per space, holding roles the space type allows.

use super::Spaces;
use super::{assignable_roles, conflict, not_found};
use crate::emulator::body::{Api, JsonBody};
use crate::emulator::call::TenantCall;
use crate::emulator::collection::{Collection, Exactly, Listing, Scope, Selector};
use crate::emulator::error::{QlikError, Result};
use crate::emulator::ids;
use crate::emulator::paging::{self, Paging, Query};
use crate::emulator::state::{Assignment, EmuTenant};
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AssignmentCreate {
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
    call: TenantCall,
    Path(space_id): Path<String>,
    JsonBody(req, _): JsonBody<AssignmentCreate, Spaces>,
) -> Result<(StatusCode, Json<Value>)> {
    if !["user", "group", "bot"].contains(&req.kind.as_str()) {
        return Err(QlikError::bad_request(
            Spaces::BAD_REQUEST,
            "type must be user, group or bot",
        ));
    }
    let mut tenant = call.tenant()?;
    let known = match req.kind.as_str() {
        "group" => tenant.groups.contains_key(&req.assignee_id),
        _ => tenant.users.contains_key(&req.assignee_id),
    };
    if !known {
        return Err(QlikError::bad_request(
            Spaces::BAD_REQUEST,
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
            Spaces::BAD_REQUEST,
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
        created_by: call.user_id.clone(),
    };
    let body = assignment_json(&assignment, &space_id, &call.tenant_id);
    space.assignments.insert(assignment.id.clone(), assignment);
    Ok((StatusCode::CREATED, Json(body)))
}

/// The assignments of a space, oldest first, with `meta.count`; `assigneeId` and `type`
/// select.
pub struct Assignments;

impl Collection for Assignments {
    type Item = Assignment;

    fn missing(_: &str) -> QlikError {
        not_found("assignment")
    }
    fn items<'t>(t: &'t EmuTenant, parents: &[String]) -> Result<&'t Held, QlikError> {
        let space = t.spaces.get(space_of(parents));
        Ok(&space.ok_or_else(|| not_found("space"))?.assignments)
    }
    fn items_mut<'t>(t: &'t mut EmuTenant, parents: &[String]) -> Result<&'t mut Held, QlikError> {
        let space = t.spaces.get_mut(space_of(parents));
        Ok(&mut space.ok_or_else(|| not_found("space"))?.assignments)
    }
    fn render(a: &Assignment, at: &Scope) -> Value {
        assignment_json(a, space_of(at.parents), &at.tenant.id)
    }
}

impl Listing for Assignments {
    const PAGING: Paging = paging::ASSIGNMENTS;
    const PATH: &'static str = "/api/v1/spaces/{spaceId}/assignments";
    const COUNTED: bool = true;

    fn path(parents: &[String]) -> String {
        format!("/api/v1/spaces/{}/assignments", space_of(parents))
    }
    fn created(a: &Assignment) -> Option<DateTime<Utc>> {
        Some(a.created_at)
    }
    fn selector(query: &Query) -> Result<Selector<Assignment>, QlikError> {
        let assignee = Exactly::param(query, "assigneeId");
        let kind = Exactly::param(query, "type");
        Ok(Box::new(move |a, _| {
            assignee.admits(&a.assignee_id) && kind.admits(&a.kind)
        }))
    }
}

type Held = BTreeMap<String, Assignment>;

/// The space id among a route's parents (`/spaces/{spaceId}/…` has only it).
fn space_of(parents: &[String]) -> &str {
    parents.first().map_or("", String::as_str)
}
