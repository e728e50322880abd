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

pub async fn start(
    _: Admin,
    State(state): State<AppState>,
    Valid(req): Valid<RolloutRequest>,
) -> Result<Response, AppError> {
    Ok(accepted(rollouts::start(state.engine()?, &req).await?))
}

pub async fn list(_: Admin, State(state): State<AppState>) -> Result<Json<Vec<Rollout>>, AppError> {
    Ok(Json(rollouts::list(&state.store).await?))
}

pub async fn show(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Rollout>, AppError> {
    Ok(Json(rollouts::get(&state.store, &id).await?))
}

pub async fn resume(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    Ok(accepted(rollouts::resume(state.engine()?, &id).await?))
}

pub async fn rollback(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    Ok(accepted(rollouts::rollback(state.engine()?, &id).await?))
}
