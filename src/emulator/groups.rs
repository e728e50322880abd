//! Groups API: groups by API with their roles. Changing a group is in `edit`; the settings
//! (`autoCreateGroups`, the Everyone group's roles) in `settings`.

pub mod edit;
pub mod settings;

pub use settings::{get_settings, patch_settings};

use super::body::{Api, JsonBody};
use super::call::TenantCall;
use super::collection::{Collection, Listing, Scope, Selector, held_in};
use super::error::{QlikError, Result};
use super::paging::{self, Paging, Query};
use super::roles;
use super::scim_filter::{self, Allowed, Op};
use super::state::{EmuGroup, ProviderType, World};
use axum::Json;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct GroupCreate {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    provider_type: ProviderType,
    /// `[{"id": …}]` or `[{"name": …}]`.
    assigned_roles: Option<Value>,
}

fn not_found(what: &str) -> QlikError {
    QlikError::not_found("GROUPS-7", format!("{what} not found"))
}

fn bad(detail: impl Into<String>) -> QlikError {
    QlikError::bad_request(Groups::BAD_REQUEST, detail)
}

/// Role names for an `assignedRoles` value (`[{id}]` or `[{name}]`, at most 100 roles); a
/// role that does not exist is a 400.
fn role_names(value: &Value) -> Result<Vec<String>, QlikError> {
    let refs = value
        .as_array()
        .ok_or_else(|| bad("assignedRoles must be an array of {\"id\"} or {\"name\"}"))?;
    if refs.len() > 100 {
        return Err(bad("a group can hold at most 100 roles"));
    }
    let mut names: Vec<String> = Vec::new();
    for reference in refs {
        let name = roles::resolve(reference)
            .ok_or_else(|| bad(format!("role {reference} does not exist")))?;
        if !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
    }
    Ok(names)
}

fn group_json(g: &EmuGroup, tenant_id: &str) -> Value {
    let assigned: Vec<Value> = g
        .assigned_roles
        .iter()
        .map(|r| roles::assigned(r))
        .collect();
    json!({
        "id": g.id, "name": g.name, "description": g.description, "providerType": g.provider_type,
        "status": "active", "tenantId": tenant_id, "createdAt": g.created_at,
        "lastUpdatedAt": g.created_at, "assignedRoles": assigned,
        "links": { "self": { "href": format!("/api/v1/groups/{}", g.id) } },
    })
}

/// `POST /api/v1/groups` → 201 `Group` (with `assignedRoles` when given), 409 when the name
/// exists.
pub async fn create(
    call: TenantCall,
    JsonBody(req, _): JsonBody<GroupCreate, Groups>,
) -> Result<(StatusCode, Json<Value>)> {
    if req.name.trim().is_empty() || req.name.len() > 256 {
        return Err(bad("name must be 1 to 256 characters"));
    }
    let assigned_roles = match &req.assigned_roles {
        Some(value) => role_names(value)?,
        None => Vec::new(),
    };
    let mut tenant = call.tenant()?;
    // UNCONFIRMED: a name is taken per provider type, since Qlik keeps the types apart.
    if tenant.group_id(&req.name, req.provider_type).is_some() {
        return Err(QlikError::conflict(
            "GROUPS-9",
            format!("group {} already exists", req.name),
        ));
    }
    let id = tenant.ensure_group(&req.name, req.provider_type);
    if let Some(group) = tenant.groups.get_mut(&id) {
        group.description = req.description;
        group.assigned_roles = assigned_roles;
    }
    let body = group_json(&tenant.groups[&id], &call.tenant_id);
    Ok((StatusCode::CREATED, Json(body)))
}

/// What a groups `filter` may compare. Qlik's `.d.ts` names no attributes for groups; these
/// are the resource's own fields (UNCONFIRMED).
const FILTERABLE: Allowed<'static> = &[
    ("id", &[Op::Eq, Op::Ne]),
    ("name", &[Op::Eq, Op::Ne, Op::Co, Op::Sw, Op::Ew]),
    ("providerType", &[Op::Eq, Op::Ne]),
    ("status", &[Op::Eq, Op::Ne]),
];

/// A group's values for the `filter` attributes (lower-cased names).
fn attribute(g: &EmuGroup, attribute: &str) -> Vec<String> {
    let value = match attribute {
        "id" => g.id.clone(),
        "name" => g.name.clone(),
        "providertype" => g.provider_type.as_str().to_owned(),
        "status" => "active".to_owned(),
        _ => return Vec::new(),
    };
    vec![value]
}

/// The groups of a tenant, oldest first; `filter` is an RFC 7644 expression over
/// [`FILTERABLE`]. A deleted group's space assignments and memberships go with it (what Qlik
/// does with the assignments is unconfirmed; one to a missing group grants nothing).
pub struct Groups;

impl Api for Groups {
    const BAD_REQUEST: &'static str = "GROUPS-400";
}

impl Collection for Groups {
    type Item = EmuGroup;

    held_in!(groups);

    fn missing(_: &str) -> QlikError {
        not_found("group")
    }
    fn render(g: &EmuGroup, at: &Scope) -> Value {
        group_json(g, &at.tenant.id)
    }
    fn deleted(world: &mut World, tenant_id: &str, group: EmuGroup) {
        let Ok(tenant) = world.tenant_mut(tenant_id) else {
            return;
        };
        for space in tenant.spaces.values_mut() {
            space
                .assignments
                .retain(|_, a| a.kind != "group" || a.assignee_id != group.id);
        }
        for user in tenant.users.values_mut() {
            user.groups.retain(|id| id != &group.id);
        }
    }
}

impl Listing for Groups {
    const PAGING: Paging = paging::GROUPS;
    const PATH: &'static str = "/api/v1/groups";

    fn created(g: &EmuGroup) -> Option<DateTime<Utc>> {
        Some(g.created_at)
    }
    fn selector(query: &Query) -> Result<Selector<EmuGroup>, QlikError> {
        scim_filter::selector(query, FILTERABLE, attribute, Groups::BAD_REQUEST)
    }
}
