//! `/api/v1/customers/{slug}/hybrid…`: a customer's deployment on its client-managed site,
//! the pasted token, reconciling the tenant's multi-cloud IdP and adopting distributed apps.

use super::Admin;
use super::answers::Deployment;
use super::json::Valid;
use super::path::CustomerPath;
use crate::ops::hybrid;
use crate::server::AppError;
use axum::extract::Path;
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

/// The customer's hybrid deployment: values to enter on the client-managed site, status, distributed apps
#[utoipa::path(
    get,
    path = "/api/v1/customers/{slug}/hybrid",
    params(CustomerPath),
    responses(Deployment)
)]
pub async fn show(
    Admin { state, .. }: Admin,
    CustomerPath(slug): CustomerPath,
) -> Result<Deployment, AppError> {
    Ok(Deployment(hybrid::view(state.engine()?, &slug).await?))
}

/// Set up the customer's deployment ({site_host, deployment_name}); answers the values to enter
#[utoipa::path(
    put,
    path = "/api/v1/customers/{slug}/hybrid",
    params(CustomerPath),
    request_body = SetupRequest,
    responses(Deployment)
)]
pub async fn setup(
    Admin { state, .. }: Admin,
    CustomerPath(slug): CustomerPath,
    Valid(req): Valid<SetupRequest>,
) -> Result<Deployment, AppError> {
    let view = hybrid::setup(state.engine()?, &slug, &req.site_host, &req.deployment_name).await?;
    Ok(Deployment(view))
}

/// Paste the deployment's local bearer token ({token}); sealed, then put on the tenant's multi-cloud IdP
#[utoipa::path(
    put,
    path = "/api/v1/customers/{slug}/hybrid/token",
    params(CustomerPath),
    request_body = TokenRequest,
    responses(Deployment)
)]
pub async fn token(
    Admin { state, .. }: Admin,
    CustomerPath(slug): CustomerPath,
    Valid(req): Valid<TokenRequest>,
) -> Result<Deployment, AppError> {
    let engine = state.engine()?;
    hybrid::set_token(engine, &slug, &req.token).await?;
    Ok(Deployment(hybrid::reconcile(engine, &slug).await?))
}

/// Create or repair the tenant's multi-cloud identity provider
#[utoipa::path(
    post,
    path = "/api/v1/customers/{slug}/hybrid/reconcile",
    params(CustomerPath),
    responses(Deployment)
)]
pub async fn reconcile(
    Admin { state, .. }: Admin,
    CustomerPath(slug): CustomerPath,
) -> Result<Deployment, AppError> {
    Ok(Deployment(hybrid::reconcile(state.engine()?, &slug).await?))
}

/// Move distributed apps into the managed space and serve them view-only; refuse on-demand apps
#[utoipa::path(
    post,
    path = "/api/v1/customers/{slug}/hybrid/adopt",
    params(CustomerPath),
    responses(Deployment)
)]
pub async fn adopt(
    Admin { state, .. }: Admin,
    CustomerPath(slug): CustomerPath,
) -> Result<Deployment, AppError> {
    Ok(Deployment(hybrid::adopt(state.engine()?, &slug).await?))
}

/// Expose or hide a sheet of an adopted app in the menu ({exposed})
#[utoipa::path(
    put,
    path = "/api/v1/customers/{slug}/hybrid/apps/{app_id}/sheets/{sheet_id}",
    params(CustomerPath, ("app_id" = String, Path, description = "The adopted app"), ("sheet_id" = String, Path, description = "The sheet")),
    request_body = ExposeRequest,
    responses(Deployment)
)]
pub async fn expose(
    Admin { state, .. }: Admin,
    CustomerPath(slug): CustomerPath,
    Path((_, app_id, sheet_id)): Path<(String, String, String)>,
    Valid(req): Valid<ExposeRequest>,
) -> Result<Deployment, AppError> {
    let view = hybrid::expose(state.engine()?, &slug, &app_id, &sheet_id, req.exposed).await?;
    Ok(Deployment(view))
}
