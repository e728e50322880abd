//! Host apps over REST (embedding mode b): register a partner backend's key and customers, and
//! trade a JWT it signed for an embed session. Thin adapters over `ops::host_apps`.

use super::Admin;
use super::answers::Opened;
use super::json::Valid;
use super::path::HostAppPath;
use crate::domain::CustomerSlug;
use crate::ops::host_apps::{self, NewHostApp};
use crate::server::{AppError, AppState};
use crate::store::HostAppRecord;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;

/// `PUT /api/v1/host-apps/{id}/customers` body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HostAppCustomers {
    customers: Vec<CustomerSlug>,
}

/// Register a host app: {id, issuer, audience?, algorithm: RS256|ES256, public_key_pem, customers: [..]}; it may serve only those customers
#[utoipa::path(
    post,
    path = "/api/v1/host-apps",
    request_body = NewHostApp,
    responses((status = 201, description = "Registered", body = HostAppRecord))
)]
pub async fn create(
    Admin { caller, state }: Admin,
    Valid(req): Valid<NewHostApp>,
) -> Result<(StatusCode, Json<HostAppRecord>), AppError> {
    let saved = host_apps::create(&state.store, req, &caller.label()).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// Replace the customers a host app may serve ({customers: [..]}, at least one)
#[utoipa::path(
    put,
    path = "/api/v1/host-apps/{id}/customers",
    params(HostAppPath),
    request_body = HostAppCustomers,
    responses((status = 200, description = "The host app", body = HostAppRecord))
)]
pub async fn set_customers(
    Admin { state, .. }: Admin,
    HostAppPath(id): HostAppPath,
    Valid(req): Valid<HostAppCustomers>,
) -> Result<Json<HostAppRecord>, AppError> {
    Ok(Json(
        host_apps::set_customers(&state.store, &id, &req.customers).await?,
    ))
}

/// Registered host apps (issuer, audience, pinned algorithm, public key)
#[utoipa::path(
    get,
    path = "/api/v1/host-apps",
    responses((status = 200, description = "The host apps", body = Vec<HostAppRecord>))
)]
pub async fn list(Admin { state, .. }: Admin) -> Result<Json<Vec<HostAppRecord>>, AppError> {
    Ok(Json(host_apps::list(&state.store).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Exchange {
    jwt: String,
}

/// Page or host backend: an embed token for a JWT a registered host app signed ({jwt})
#[utoipa::path(
    post,
    path = "/api/v1/embed/host-sessions",
    request_body = Exchange,
    responses(Opened)
)]
pub async fn exchange(
    State(state): State<AppState>,
    headers: HeaderMap,
    Valid(req): Valid<Exchange>,
) -> Result<Opened, AppError> {
    let origin = crate::http::cross_origin(&headers, state.settings.scheme());
    let session = host_apps::exchange(&state.store, &req.jwt, origin, state.token_life()).await?;
    Ok(Opened(session))
}
