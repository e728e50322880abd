//! Changing a group: `PATCH` with JSON-Patch `replace` of `assignedRoles`, `name` or
//! `description`, all or none applied (listing, reading and deleting are the collection's).

use super::Groups;
use super::{bad, not_found, role_names};
use crate::emulator::body::JsonBody;
use crate::emulator::call::TenantCall;
use crate::emulator::error::{QlikError, Result};
use crate::emulator::state::{EmuGroup, ProviderType};
use axum::extract::Path;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::Value;

/// One `GroupPatch` operation.
#[derive(Debug, Deserialize)]
pub(crate) struct PatchOp {
    op: String,
    path: String,
    #[serde(default)]
    value: Value,
}

/// Applies `op` to `group`; `taken` tells whether another group already has a name.
fn apply(group: &mut EmuGroup, op: PatchOp, taken: impl Fn(&str) -> bool) -> Result<(), QlikError> {
    if op.op != "replace" {
        return Err(bad("only the replace operation is supported"));
    }
    // Qlik's schema lists the paths without a leading slash, its examples with one.
    let path = op.path.trim_start_matches('/');
    match (path, op.value) {
        ("assignedRoles", value) => group.assigned_roles = role_names(&value)?,
        ("name" | "description", _) if group.provider_type != ProviderType::Custom => {
            return Err(bad(format!("{path} can only be changed on custom groups")));
        }
        ("name", Value::String(name)) => {
            if name.trim().is_empty() || name.len() > 256 {
                return Err(bad("name must be 1 to 256 characters"));
            }
            if taken(&name) {
                return Err(QlikError::conflict(
                    "GROUPS-9",
                    format!("group {name} already exists"),
                ));
            }
            group.name = name;
        }
        ("description", Value::String(text)) => group.description = text,
        (path, _) => return Err(bad(format!("cannot patch {path} with that value"))),
    }
    Ok(())
}

/// `PATCH /api/v1/groups/{groupId}` → 204. All operations apply or none: an unknown role is a
/// 400 and leaves the group unchanged. `name` and `description` only change custom groups,
/// as Qlik's schema says.
pub async fn patch(
    call: TenantCall,
    Path(group_id): Path<String>,
    JsonBody(ops, _): JsonBody<Vec<PatchOp>, Groups>,
) -> Result<StatusCode> {
    let mut tenant = call.tenant()?;
    let mut group = tenant
        .groups
        .get(&group_id)
        .cloned()
        .ok_or_else(|| not_found("group"))?;
    let others: Vec<&str> = tenant
        .groups
        .values()
        .filter(|g| g.id != group_id && g.provider_type == group.provider_type)
        .map(|g| g.name.as_str())
        .collect();
    for op in ops {
        apply(&mut group, op, |name| others.contains(&name))?;
    }
    tenant.groups.insert(group_id, group);
    Ok(StatusCode::NO_CONTENT)
}
