//! A tenant OAuth client's consent method (`/api/v1/oauth-clients/{id}/connection-configs/me`):
//! Qlik impersonates users only for clients whose consent method is `trusted`.

use crate::emulator::EmuState;
use crate::emulator::auth::TenantAdmin;
use crate::emulator::error::QlikError;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

/// The consent method that lets a backend impersonate users without asking them.
pub const TRUSTED: &str = "trusted";
/// The other value of `OAuthConnectionConfigUpdate.value`.
pub const REQUIRED: &str = "required";

/// A new client's consent method. qlik.dev's M2M impersonation tutorial creates the client,
/// then has the admin "Change consent method" to Trusted: so it starts `required`.
pub fn default_method() -> String {
    REQUIRED.to_owned()
}

/// `OAuthConnectionConfigUpdate`: `{op: "replace", path: "/consentMethod", value}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Update {
    op: String,
    path: String,
    value: String,
}

fn bad(detail: impl Into<String>) -> QlikError {
    QlikError::bad_request("OAUTH-CLIENTS-400", detail)
}

fn not_found(id: &str) -> QlikError {
    QlikError::not_found("OAUTH-CLIENTS-404", format!("client {id} not found"))
}

/// `GET …/connection-configs/me` → 200 `ConnectionConfigReadResponse`. The `status` value
/// is UNCONFIRMED (the .d.ts types it as a bare string).
pub async fn get(
    State(state): State<EmuState>,
    TenantAdmin(caller): TenantAdmin,
    Path(id): Path<String>,
) -> Result<Json<Value>, QlikError> {
    let world = state.lock();
    let client = world
        .tenants
        .get(&caller.tenant_id)
        .and_then(|t| t.oauth_clients.get(&id))
        .ok_or_else(|| not_found(&id))?;
    Ok(Json(
        json!({ "consentMethod": client.consent_method, "status": "active" }),
    ))
}

/// `PATCH …/connection-configs/me` with `OAuthConnectionConfigUpdate[]` → 204.
pub async fn patch(
    State(state): State<EmuState>,
    TenantAdmin(caller): TenantAdmin,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<StatusCode, QlikError> {
    let ops: Vec<Update> = QlikError::parse_json(&body, "OAUTH-CLIENTS-400")?;
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
    let mut world = state.lock();
    let client = world
        .tenant_mut(&caller.tenant_id)
        .and_then(|t| t.oauth_clients.get_mut(&id))
        .ok_or_else(|| not_found(&id))?;
    client.consent_method = method;
    world.revision += 1;
    Ok(StatusCode::NO_CONTENT)
}
