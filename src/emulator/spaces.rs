//! Spaces API: shared, managed and data spaces; their assignments (users/groups holding the
//! roles each space type allows) are in `assignments`, changing a space in `patch`.

pub mod assignments;
pub mod patch;

use super::body::{Api, JsonBody};
use super::call::TenantCall;
use super::collection::{Collection, Listing, Scope, Selector, held_in};
use super::error::{QlikError, Result};
use super::paging::{self, Paging, Query};
use super::state::{EmuSpace, Lagging};
use super::{ids, propagation};
use axum::Json;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
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
pub(crate) struct SpaceCreate {
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

/// `POST /api/v1/spaces` → 201 `Space`, 409 when the name is taken.
pub async fn create(
    call: TenantCall,
    JsonBody(req, _): JsonBody<SpaceCreate, Spaces>,
) -> Result<(StatusCode, Json<Value>)> {
    if !["shared", "managed", "data"].contains(&req.space_type.as_str()) {
        return Err(QlikError::bad_request(
            Spaces::BAD_REQUEST,
            "type must be shared, managed or data",
        ));
    }
    if req.name.trim().is_empty() {
        return Err(QlikError::bad_request(
            Spaces::BAD_REQUEST,
            "name is required",
        ));
    }
    let mut world = call.lock();
    let tenant = world.tenant_mut(&call.tenant_id)?;
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
        owner_id: call.user_id.clone(),
        created_at: now,
        updated_at: now,
        assignments: Default::default(),
    };
    let body = space_json(&space, &call.tenant_id);
    let id = space.id.clone();
    tenant.spaces.insert(id.clone(), space);
    propagation::created(&mut world, &id, Lagging::Space);
    Ok((StatusCode::CREATED, Json(body)))
}

/// The spaces of a tenant, oldest first, with `meta.count`; `type` (comma-separated) selects
/// by type and `name` is Qlik's case-insensitive substring search.
pub struct Spaces;

impl Api for Spaces {
    const BAD_REQUEST: &'static str = "SPACES-400";
}

impl Collection for Spaces {
    type Item = EmuSpace;

    held_in!(spaces);

    fn missing(_: &str) -> QlikError {
        not_found("space")
    }
    fn render(s: &EmuSpace, at: &Scope) -> Value {
        space_json(s, &at.tenant.id)
    }
}

impl Listing for Spaces {
    const PAGING: Paging = paging::SPACES;
    const PATH: &'static str = "/api/v1/spaces";
    const COUNTED: bool = true;

    fn created(s: &EmuSpace) -> Option<DateTime<Utc>> {
        Some(s.created_at)
    }
    fn selector(query: &Query) -> Result<Selector<EmuSpace>, QlikError> {
        let types: Vec<String> = query
            .get("type")
            .map(|t| t.split(',').map(str::to_owned).collect())
            .unwrap_or_default();
        let name = query.get("name").map(|n| n.to_lowercase());
        Ok(Box::new(move |s, _| {
            (types.is_empty() || types.contains(&s.space_type))
                && name
                    .as_ref()
                    .is_none_or(|n| s.name.to_lowercase().contains(n))
        }))
    }
}
