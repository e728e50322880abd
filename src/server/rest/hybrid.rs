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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetupRequest {
    site_host: String,
    deployment_name: String,
}

/// Holds the token: deliberately not `Debug`, so it cannot reach a log.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    token: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExposeRequest {
    exposed: bool,
}

fn slug(raw: &str) -> Result<CustomerSlug, AppError> {
    param("slug", raw, CustomerSlug::parse)
}

/// `GET …/hybrid`: the deployment, the values to enter on the site, the apps.
pub async fn show(
    _: Admin,
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Json<HybridView>, AppError> {
    Ok(Json(hybrid::view(state.engine()?, &slug(&raw)?).await?))
}

/// `PUT …/hybrid` `{site_host, deployment_name}`.
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
pub async fn adopt(
    _: Admin,
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Json<HybridView>, AppError> {
    Ok(Json(hybrid::adopt(state.engine()?, &slug(&raw)?).await?))
}

/// `PUT …/hybrid/apps/{appId}/sheets/{sheetId}` `{exposed}`.
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
