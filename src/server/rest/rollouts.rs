//! Rollouts over REST: start one, watch it, resume a halted one, or roll it back. Thin
//! adapters over `ops::rollouts`; starting, resuming and rolling back answer 202.

use super::Admin;
use super::json::Valid;
use crate::ops::rollouts;
use crate::provision::RolloutRequest;
use crate::server::{AppError, AppState};
use crate::store::Rollout;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

fn accepted(rollout: Rollout) -> Response {
    let location = format!("/api/v1/rollouts/{}", rollout.id);
    (
        StatusCode::ACCEPTED,
        [(header::LOCATION, location)],
        Json(rollout),
    )
        .into_response()
}

#[utoipa::path(
    post,
    path = "/api/v1/rollouts",
    tag = "rollouts",
    summary = "Start rolling a template version out in waves ({module, version, canaries?, first_batch?, max_failure_pct?})",
    request_body = RolloutRequest,
    responses((status = 202, description = "Started", body = Rollout, headers(("Location" = String, description = "Where to watch it"))))
)]
pub async fn start(
    _: Admin,
    State(state): State<AppState>,
    Valid(req): Valid<RolloutRequest>,
) -> Result<Response, AppError> {
    Ok(accepted(rollouts::start(state.engine()?, &req).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/rollouts",
    tag = "rollouts",
    summary = "Rollouts, newest first",
    responses((status = 200, description = "The rollouts", body = Vec<Rollout>))
)]
pub async fn list(_: Admin, State(state): State<AppState>) -> Result<Json<Vec<Rollout>>, AppError> {
    Ok(Json(rollouts::list(&state.store).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/rollouts/{id}",
    tag = "rollouts",
    summary = "A rollout's waves and state",
    params(("id" = String, Path, description = "The rollout id")),
    responses((status = 200, description = "The rollout", body = Rollout))
)]
pub async fn show(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Rollout>, AppError> {
    Ok(Json(rollouts::get(&state.store, &id).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/rollouts/{id}/resume",
    tag = "rollouts",
    summary = "Resume a halted rollout at the wave that halted it",
    params(("id" = String, Path, description = "The rollout id")),
    responses((status = 202, description = "Resumed", body = Rollout, headers(("Location" = String, description = "Where to watch it"))))
)]
pub async fn resume(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    Ok(accepted(rollouts::resume(state.engine()?, &id).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/rollouts/{id}/rollback",
    tag = "rollouts",
    summary = "Move every customer the rollout touched back to its previous version",
    params(("id" = String, Path, description = "The rollout id")),
    responses((status = 202, description = "Rolling back", body = Rollout, headers(("Location" = String, description = "Where to watch it"))))
)]
pub async fn rollback(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    Ok(accepted(rollouts::rollback(state.engine()?, &id).await?))
}
