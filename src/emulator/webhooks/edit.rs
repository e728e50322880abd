//! Writing webhooks: `POST` (201), `PUT` (200, omitted members cleared) and `PATCH` (204, a
//! JSON Patch on the paths `WebhookPatch` names), each checked by `spec` before it is kept.

use super::spec::{self, Body, HeaderList};
use super::{Webhooks, error, to_json};
use crate::emulator::auth::{TENANT_ADMIN, TenantCaller};
use crate::emulator::call::TenantCall;
use crate::emulator::collection::{Scope, find};
use crate::emulator::error::{QlikError, Result};
use crate::emulator::ids;
use crate::emulator::state::{EmuTenant, EmuWebhook};
use axum::Json;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// At most this many tenant level webhooks in a tenant (UNCONFIRMED reading of Qlik's "100
/// webhooks per tenant" as tenant level ones)…
pub const MAX_TENANT_LEVEL: usize = 100;
/// …and user level webhooks per owner ("A user can have up to 150 webhooks at one time",
/// `getWebhooks`).
pub const MAX_PER_USER: usize = 150;

fn bad(message: impl Into<String>) -> QlikError {
    error(StatusCode::BAD_REQUEST, message)
}

/// Writes `body` into `hook` as POST and PUT do: a member the body omits is cleared, or back
/// to its default (`enabled` true: UNCONFIRMED); `enableCloudEventDelivery` "once enabled …
/// cannot be disabled".
fn write(body: Body, hook: &mut EmuWebhook) -> Result<(), String> {
    let cloud = body
        .enable_cloud_event_delivery
        .unwrap_or(hook.enable_cloud_event_delivery);
    if hook.enable_cloud_event_delivery && !cloud {
        return Err("enableCloudEventDelivery: once enabled it cannot be disabled".to_owned());
    }
    hook.enable_cloud_event_delivery = cloud;
    hook.name = body.name.unwrap_or_default();
    hook.description = body.description.unwrap_or_default();
    hook.url = body.url.unwrap_or_default();
    hook.event_types = body.event_types.unwrap_or_default();
    hook.headers = spec::header_map("headers", body.headers.unwrap_or_default())?;
    let encrypted = body.encrypted_headers.unwrap_or_default();
    hook.encrypted_headers = spec::header_map("encryptedHeaders", encrypted)?;
    hook.secret = body.secret.filter(|s| !s.is_empty());
    hook.filter = body.filter.filter(|f| !f.trim().is_empty());
    hook.enabled = body.enabled.unwrap_or(true);
    hook.check_certificate_revocation = body.check_certificate_revocation.unwrap_or(false);
    Ok(())
}

/// Sets `hook`'s level and owner for `caller`: "User must be assigned the `TenantAdmin` role
/// to create `tenant` level webhooks"; a user level webhook is owned by the caller unless a
/// tenant admin names another user (UNCONFIRMED).
fn place(
    tenant: &EmuTenant,
    caller: &TenantCaller,
    level: String,
    owner: Option<String>,
    hook: &mut EmuWebhook,
) -> Result<(), QlikError> {
    let admin = tenant.has_role(&caller.user_id, TENANT_ADMIN);
    if level == "tenant" && !admin {
        let message = "level: a tenant level webhook needs the TenantAdmin role";
        return Err(error(StatusCode::FORBIDDEN, message));
    }
    hook.owner_id = if level == "user" {
        let owner = owner
            .filter(|o| !o.is_empty())
            .unwrap_or_else(|| caller.user_id.clone());
        if owner != caller.user_id && !admin {
            let message = "ownerId: only a tenant admin may give a webhook to another user";
            return Err(error(StatusCode::FORBIDDEN, message));
        }
        if !tenant.users.contains_key(&owner) {
            return Err(bad(format!("ownerId: no user {owner} in the tenant")));
        }
        Some(owner)
    } else {
        None
    };
    hook.level = level;
    Ok(())
}

fn within_limits(tenant: &EmuTenant, hook: &EmuWebhook) -> Result<(), QlikError> {
    let others = tenant.webhooks.values().filter(|h| h.id != hook.id);
    let (count, max, whose) = if hook.level == "tenant" {
        let count = others.filter(|h| h.level == "tenant").count();
        (count, MAX_TENANT_LEVEL, "the tenant")
    } else {
        let same_owner = |h: &&EmuWebhook| h.level == "user" && h.owner_id == hook.owner_id;
        (others.filter(same_owner).count(), MAX_PER_USER, "the owner")
    };
    if count >= max {
        let message = format!(
            "level: {whose} already has {max} {} level webhooks",
            hook.level
        );
        return Err(bad(message));
    }
    Ok(())
}

