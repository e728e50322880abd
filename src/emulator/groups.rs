//! Groups API: groups by API with their roles, the `autoCreateGroups` setting, and group
//! creation from the `groups` claim of JWT logins when that setting is on. Changing and
//! deleting a group is in `edit`.

pub mod edit;

use super::EmuState;
use super::auth::TenantCaller;
use super::error::QlikError;
use super::scim_filter::{Allowed, Filter, Op};
use super::state::{EmuGroup, EmuTenant, ProviderType};
use super::{ids, paging, roles};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::Utc;
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GroupCreate {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    provider_type: ProviderType,
    /// `[{"id": …}]` or `[{"name": …}]`.
    #[serde(default)]
    assigned_roles: Option<Value>,
}

fn not_found(what: &str) -> QlikError {
    QlikError::not_found("GROUPS-7", format!("{what} not found"))
}

fn bad(detail: impl Into<String>) -> QlikError {
    QlikError::bad_request("GROUPS-400", detail)
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

impl EmuTenant {
    /// The id of the group named `name` of `provider_type` (Qlik tells the two types apart).
    pub fn group_id(&self, name: &str, provider_type: ProviderType) -> Option<String> {
        self.groups
            .values()
            .find(|g| g.name == name && g.provider_type == provider_type)
            .map(|g| g.id.clone())
    }
}

/// Adds group `name` of `provider_type` unless it exists; returns its id.
pub fn ensure_group(tenant: &mut EmuTenant, name: &str, provider_type: ProviderType) -> String {
    if let Some(existing) = tenant.group_id(name, provider_type) {
        return existing;
    }
    let group = EmuGroup {
        id: ids::hex24(),
        name: name.to_owned(),
        description: String::new(),
        provider_type,
        created_at: Utc::now(),
        assigned_roles: Vec::new(),
    };
    let id = group.id.clone();
    tenant.groups.insert(id.clone(), group);
    id
}

/// `POST /api/v1/groups` → 201 `Group` (with `assignedRoles` when given), 409 when the name
/// exists.
pub async fn create(
    State(state): State<EmuState>,
    caller: TenantCaller,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), QlikError> {
    let req: GroupCreate = QlikError::parse_json(&body, "GROUPS-400")?;
    if req.name.trim().is_empty() || req.name.len() > 256 {
        return Err(bad("name must be 1 to 256 characters"));
    }
    let assigned_roles = match &req.assigned_roles {
        Some(value) => role_names(value)?,
        None => Vec::new(),
    };
    let mut world = state.lock();
    let tenant = world
        .tenant_mut(&caller.tenant_id)
        .ok_or_else(|| not_found("tenant"))?;
    // UNCONFIRMED: a name is taken per provider type, since Qlik keeps the types apart.
    if tenant.group_id(&req.name, req.provider_type).is_some() {
        return Err(QlikError::new(StatusCode::CONFLICT, "GROUPS-9", "Conflict")
            .detail(format!("group {} already exists", req.name)));
    }
    let id = ensure_group(tenant, &req.name, req.provider_type);
    if let Some(group) = tenant.groups.get_mut(&id) {
        group.description = req.description;
        group.assigned_roles = assigned_roles;
    }
    let body = group_json(&tenant.groups[&id], &caller.tenant_id);
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

/// `GET /api/v1/groups?filter=&limit=&next=` → 200 `{data, links}`, paged; `filter` is an
/// RFC 7644 expression over [`FILTERABLE`].
pub async fn list(
    State(state): State<EmuState>,
    caller: TenantCaller,
    Query(q): Query<paging::Query>,
) -> Result<Json<Value>, QlikError> {
    let wanted = q
        .get("filter")
        .map(|f| Filter::parse(f, FILTERABLE))
        .transpose()
        .map_err(|e| bad(format!("filter: {e}")))?;
    let world = state.lock();
    let tenant = world
        .tenants
        .get(&caller.tenant_id)
        .ok_or_else(|| not_found("tenant"))?;
    let mut groups: Vec<&EmuGroup> = tenant
        .groups
        .values()
        .filter(|g| {
            wanted
                .as_ref()
                .is_none_or(|f| f.matches(&|a| attribute(g, a)))
        })
        .collect();
    groups.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    paging::GROUPS
        .page(
            "/api/v1/groups",
            &q,
            &groups,
            |g| g.id.as_str(),
            |g| group_json(g, &tenant.id),
        )
        .map(Json)
}

/// `GET /api/v1/groups/{groupId}` → 200.
pub async fn get(
    State(state): State<EmuState>,
    caller: TenantCaller,
    Path(group_id): Path<String>,
) -> Result<Json<Value>, QlikError> {
    let world = state.lock();
    let tenant = world
        .tenants
        .get(&caller.tenant_id)
        .ok_or_else(|| not_found("tenant"))?;
    let group = tenant
        .groups
        .get(&group_id)
        .ok_or_else(|| not_found("group"))?;
    Ok(Json(group_json(group, &tenant.id)))
}

/// `GET /api/v1/groups/settings` → 200.
pub async fn get_settings(State(state): State<EmuState>, caller: TenantCaller) -> Json<Value> {
    let world = state.lock();
    let auto = world
        .tenants
        .get(&caller.tenant_id)
        .is_some_and(|t| t.auto_create_groups);
    Json(json!({
        "autoCreateGroups": auto, "syncIdpGroups": auto, "tenantId": caller.tenant_id,
        "links": { "self": { "href": "/api/v1/groups/settings" } },
        "systemGroups": { "000000000000000000000001": { "name": "com.qlik.Everyone", "enabled": true, "assignedRoles": [] } },
    }))
}

/// `PATCH /api/v1/groups/settings` with `/autoCreateGroups` (or `/syncIdpGroups`) → 204.
pub async fn patch_settings(
    State(state): State<EmuState>,
    caller: TenantCaller,
    body: Bytes,
) -> Result<StatusCode, QlikError> {
    let ops: Vec<Value> = QlikError::parse_json(&body, "GROUPS-400")?;
    let mut world = state.lock();
    let tenant = world
        .tenant_mut(&caller.tenant_id)
        .ok_or_else(|| not_found("tenant"))?;
    for op in &ops {
        match (
            op["op"].as_str(),
            op["path"].as_str(),
            op["value"].as_bool(),
        ) {
            (Some("replace"), Some("/autoCreateGroups" | "/syncIdpGroups"), Some(flag)) => {
                tenant.auto_create_groups = flag;
            }
            _ => return Err(bad(format!("unsupported settings operation {op}"))),
        }
    }
    Ok(StatusCode::NO_CONTENT)
}
