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

/// `POST /api/v1/host-apps`: registers a host app's issuer, audience, algorithm, key and
/// the customers it serves.
#[utoipa::path(
    post,
    path = "/api/v1/host-apps",
    tag = "host-apps",
    summary = "Register a host app: {id, issuer, audience?, algorithm: RS256|ES256, public_key_pem, customers: [..]}; it may serve only those customers",
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

/// `PUT /api/v1/host-apps/{id}/customers` `{customers}`: replaces the customers the app
/// may serve (e.g. after onboarding one).
#[utoipa::path(
    put,
    path = "/api/v1/host-apps/{id}/customers",
    tag = "host-apps",
    summary = "Replace the customers a host app may serve ({customers: [..]}, at least one)",
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

/// `GET /api/v1/host-apps`.
#[utoipa::path(
    get,
    path = "/api/v1/host-apps",
    tag = "host-apps",
    summary = "Registered host apps (issuer, audience, pinned algorithm, public key)",
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

/// `POST /api/v1/embed/host-sessions` `{jwt}`: an embed session for the user a registered
/// host app vouches for in its signed JWT.
#[utoipa::path(
    post,
    path = "/api/v1/embed/host-sessions",
    tag = "embed",
    summary = "Page or host backend: an embed token for a JWT a registered host app signed ({jwt})",
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
