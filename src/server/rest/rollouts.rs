//! Rollouts over REST: start one, watch it, resume a halted one, or roll it back. Thin
//! adapters over `ops::rollouts`; starting, resuming and rolling back answer 202.

use super::Admin;
use super::answers::accepted;
use super::json::Valid;
use super::path::RolloutPath;
use crate::ops::rollouts;
use crate::provision::RolloutRequest;
use crate::server::AppError;
use crate::store::Rollout;
use axum::Json;
use axum::response::Response;

/// A rollout answered as 202 with its location.
fn started(rollout: Rollout) -> Response {
    accepted(format!("/api/v1/rollouts/{}", rollout.id), rollout)
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
    Admin { state, .. }: Admin,
    Valid(req): Valid<RolloutRequest>,
) -> Result<Response, AppError> {
    Ok(started(rollouts::start(state.engine()?, &req).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/rollouts",
    tag = "rollouts",
    summary = "Rollouts, newest first",
    responses((status = 200, description = "The rollouts", body = Vec<Rollout>))
)]
pub async fn list(Admin { state, .. }: Admin) -> Result<Json<Vec<Rollout>>, AppError> {
    Ok(Json(rollouts::list(&state.store).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/rollouts/{id}",
    tag = "rollouts",
    summary = "A rollout's waves and state",
    params(RolloutPath),
    responses((status = 200, description = "The rollout", body = Rollout))
)]
pub async fn show(
    Admin { state, .. }: Admin,
    RolloutPath(id): RolloutPath,
) -> Result<Json<Rollout>, AppError> {
    Ok(Json(rollouts::get(&state.store, &id).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/rollouts/{id}/resume",
    tag = "rollouts",
    summary = "Resume a halted rollout at the wave that halted it",
    params(RolloutPath),
    responses((status = 202, description = "Resumed", body = Rollout, headers(("Location" = String, description = "Where to watch it"))))
)]
pub async fn resume(
    Admin { state, .. }: Admin,
    RolloutPath(id): RolloutPath,
) -> Result<Response, AppError> {
    Ok(started(rollouts::resume(state.engine()?, &id).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/rollouts/{id}/rollback",
    tag = "rollouts",
    summary = "Move every customer the rollout touched back to its previous version",
    params(RolloutPath),
    responses((status = 202, description = "Rolling back", body = Rollout, headers(("Location" = String, description = "Where to watch it"))))
)]
pub async fn rollback(
    Admin { state, .. }: Admin,
    RolloutPath(id): RolloutPath,
) -> Result<Response, AppError> {
    Ok(started(rollouts::rollback(state.engine()?, &id).await?))
}
