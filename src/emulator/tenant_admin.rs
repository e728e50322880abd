//! Tenant changes: `PATCH` (name, alias hostname, flags) on the tenant host, and deactivate /
//! reactivate on the register host with `qlik-confirm-hostname` and a purge window.

use super::auth::RegisterCaller;
use super::body::{Api, JsonBody};
use super::call::TenantCall;
use super::error::{QlikError, Result};
use super::state::{EmuTenant, TENANT_FLAGS, TenantStatus, World};
use super::{EmuState, HostKind};
use crate::domain::TenantHostname;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use chrono::{Duration, Utc};
use serde_json::{Value, json};

/// The Tenants API, as its request bodies see it.
pub struct TenantsApi;

impl Api for TenantsApi {
    const BAD_REQUEST: &'static str = "TENANTS-400";
}

fn bad(detail: impl Into<String>) -> QlikError {
    QlikError::bad_request(TenantsApi::BAD_REQUEST, detail)
}

fn not_found() -> QlikError {
    QlikError::not_found("TENANTS-8", "tenant not found")
}

/// `PATCH /api/v1/tenants/{tenantId}` (`TenantPatchSchema`) → 204: `/name`, `/hostnames/1`
/// and the boolean flags, kept per tenant and read back by `GET /tenants/{id}`.
pub async fn patch(
    call: TenantCall,
    Path(tenant_id): Path<String>,
    JsonBody(ops, _): JsonBody<Vec<Value>, TenantsApi>,
) -> Result<StatusCode> {
    let mut world = call.lock();
    let domain = world.config.domain.clone();
    if tenant_id != call.tenant_id {
        return Err(not_found());
    }
    let taken: Vec<String> = world
        .tenants
        .values()
        .filter(|t| t.id != tenant_id)
        .flat_map(|t| t.hostnames.clone())
        .collect();
    let tenant = world.tenants.get_mut(&tenant_id).ok_or_else(not_found)?;
    let mut updated = tenant.clone();
    for op in &ops {
        if op["op"] != "replace" {
            return Err(bad("only replace operations are supported"));
        }
        let path = op["path"].as_str().unwrap_or_default();
        if let Some((name, _)) = flag(path) {
            let on = op["value"]
                .as_bool()
                .ok_or_else(|| bad(format!("{path} takes a boolean value")))?;
            updated.settings.flags.insert(name.to_owned(), on);
            continue;
        }
        match (path, &op["value"]) {
            ("/name", Value::String(name)) if !name.trim().is_empty() => {
                updated.name = name.clone()
            }
            ("/hostnames/1", Value::String(alias)) => {
                let alias =
                    TenantHostname::parse(alias).map_err(|e| bad(format!("/hostnames/1: {e}")))?;
                let suffix = format!(".{}.{domain}", updated.region.code());
                let label = alias.as_str().strip_suffix(&suffix);
                if label.is_none_or(|l| l.contains('.')) {
                    return Err(bad(format!("/hostnames/1 must be <name>{suffix}")));
                }
                if taken.iter().any(|h| h == alias.as_str()) {
                    return Err(QlikError::conflict("TENANTS-409", "hostname is taken"));
                }
                updated.hostnames.truncate(1);
                updated.hostnames.push(alias.to_string());
            }
            (path, _) => return Err(bad(format!("cannot patch {path} with that value"))),
        }
    }
    *tenant = updated;
    Ok(StatusCode::NO_CONTENT)
}

/// The tenant flag a patch path names (`/enableAnalyticCreation`…), with its default.
fn flag(path: &str) -> Option<(&'static str, bool)> {
    let name = path.strip_prefix('/')?;
    TENANT_FLAGS.iter().copied().find(|(n, _)| *n == name)
}

/// The tenant a register-host action names, once its region is the host's and
/// `qlik-confirm-hostname` names one of its hostnames.
fn confirmed<'w>(
    world: &'w mut World,
    tenant_id: &str,
    host: &HostKind,
    headers: &HeaderMap,
) -> Result<&'w mut EmuTenant> {
    let tenant = world.tenants.get_mut(tenant_id).ok_or_else(not_found)?;
    if !matches!(host, HostKind::Register(region) if *region == tenant.region) {
        return Err(not_found());
    }
    let confirm = headers
        .get("qlik-confirm-hostname")
        .and_then(|v| v.to_str().ok());
    match confirm {
        Some(h) if tenant.hostnames.iter().any(|t| t == h) => Ok(tenant),
        Some(_) => Err(bad(
            "qlik-confirm-hostname does not match the tenant's hostnames",
        )),
        None => Err(bad("the qlik-confirm-hostname header is required")),
    }
}

/// A register-host action on one tenant (`/tenants/{tenantId}/actions/…`) by a register
/// caller: the extractors both actions take, in the order they ran as handler arguments.
pub struct TenantAction {
    state: EmuState,
    host: HostKind,
    tenant_id: String,
    headers: HeaderMap,
}

impl FromRequestParts<EmuState> for TenantAction {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &EmuState) -> Result<Self, Response> {
        let Extension(host) = Extension::<HostKind>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        RegisterCaller::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let Path(tenant_id) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Self {
            state: state.clone(),
            host,
            tenant_id,
            headers: parts.headers.clone(),
        })
    }
}

impl TenantAction {
    /// Sets the tenant's status, once it is [`confirmed`].
    fn set_status(&self, status: TenantStatus) -> Result<()> {
        let mut world = self.state.lock();
        confirmed(&mut world, &self.tenant_id, &self.host, &self.headers)?.status = status;
        Ok(())
    }
}

/// `POST /api/v1/tenants/{tenantId}/actions/deactivate` (register host) → 200
/// `{id, status: "disabled", estimatedPurgeDate}`.
pub async fn deactivate(action: TenantAction, body: Bytes) -> Result<Json<Value>> {
    let request: Value = if body.is_empty() {
        json!({})
    } else {
        QlikError::parse_json(&body, TenantsApi::BAD_REQUEST)?
    };
    let days = match &request["purgeAfterDays"] {
        Value::Null => 30,
        value => value
            .as_i64()
            .filter(|d| (10..=90).contains(d))
            .ok_or_else(|| bad("purgeAfterDays must be 10 to 90"))?,
    };
    action.set_status(TenantStatus::Disabled)?;
    let purge = Utc::now() + Duration::days(days);
    Ok(Json(
        json!({ "id": action.tenant_id, "status": "disabled", "estimatedPurgeDate": purge }),
    ))
}

/// `POST /api/v1/tenants/{tenantId}/actions/reactivate` (register host) → 200 `{}`.
pub async fn reactivate(action: TenantAction) -> Result<Json<Value>> {
    action.set_status(TenantStatus::Active)?;
    Ok(Json(json!({})))
}
