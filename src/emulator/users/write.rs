//! Creating users (`POST /api/v1/users`) and changing them (`PATCH /api/v1/users/{userId}`,
//! JSON Patch on `/name` and `/assignedGroups`), as a backend that manages impersonated users
//! does: OAuth impersonation carries no groups claim, so groups are set through the API.

use super::super::ids;
use super::super::state::{EmuTenant, EmuUser, ProviderType};
use super::Users;
use super::user_json;
use crate::emulator::body::{Api, JsonBody};
use crate::emulator::call::AdminCall;
use crate::emulator::error::{QlikError, Result};
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use chrono::Utc;
use serde::Deserialize;
use serde_json::Value;

/// `UserPostSchema`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct NewUser {
    subject: String,
    name: Option<String>,
    email: Option<String>,
    tenant_id: Option<String>,
    status: Option<String>,
    /// Accepted, not kept: the emulator shows no avatars.
    #[allow(dead_code)]
    picture: Option<String>,
    /// Role references by name (`[{name}]`); references by id are not emulated.
    #[serde(default)]
    assigned_roles: Vec<RoleName>,
}

#[derive(Debug, Deserialize)]
struct RoleName {
    name: String,
}

/// An element of `AssignedGroupsRefNames`: both fields are required.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GroupRef {
    name: String,
    provider_type: ProviderType,
}

fn bad(detail: impl Into<String>) -> QlikError {
    QlikError::bad_request(Users::BAD_REQUEST, detail)
}

/// `POST /api/v1/users` → 201 `User`; 409 when the subject is taken.
pub async fn create(
    call: AdminCall,
    JsonBody(req, _): JsonBody<NewUser, Users>,
) -> Result<(StatusCode, Json<Value>)> {
    let subject = req.subject.trim();
    if subject.is_empty() {
        return Err(bad("subject is required"));
    }
    if req.tenant_id.as_ref().is_some_and(|t| *t != call.tenant_id) {
        return Err(bad("tenantId must be the call's tenant"));
    }
    if req.status.as_deref().is_some_and(|s| s != "invited") {
        return Err(bad("status may only be \"invited\""));
    }
    let mut tenant = call.tenant()?;
    if tenant.users.values().any(|u| u.subject == subject) {
        return Err(QlikError::conflict(
            "USERS-409",
            format!("a user with subject {subject} exists"),
        ));
    }
    let user = EmuUser {
        id: ids::hex24(),
        subject: subject.to_owned(),
        name: req.name.unwrap_or_else(|| subject.to_owned()),
        email: req.email,
        roles: req.assigned_roles.into_iter().map(|r| r.name).collect(),
        groups: Vec::new(),
        created_at: Utc::now(),
    };
    let answer = user_json(&user, &tenant);
    tenant.users.insert(user.id.clone(), user);
    Ok((StatusCode::CREATED, Json(answer)))
}

/// One change a patch makes, checked before any is applied.
enum Change {
    Name(String),
    Groups(Vec<String>),
}

fn change(tenant: &EmuTenant, op: &Value) -> Result<Change, QlikError> {
    match (op["op"].as_str(), op["path"].as_str(), &op["value"]) {
        (Some("replace"), Some("/name"), Value::String(name)) if !name.trim().is_empty() => {
            Ok(Change::Name(name.clone()))
        }
        (Some("replace"), Some("/assignedGroups"), Value::Array(refs)) => {
            let mut ids = Vec::new();
            for group in refs {
                let group: GroupRef = serde_json::from_value(group.clone()).map_err(|e| {
                    bad(format!(
                        "assignedGroups items are {{name, providerType}}: {e}"
                    ))
                })?;
                let id = tenant
                    .group_id(&group.name, group.provider_type)
                    .ok_or_else(|| {
                        bad(format!(
                            "{} group {} not found; create it first",
                            group.provider_type.as_str(),
                            group.name
                        ))
                    })?;
                ids.push(id);
            }
            Ok(Change::Groups(ids))
        }
        _ => Err(bad(format!("unsupported patch operation {op}"))),
    }
}

/// `PATCH /api/v1/users/{userId}` → 204; every operation is checked before any applies.
pub async fn patch(
    call: AdminCall,
    Path(user_id): Path<String>,
    JsonBody(ops, _): JsonBody<Vec<Value>, Users>,
) -> Result<StatusCode> {
    let mut tenant = call.tenant()?;
    if !tenant.users.contains_key(&user_id) {
        return Err(QlikError::not_found("USERS-7", "user not found"));
    }
    let changes = ops
        .iter()
        .map(|op| change(&tenant, op))
        .collect::<Result<Vec<_>, _>>()?;
    let user = tenant
        .users
        .get_mut(&user_id)
        .ok_or_else(|| QlikError::not_found("USERS-7", "user not found"))?;
    for change in changes {
        match change {
            Change::Name(name) => user.name = name,
            Change::Groups(groups) => user.groups = groups,
        }
    }
    Ok(StatusCode::NO_CONTENT)
}
