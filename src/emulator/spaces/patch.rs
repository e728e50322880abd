//! `PATCH /api/v1/spaces/{spaceId}` (JSON Patch `replace` of `/name`, `/description`,
//! `/ownerId`, all or nothing; names stay unique) and `GET /api/v1/spaces/types`.

use super::super::auth::TenantCaller;
use super::Spaces;
use super::{not_found, space_json};
use crate::emulator::body::{Api, JsonBody};
use crate::emulator::call::TenantCall;
use crate::emulator::error::{QlikError, Result};
use axum::Json;
use axum::extract::Path;
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Deserialize)]
pub(crate) struct Op {
    op: String,
    path: String,
    value: Value,
}

/// `PATCH /api/v1/spaces/{spaceId}` → 200 `Space`.
pub async fn patch(
    call: TenantCall,
    Path(space_id): Path<String>,
    JsonBody(ops, _): JsonBody<Vec<Op>, Spaces>,
) -> Result<Json<Value>> {
    let mut tenant = call.tenant()?;
    let taken: Vec<String> = tenant
        .spaces
        .values()
        .filter(|s| s.id != space_id)
        .map(|s| s.name.clone())
        .collect();
    let users: Vec<String> = tenant.users.keys().cloned().collect();
    let tenant_id = tenant.id.clone();
    let space = tenant
        .spaces
        .get_mut(&space_id)
        .ok_or_else(|| not_found("space"))?;
    let mut next = space.clone();
    for op in &ops {
        let text = || {
            op.value
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| bad(&format!("{} needs a string value", op.path)))
        };
        match (op.op.as_str(), op.path.as_str()) {
            ("replace", "/name") => {
                let name = text()?;
                if name.trim().is_empty() {
                    return Err(bad("name must not be empty"));
                }
                if taken.contains(&name) {
                    return Err(QlikError::conflict(
                        "SPACES-409",
                        "Space already exists. name must be unique",
                    ));
                }
                next.name = name;
            }
            ("replace", "/description") => next.description = text()?,
            ("replace", "/ownerId") => {
                let owner = text()?;
                if !users.contains(&owner) {
                    return Err(bad("ownerId is not a user of this tenant"));
                }
                next.owner_id = owner;
            }
            (op_name, path) => {
                return Err(bad(&format!("unsupported operation {op_name} {path}")));
            }
        }
    }
    next.updated_at = chrono::Utc::now();
    *space = next;
    Ok(Json(space_json(space, &tenant_id)))
}

/// `GET /api/v1/spaces/types` → 200 `{data: [...]}`.
pub async fn types(_caller: TenantCaller) -> Json<Value> {
    Json(json!({ "data": ["shared", "managed", "data"] }))
}

fn bad(detail: &str) -> QlikError {
    QlikError::bad_request(Spaces::BAD_REQUEST, detail)
}
