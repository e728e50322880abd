//! A tenant OAuth client's consent method (`/api/v1/oauth-clients/{id}/connection-configs/me`):
//! Qlik impersonates users only for clients whose consent method is `trusted`.

use super::{OAuthClients, bad};
use crate::emulator::body::JsonBody;
use crate::emulator::call::AdminCall;
use crate::emulator::collection::{Scope, find, find_mut};
use crate::emulator::error::Result;
use crate::emulator::state::{REQUIRED, TRUSTED};
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

/// `OAuthConnectionConfigUpdate`: `{op: "replace", path: "/consentMethod", value}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Update {
    op: String,
    path: String,
    value: String,
}

/// `GET …/connection-configs/me` → 200 `ConnectionConfigReadResponse`. The `status` value
/// is UNCONFIRMED (the .d.ts types it as a bare string).
pub async fn get(call: AdminCall, Path(id): Path<String>) -> Result<Json<Value>> {
    let world = call.lock();
    let client = find::<OAuthClients>(&Scope::new(&world, &call, &[])?, &id)?;
    Ok(Json(
        json!({ "consentMethod": client.consent_method, "status": "active" }),
    ))
}

/// `PATCH …/connection-configs/me` with `OAuthConnectionConfigUpdate[]` → 204.
pub async fn patch(
    call: AdminCall,
    Path(id): Path<String>,
    JsonBody(ops, _): JsonBody<Vec<Update>, OAuthClients>,
) -> Result<StatusCode> {
    let mut method = None;
    for (i, op) in ops.iter().enumerate() {
        if op.op != "replace" {
            return Err(bad(format!("[{i}].op must be replace")));
        }
        if op.path != "/consentMethod" {
            return Err(bad(format!("[{i}].path must be /consentMethod")));
        }
        if ![TRUSTED, REQUIRED].contains(&op.value.as_str()) {
            return Err(bad(format!("[{i}].value must be required or trusted")));
        }
        method = Some(op.value.clone());
    }
    let method = method.ok_or_else(|| bad("at least one operation is required"))?;
    let mut world = call.lock();
    let client = find_mut::<OAuthClients>(&mut world, &call, &[], &id)?;
    client.consent_method = method;
    world.revision += 1;
    Ok(StatusCode::NO_CONTENT)
}
