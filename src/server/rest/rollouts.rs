//! Rollouts: start one (it runs in the background, wave by wave), watch it, resume a halted
//! one, or roll it back.

use super::Admin;
use super::customers::provision_error;
use super::json::Valid;
use crate::api::{ApiError, ErrorCode};
use crate::provision::{Engine, ProvisionError, RolloutRequest};
use crate::server::{AppError, AppState};
use crate::store::{Rollout, StoreError};
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

fn rollout_error(e: ProvisionError) -> ApiError {
    match e {
        ProvisionError::Store(StoreError::NotFound(what)) => {
            ApiError::new(ErrorCode::NotFound, format!("{what} not found"))
        }
        ProvisionError::Store(StoreError::Conflict(what)) => {
            ApiError::new(ErrorCode::Conflict, format!("{what} already exists"))
        }
        other => provision_error(other),
    }
}

/// Drives the rollout in the background; its progress is in the store.
fn drive(
    engine: &Engine,
    id: String,
    action: fn(Engine, String) -> futures::future::BoxFuture<'static, ()>,
) {
    tokio::spawn(action(engine.clone(), id));
}

pub async fn start(
    _: Admin,
    State(state): State<AppState>,
    Valid(req): Valid<RolloutRequest>,
) -> Result<Response, AppError> {
    let engine = state.engine()?;
    let rollout = engine.start_rollout(&req).await.map_err(rollout_error)?;
    drive(engine, rollout.id.clone(), |engine, id| {
        Box::pin(async move {
            if let Err(e) = engine.drive_rollout(&id).await {
                tracing::error!(rollout = %id, error = %e, "rollout stopped");
            }
        })
    });
    Ok(accepted(rollout))
}

pub async fn list(_: Admin, State(state): State<AppState>) -> Result<Json<Vec<Rollout>>, AppError> {
    Ok(Json(
        state.store.list_rollouts().await.map_err(ApiError::from)?,
    ))
}

pub async fn show(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Rollout>, AppError> {
    Ok(Json(
        state.store.get_rollout(&id).await.map_err(ApiError::from)?,
    ))
}

pub async fn resume(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let engine = state.engine()?;
    let rollout = state.store.get_rollout(&id).await.map_err(ApiError::from)?;
    drive(engine, id, |engine, id| {
        Box::pin(async move {
            if let Err(e) = engine.resume_rollout(&id).await {
                tracing::error!(rollout = %id, error = %e, "rollout resume stopped");
            }
        })
    });
    Ok(accepted(rollout))
}

pub async fn rollback(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let engine = state.engine()?;
    let rollout = state.store.get_rollout(&id).await.map_err(ApiError::from)?;
    drive(engine, id, |engine, id| {
        Box::pin(async move {
            if let Err(e) = engine.rollback_rollout(&id).await {
                tracing::error!(rollout = %id, error = %e, "rollback stopped");
            }
        })
    });
    Ok(accepted(rollout))
}
