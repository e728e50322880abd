//! Tenants API: create on the register host from a license key; read on the tenant host.

use super::auth::RegisterCaller;
use super::call::TenantCall;
use super::error::{QlikError, Result};
use super::state::{EmuTenant, TENANT_FLAGS, TenantStatus};
use super::{EmuState, HostKind};
use crate::domain::Region;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::{Extension, Json};
use serde::Deserialize;
use serde_json::{Value, json};

/// `TenantCreationRequest`: only these two fields are in Qlik's spec.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TenantCreationRequest {
    license_key: String,
    datacenter: Option<String>,
}

/// `POST /api/v1/tenants` (register host) → 201 `Tenant`.
pub async fn create(
    State(state): State<EmuState>,
    Extension(host): Extension<HostKind>,
    caller: RegisterCaller,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<Value>), QlikError> {
    let HostKind::Register(region) = host else {
        return Err(QlikError::not_found("HTTP-404", "not a register host"));
    };
    let req: TenantCreationRequest = serde_json::from_slice(&body)
        .map_err(|e| QlikError::bad_request("TENANTS-1", format!("invalid request body: {e}")))?;
    check_datacenter(region, req.datacenter.as_deref())?;
    let mut world = state.lock();
    if req.license_key != world.config.license_key {
        return Err(QlikError::bad_request("TENANTS-2", "invalid license key"));
    }
    let name = super::ids::random_token(15).to_ascii_lowercase();
    let id = world.add_tenant(&name, region);
    let tenant = world
        .tenants
        .get_mut(&id)
        .ok_or_else(|| QlikError::not_found("TENANTS-8", "tenant vanished"))?;
    tenant.created_by_user = Some(caller.client_id);
    let body = tenant_json(tenant, &base_url(&headers, tenant));
    Ok((StatusCode::CREATED, Json(body)))
}

fn check_datacenter(region: Region, datacenter: Option<&str>) -> Result<(), QlikError> {
    match datacenter {
        None => Ok(()),
        Some(dc) if dc == region.datacenter() => Ok(()),
        Some(dc) => Err(QlikError::bad_request(
            "TENANTS-3",
            format!(
                "datacenter {dc:?} is not served by register.{}; expected {:?}",
                region.code(),
                region.datacenter()
            ),
        )),
    }
}

/// `GET /api/v1/tenants/{tenantId}` (tenant host) → 200 `Tenant`.
pub async fn get(
    call: TenantCall,
    headers: HeaderMap,
    Path(tenant_id): Path<String>,
) -> Result<Json<Value>> {
    let world = call.lock();
    match world.tenants.get(&tenant_id) {
        Some(tenant) if tenant.id == call.tenant_id => {
            Ok(Json(tenant_json(tenant, &base_url(&headers, tenant))))
        }
        _ => Err(QlikError::not_found("TENANTS-8", "tenant not found")),
    }
}

/// `scheme://host[:port]` the caller used, for `links.self.href`.
fn base_url(headers: &HeaderMap, tenant: &EmuTenant) -> String {
    let port = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.rsplit_once(':'))
        .map(|(_, p)| format!(":{p}"))
        .unwrap_or_default();
    let host = tenant.hostnames.first().cloned().unwrap_or_default();
    format!("http://{host}{port}")
}

/// The `Tenant` resource as Qlik serialises it.
pub fn tenant_json(t: &EmuTenant, base_url: &str) -> Value {
    let status = match t.status {
        TenantStatus::Active => "active",
        TenantStatus::Disabled => "disabled",
    };
    let mut tenant = json!({
        "id": t.id,
        "name": t.name,
        "hostnames": t.hostnames,
        "created": t.created,
        "lastUpdated": t.created,
        "status": status,
        "region": t.region.code(),
        "datacenter": t.region.datacenter(),
        "links": { "self": { "href": format!("{base_url}/api/v1/tenants/{}", t.id) } },
    });
    for (name, default) in TENANT_FLAGS {
        tenant[name] = json!(t.settings.flags.get(name).copied().unwrap_or(default));
    }
    // `createdByUser?: string`: absent, not null, for a tenant no API client created.
    if let Some(by) = &t.created_by_user {
        tenant["createdByUser"] = json!(by);
    }
    tenant
}
