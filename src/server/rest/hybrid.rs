//! `/api/v1/customers/{slug}/hybrid…`: a customer's deployment on its client-managed site,
//! the pasted token, reconciling the tenant's multi-cloud IdP and adopting distributed apps.

use super::json::Valid;
use super::{Admin, param};
use crate::domain::CustomerSlug;
use crate::ops::hybrid;
use crate::server::{AppError, AppState};
use crate::wire::HybridView;
use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetupRequest {
    site_host: String,
    deployment_name: String,
}

/// Holds the token: deliberately not `Debug`, so it cannot reach a log.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    token: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExposeRequest {
    exposed: bool,
}

fn slug(raw: &str) -> Result<CustomerSlug, AppError> {
    param("slug", raw, CustomerSlug::parse)
}

/// `GET …/hybrid`: the deployment, the values to enter on the site, the apps.
#[utoipa::path(
    get,
    path = "/api/v1/customers/{slug}/hybrid",
    tag = "hybrid",
    summary = "The customer's hybrid deployment: values to enter on the client-managed site, status, distributed apps",
    params(("slug" = CustomerSlug, Path, description = "The customer")),
    responses((status = 200, description = "The deployment", body = HybridView))
)]
pub async fn show(
    _: Admin,
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Json<HybridView>, AppError> {
    Ok(Json(hybrid::view(state.engine()?, &slug(&raw)?).await?))
}

/// `PUT …/hybrid` `{site_host, deployment_name}`.
#[utoipa::path(
    put,
    path = "/api/v1/customers/{slug}/hybrid",
    tag = "hybrid",
    summary = "Set up the customer's deployment ({site_host, deployment_name}); answers the values to enter",
    params(("slug" = CustomerSlug, Path, description = "The customer")),
    request_body = SetupRequest,
    responses((status = 200, description = "The deployment", body = HybridView))
)]
pub async fn setup(
    _: Admin,
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Valid(req): Valid<SetupRequest>,
) -> Result<Json<HybridView>, AppError> {
    let slug = slug(&raw)?;
    let view = hybrid::setup(state.engine()?, &slug, &req.site_host, &req.deployment_name).await?;
    Ok(Json(view))
}

/// `PUT …/hybrid/token` `{token}`: stores it sealed, then puts it on the tenant's IdP.
#[utoipa::path(
    put,
    path = "/api/v1/customers/{slug}/hybrid/token",
    tag = "hybrid",
    summary = "Paste the deployment's local bearer token ({token}); sealed, then put on the tenant's multi-cloud IdP",
    params(("slug" = CustomerSlug, Path, description = "The customer")),
    request_body = TokenRequest,
    responses((status = 200, description = "The deployment", body = HybridView))
)]
pub async fn token(
    _: Admin,
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Valid(req): Valid<TokenRequest>,
) -> Result<Json<HybridView>, AppError> {
    let slug = slug(&raw)?;
    let engine = state.engine()?;
    hybrid::set_token(engine, &slug, &req.token).await?;
    Ok(Json(hybrid::reconcile(engine, &slug).await?))
}

/// `POST …/hybrid/reconcile`: creates or repairs the tenant's multi-cloud IdP.
#[utoipa::path(
    post,
    path = "/api/v1/customers/{slug}/hybrid/reconcile",
    tag = "hybrid",
    summary = "Create or repair the tenant's multi-cloud identity provider",
    params(("slug" = CustomerSlug, Path, description = "The customer")),
    responses((status = 200, description = "The deployment", body = HybridView))
)]
pub async fn reconcile(
    _: Admin,
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Json<HybridView>, AppError> {
    Ok(Json(
        hybrid::reconcile(state.engine()?, &slug(&raw)?).await?,
    ))
}

/// `POST …/hybrid/adopt`: places distributed apps and registers them for the menu.
#[utoipa::path(
    post,
    path = "/api/v1/customers/{slug}/hybrid/adopt",
    tag = "hybrid",
    summary = "Move distributed apps into the managed space and serve them view-only; refuse on-demand apps",
    params(("slug" = CustomerSlug, Path, description = "The customer")),
    responses((status = 200, description = "The deployment", body = HybridView))
)]
pub async fn adopt(
    _: Admin,
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Json<HybridView>, AppError> {
    Ok(Json(hybrid::adopt(state.engine()?, &slug(&raw)?).await?))
}

/// `PUT …/hybrid/apps/{appId}/sheets/{sheetId}` `{exposed}`.
#[utoipa::path(
    put,
    path = "/api/v1/customers/{slug}/hybrid/apps/{app_id}/sheets/{sheet_id}",
    tag = "hybrid",
    summary = "Expose or hide a sheet of an adopted app in the menu ({exposed})",
    params(("slug" = CustomerSlug, Path, description = "The customer"), ("app_id" = String, Path, description = "The adopted app"), ("sheet_id" = String, Path, description = "The sheet")),
    request_body = ExposeRequest,
    responses((status = 200, description = "The deployment", body = HybridView))
)]
pub async fn expose(
    _: Admin,
    State(state): State<AppState>,
    Path((raw, app_id, sheet_id)): Path<(String, String, String)>,
    Valid(req): Valid<ExposeRequest>,
) -> Result<Json<HybridView>, AppError> {
    let slug = slug(&raw)?;
    let view = hybrid::expose(state.engine()?, &slug, &app_id, &sheet_id, req.exposed).await?;
    Ok(Json(view))
}
