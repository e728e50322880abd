//! Reloads over REST: "reload now" for a set of customers × modules or the whole fleet (202),
//! its progress, the fleet's data freshness (failures first) and the last days' reloads.

use super::Admin;
use super::answers::accepted;
use super::json::Valid;
use crate::ops::reloads;
use crate::server::AppError;
use crate::wire::{FleetReloadRequest, FleetReloadView, FreshnessRow, ReloadRecord};
use axum::Json;
use axum::extract::{Path, Query};
use axum::response::Response;
use serde::Deserialize;

/// Reload now: the named customers × modules (empty lists: the whole fleet), at most per_source_cap at once against one customer database
#[utoipa::path(
    post,
    path = "/api/v1/fleet-reloads",
    request_body = FleetReloadRequest,
    responses((status = 202, description = "Started", body = FleetReloadView, headers(("Location" = String, description = "Where to watch it"))))
)]
pub async fn start(
    Admin { state, .. }: Admin,
    Valid(req): Valid<FleetReloadRequest>,
) -> Result<Response, AppError> {
    let view = reloads::reload_now(state.engine()?, &req).await?;
    let location = format!("/api/v1/fleet-reloads/{}", view.id);
    Ok(accepted(location, view))
}

/// A fleet reload's progress
#[utoipa::path(
    get,
    path = "/api/v1/fleet-reloads/{id}",
    params(("id" = String, Path, description = "The fleet reload")),
    responses((status = 200, description = "Its progress", body = FleetReloadView))
)]
pub async fn show(
    Admin { state, .. }: Admin,
    Path(id): Path<String>,
) -> Result<Json<FleetReloadView>, AppError> {
    Ok(Json(reloads::fleet_view(&state.store, &id).await?))
}

/// Every active customer × module: last reload, last success, failures in a row, age against the target (failing first)
#[utoipa::path(
    get,
    path = "/api/v1/freshness",
    responses((status = 200, description = "The fleet's freshness", body = Vec<FreshnessRow>))
)]
pub async fn freshness(Admin { state, .. }: Admin) -> Result<Json<Vec<FreshnessRow>>, AppError> {
    let now = state.clock.now_millis();
    Ok(Json(reloads::freshness(&state.store, now).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    /// How many days back (1–31, default 7).
    #[serde(default = "week")]
    days: u32,
}

fn week() -> u32 {
    7
}

/// Every recorded reload of the last days, oldest first (the freshness timeline)
#[utoipa::path(
    get,
    path = "/api/v1/reload-history",
    params(HistoryQuery),
    responses((status = 200, description = "The reloads", body = Vec<ReloadRecord>))
)]
pub async fn history(
    Admin { state, .. }: Admin,
    Query(query): Query<HistoryQuery>,
) -> Result<Json<Vec<ReloadRecord>>, AppError> {
    let now = state.clock.now_millis();
    Ok(Json(reloads::history(&state.store, query.days, now).await?))
}