/// `POST /api/v1/webhooks` → 201 `WebhookResponse`. Without `level`, a tenant admin's
/// webhook is tenant level and anyone else's user level (UNCONFIRMED default).
pub async fn create(call: TenantCall, body: Bytes) -> Result<Response> {
    let body: Body = spec::parse(&body).map_err(bad)?;
    let mut world = call.lock();
    let now = world.clock.now();
    let tenant = world.tenant(&call.tenant_id)?;
    let origin = body.origin.clone().unwrap_or_else(|| "api".to_owned());
    let mut hook = EmuWebhook::new(ids::guid(), origin, &call.user_id, now);
    let admin = tenant.has_role(&call.user_id, TENANT_ADMIN);
    let default_level = if admin { "tenant" } else { "user" };
    let level = body
        .level
        .clone()
        .unwrap_or_else(|| default_level.to_owned());
    let owner = body.owner_id.clone();
    write(body, &mut hook).map_err(bad)?;
    place(tenant, &call, level, owner, &mut hook)?;
    spec::check(&hook).map_err(bad)?;
    within_limits(tenant, &hook)?;
    let answer = to_json(&hook);
    let tenant = world.tenant_mut(&call.tenant_id)?;
    tenant.webhooks.insert(hook.id.clone(), hook);
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

/// `PUT /api/v1/webhooks/{id}` → 200 `WebhookResponse`: "any omitted fields will be
/// cleared" (the secret and encrypted headers too); an omitted `level`/`ownerId` stays
/// (UNCONFIRMED), `origin` is not part of `WebhookBase` and stays.
pub async fn update(call: TenantCall, Path(id): Path<String>, body: Bytes) -> Result<Json<Value>> {
    let body: Body = spec::parse(&body).map_err(bad)?;
    let mut world = call.lock();
    let now = world.clock.now();
    let at = Scope::new(&world, &call, &[])?;
    let mut hook = find::<Webhooks>(&at, &id)?.clone();
    let level = body.level.clone().unwrap_or_else(|| hook.level.clone());
    let owner = body.owner_id.clone().or_else(|| hook.owner_id.clone());
    write(body, &mut hook).map_err(bad)?;
    place(at.tenant, &call, level, owner, &mut hook)?;
    spec::check(&hook).map_err(bad)?;
    within_limits(at.tenant, &hook)?;
    hook.updated_by = call.user_id.clone();
    hook.updated_at = now;
    let answer = to_json(&hook);
    world.tenant_mut(&call.tenant_id)?.webhooks.insert(id, hook);
    Ok(Json(answer))
}

/// One `WebhookPatch`.
#[derive(Debug, Deserialize)]
struct Operation {
    op: String,
    path: String,
    value: Option<Value>,
}

fn typed<T: DeserializeOwned>(field: &str, value: Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|e| format!("{field}: {e}"))
}

/// Applies one operation: `add` and `replace` set, `remove` clears (the name, URL and the
/// two switches cannot be removed).
fn apply(hook: &mut EmuWebhook, op: Operation) -> Result<(), String> {
    let remove = match op.op.as_str() {
        "add" | "replace" => false,
        "remove" => true,
        other => return Err(format!("op: {other:?} is not add, remove or replace")),
    };
    let field = op.path.trim_start_matches('/');
    let value = op.value.unwrap_or(Value::Null);
    let headers = |v: Value| spec::header_map(field, typed::<HeaderList>(field, v)?);
    match (op.path.as_str(), remove) {
        ("/name" | "/url" | "/enabled" | "/enableCloudEventDelivery", true) => {
            return Err(format!("{field}: cannot be removed"));
        }
        ("/name", _) => hook.name = typed(field, value)?,
        ("/url", _) => hook.url = typed(field, value)?,
        ("/enabled", _) => hook.enabled = typed(field, value)?,
        ("/description", true) => hook.description.clear(),
        ("/description", false) => hook.description = typed(field, value)?,
        ("/eventTypes", true) => hook.event_types.clear(),
        ("/eventTypes", false) => hook.event_types = typed(field, value)?,
        ("/headers", true) => hook.headers.clear(),
        ("/headers", false) => hook.headers = headers(value)?,
        ("/encryptedHeaders", true) => hook.encrypted_headers.clear(),
        ("/encryptedHeaders", false) => hook.encrypted_headers = headers(value)?,
        ("/secret", true) => hook.secret = None,
        ("/secret", false) => {
            hook.secret = Some(typed::<String>(field, value)?).filter(|s| !s.is_empty());
        }
        ("/enableCloudEventDelivery", false) => {
            let on: bool = typed(field, value)?;
            if hook.enable_cloud_event_delivery && !on {
                return Err(format!("{field}: once enabled it cannot be disabled"));
            }
            hook.enable_cloud_event_delivery = on;
        }
        (other, _) => return Err(format!("path: {other:?} cannot be patched")),
    }
    Ok(())
}

/// `PATCH /api/v1/webhooks/{id}` → 204. A new URL drops the encrypted headers unless the
/// same patch sets them: "in case of URL change these headers will need to be re-entered".
pub async fn patch(call: TenantCall, Path(id): Path<String>, body: Bytes) -> Result<StatusCode> {
    let operations: Vec<Operation> = spec::parse(&body).map_err(bad)?;
    let mut world = call.lock();
    let now = world.clock.now();
    let at = Scope::new(&world, &call, &[])?;
    let mut hook = find::<Webhooks>(&at, &id)?.clone();
    let url_before = hook.url.clone();
    let sets_encrypted = operations.iter().any(|o| o.path == "/encryptedHeaders");
    for operation in operations {
        apply(&mut hook, operation).map_err(bad)?;
    }
    if hook.url != url_before && !sets_encrypted {
        hook.encrypted_headers.clear();
    }
    spec::check(&hook).map_err(bad)?;
    hook.updated_by = call.user_id.clone();
    hook.updated_at = now;
    world.tenant_mut(&call.tenant_id)?.webhooks.insert(id, hook);
    Ok(StatusCode::NO_CONTENT)
}
