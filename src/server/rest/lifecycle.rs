//! Deprovision and reactivate: both queue a job (so they never race an apply of the same
//! customer) and answer 202 with it.

use super::customers::provision_error;
use super::json::Valid;
use super::{Admin, param};
use crate::api::ApiError;
use crate::domain::CustomerSlug;
use crate::provision::PURGE_DAYS;
use crate::server::{AppError, AppState};
use crate::store::Job;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// Body of a deprovision request.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeprovisionBody {
    /// Days until Qlik purges the tenant (10–90, default 30); reactivation works until then.
    #[serde(default = "default_days")]
    purge_after_days: u32,
}

fn default_days() -> u32 {
    30
}

fn accepted(job: Job) -> Response {
    let location = format!("/api/v1/jobs/{}", job.id);
    (
        StatusCode::ACCEPTED,
        [(header::LOCATION, location)],
        Json(job),
    )
        .into_response()
}

pub async fn deprovision(
    _: Admin,
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Valid(body): Valid<DeprovisionBody>,
) -> Result<Response, AppError> {
    let slug = param("slug", &slug, CustomerSlug::parse)?;
    if !PURGE_DAYS.contains(&body.purge_after_days) {
        return Err(ApiError::invalid("purge_after_days", "must be 10–90").into());
    }
    let (job, _) = state
        .engine()?
        .enqueue_deprovision(&slug, body.purge_after_days)
        .await
        .map_err(provision_error)?;
    Ok(accepted(job))
}

pub async fn reactivate(
    _: Admin,
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let slug = param("slug", &slug, CustomerSlug::parse)?;
    let (job, _) = state
        .engine()?
        .enqueue_reactivate(&slug)
        .await
        .map_err(provision_error)?;
    Ok(accepted(job))
}
