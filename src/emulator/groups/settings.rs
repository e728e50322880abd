//! The groups settings: `autoCreateGroups` (JWT logins' `groups` claims then create groups)
//! and the roles of the Everyone system group, which every user of the tenant holds.

use super::Groups;
use super::{bad, role_names};
use crate::emulator::body::JsonBody;
use crate::emulator::call::{AdminCall, TenantCall};
use crate::emulator::error::{QlikError, Result};
use crate::emulator::roles;
use crate::emulator::state::EmuTenant;
use axum::Json;
use axum::http::StatusCode;
use serde_json::{Value, json};

/// The Everyone group's fixed id (`GroupSettings.systemGroups`).
pub const EVERYONE: &str = "000000000000000000000001";

fn settings_json(tenant: &EmuTenant) -> Value {
    let auto = tenant.auto_create_groups;
    let s = &tenant.settings;
    let roles: Vec<Value> = s
        .everyone_roles
        .iter()
        .map(|r| roles::assigned(r))
        .collect();
    let updated = s.everyone_updated.unwrap_or(tenant.created);
    json!({
        "autoCreateGroups": auto, "syncIdpGroups": auto, "tenantId": tenant.id,
        "links": { "self": { "href": "/api/v1/groups/settings" } },
        "systemGroups": { EVERYONE: {
            "id": EVERYONE, "name": "com.qlik.Everyone", "enabled": true, "assignedRoles": roles,
            "createdAt": tenant.created, "lastUpdatedAt": updated,
        } },
    })
}

/// `GET /api/v1/groups/settings` → 200 `GroupSettings`.
pub async fn get_settings(call: TenantCall) -> Result<Json<Value>> {
    let world = call.lock();
    Ok(Json(settings_json(world.tenant(&call.tenant_id)?)))
}

/// One checked `SettingsPatch`.
enum Change {
    AutoCreate(bool),
    EveryoneRoles(Vec<String>),
}

fn change(op: &Value) -> Result<Change, QlikError> {
    if op["op"] != "replace" {
        return Err(bad(format!("only replace operations are supported: {op}")));
    }
    let path = op["path"].as_str().unwrap_or_default();
    let value = &op["value"];
    match (path, value) {
        ("/autoCreateGroups" | "/syncIdpGroups", Value::Bool(on)) => Ok(Change::AutoCreate(*on)),
        (path, Value::Array(_)) if path == format!("/systemGroups/{EVERYONE}/assignedRoles") => {
            let names = role_names(value)?;
            // UNCONFIRMED: Qlik keeps admin roles off the Everyone group; the emulator refuses
            // them, as handing every user an admin role is what least privilege rules out.
            if let Some(admin) = names
                .iter()
                .find(|n| roles::assigned(n)["level"] == "admin")
            {
                return Err(bad(format!(
                    "{path}: the admin role {admin} cannot be assigned to Everyone"
                )));
            }
            Ok(Change::EveryoneRoles(names))
        }
        (path, _) if path.starts_with("/systemGroups/") => Err(bad(format!(
            "{path}: only /systemGroups/{EVERYONE}/assignedRoles can be replaced, with an array \
             of [{{id}}] or [{{name}}] role references"
        ))),
        (path, _) => Err(bad(format!(
            "unsupported settings operation on {path:?}: {op}"
        ))),
    }
}

/// `PATCH /api/v1/groups/settings` (`SettingsPatchSchema`) → 204; every operation is checked
/// before any applies. Needs `TenantAdmin` (UNCONFIRMED: Qlik names no role).
pub async fn patch_settings(
    call: AdminCall,
    JsonBody(ops, _): JsonBody<Vec<Value>, Groups>,
) -> Result<StatusCode> {
    let changes = ops.iter().map(change).collect::<Result<Vec<_>, _>>()?;
    let mut tenant = call.tenant()?;
    for change in changes {
        match change {
            Change::AutoCreate(on) => tenant.auto_create_groups = on,
            Change::EveryoneRoles(names) => {
                tenant.settings.everyone_roles = names;
                tenant.settings.everyone_updated = Some(chrono::Utc::now());
            }
        }
    }
    Ok(StatusCode::NO_CONTENT)
}
