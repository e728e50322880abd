//! The organization API on the console host `console.<domain>`: `GET /api/core/tenants` lists
//! every tenant of the emulator, across regions, paged as Qlik's example shows (`limit`, an
//! absolute next link carrying `offset=<tenant id>`).

use super::auth::{bearer, valid_token};
use super::error::QlikError;
use super::state::{EmuTenant, TenantStatus, TokenAudience};
use super::{EmuState, HostKind, paging};
use axum::Json;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use chrono::SecondsFormat;
use serde_json::{Value, json};

/// A caller holding a token issued by the console host.
#[derive(Debug, Clone, Copy)]
pub struct ConsoleCaller;

impl FromRequestParts<EmuState> for ConsoleCaller {
    type Rejection = QlikError;

    async fn from_request_parts(parts: &mut Parts, state: &EmuState) -> Result<Self, QlikError> {
        if parts.extensions.get::<HostKind>() != Some(&HostKind::Console) {
            return Err(QlikError::not_found("HTTP-404", "not the console host"));
        }
        let issued = valid_token(&state.lock(), bearer(parts)?)?;
        match issued.audience {
            TokenAudience::Console => Ok(Self),
            _ => Err(QlikError::unauthorized(
                "token was not issued for the console host",
            )),
        }
    }
}

/// A tenant as the organization API lists it. `regionCode` is written as the datacenter
/// (`us-east-1`), as in Qlik's organization overview; whether Qlik writes that or the
/// hostname's region (`us`) is UNCONFIRMED. The emulator does not track updates, so
/// `updatedAt` is the creation time.
fn org_tenant_json(t: &EmuTenant, base: &str) -> Value {
    let status = match t.status {
        TenantStatus::Active => "active",
        TenantStatus::Disabled => "disabled",
    };
    let created = t.created.to_rfc3339_opts(SecondsFormat::Millis, true);
    json!({
        "id": t.id, "name": t.name, "hostnames": t.hostnames, "status": status,
        "regionCode": t.region.datacenter(), "createdBy": t.created_by_user,
        "createdAt": created, "updatedAt": created,
        "links": { "self": { "href": format!("{base}/api/core/tenants/{}", t.id) } },
    })
}

/// `GET /api/core/tenants?limit=&offset=` (or `next=`) → 200 `{data, links}`, every tenant in
/// creation order.
pub async fn list_tenants(
    State(state): State<EmuState>,
    _caller: ConsoleCaller,
    headers: HeaderMap,
    Query(mut q): Query<paging::Query>,
) -> Result<Json<Value>, QlikError> {
    if let Some(next) = q.remove("next") {
        q.entry("offset".to_owned()).or_insert(next);
    }
    let world = state.lock();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map_or_else(|| format!("console.{}", world.config.domain), str::to_owned);
    let base = format!("http://{host}");
    let mut tenants: Vec<&EmuTenant> = world.tenants.values().collect();
    tenants.sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
    paging::ORG_TENANTS
        .page(
            &format!("{base}/api/core/tenants"),
            &q,
            &tenants,
            |t| t.id.as_str(),
            |t| org_tenant_json(t, &base),
        )
        .map(Json)
}
