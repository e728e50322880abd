//! Rollouts over REST: start one, watch it, resume a halted one, or roll it back. Thin
//! adapters over `ops::rollouts`; starting, resuming and rolling back answer 202.

use super::Admin;
use super::answers::UnderWay;
use super::json::Valid;
use super::path::RolloutPath;
use crate::ops::rollouts;
use crate::provision::RolloutRequest;
use crate::server::AppError;
use crate::store::Rollout;
use axum::Json;

/// Start rolling a template version out in waves ({module, version, canaries?, first_batch?, max_failure_pct?})
#[utoipa::path(
    post,
    path = "/api/v1/rollouts",
    request_body = RolloutRequest,
    responses(UnderWay)
)]
pub async fn start(
    Admin { state, .. }: Admin,
    Valid(req): Valid<RolloutRequest>,
) -> Result<UnderWay, AppError> {
    Ok(UnderWay(rollouts::start(state.engine()?, &req).await?))
}

/// Rollouts, newest first
#[utoipa::path(
    get,
    path = "/api/v1/rollouts",
    responses((status = 200, description = "The rollouts", body = Vec<Rollout>))
)]
pub async fn list(Admin { state, .. }: Admin) -> Result<Json<Vec<Rollout>>, AppError> {
    Ok(Json(rollouts::list(&state.store).await?))
}

/// A rollout's waves and state
#[utoipa::path(
    get,
    path = "/api/v1/rollouts/{id}",
    params(RolloutPath),
    responses((status = 200, description = "The rollout", body = Rollout))
)]
pub async fn show(
    Admin { state, .. }: Admin,
    RolloutPath(id): RolloutPath,
) -> Result<Json<Rollout>, AppError> {
    Ok(Json(rollouts::get(&state.store, &id).await?))
}

/// Resume a halted rollout at the wave that halted it
#[utoipa::path(
    post,
    path = "/api/v1/rollouts/{id}/resume",
    params(RolloutPath),
    responses(UnderWay)
)]
pub async fn resume(
    Admin { state, .. }: Admin,
    RolloutPath(id): RolloutPath,
) -> Result<UnderWay, AppError> {
    Ok(UnderWay(rollouts::resume(state.engine()?, &id).await?))
}

/// Move every customer the rollout touched back to its previous version
#[utoipa::path(
    post,
    path = "/api/v1/rollouts/{id}/rollback",
    params(RolloutPath),
    responses(UnderWay)
)]
pub async fn rollback(
    Admin { state, .. }: Admin,
    RolloutPath(id): RolloutPath,
) -> Result<UnderWay, AppError> {
    Ok(UnderWay(rollouts::rollback(state.engine()?, &id).await?))
}
