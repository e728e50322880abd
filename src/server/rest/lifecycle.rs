//! Deprovision and reactivate over REST: both queue a job (so they never race an apply of the
//! same customer) and answer 202 with it. Thin adapters over `ops::jobs`.

use super::json::Valid;
use super::{Admin, accepted, param};
use crate::domain::CustomerSlug;
use crate::ops::jobs;
use crate::server::{AppError, AppState};
use crate::store::Job;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;

/// Body of a deprovision request.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeprovisionBody {
    /// Days until Qlik purges the tenant (10–90, default 30); reactivation works until then.
    #[serde(default = "default_days")]
    purge_after_days: u32,
}

fn default_days() -> u32 {
    30
}

#[utoipa::path(
    post,
    path = "/api/v1/customers/{slug}/deprovision",
    tag = "customers",
    summary = "Queue a deactivation of the tenant ({purge_after_days}: 10–90, default 30) and retire the customer",
    params(("slug" = CustomerSlug, Path, description = "The customer")),
    request_body = DeprovisionBody,
    responses((status = 202, description = "Queued", body = Job, headers(("Location" = String, description = "Where to watch it"))))
)]
pub async fn deprovision(
    _: Admin,
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Valid(body): Valid<DeprovisionBody>,
) -> Result<Response, AppError> {
    let slug = param("slug", &slug, CustomerSlug::parse)?;
    let job = jobs::deprovision(state.engine()?, &slug, body.purge_after_days).await?;
    Ok(accepted(job))
}

#[utoipa::path(
    post,
    path = "/api/v1/customers/{slug}/reactivate",
    tag = "customers",
    summary = "Queue a reactivation of a retired customer's tenant (before its purge date)",
    params(("slug" = CustomerSlug, Path, description = "The customer")),
    responses((status = 202, description = "Queued", body = Job, headers(("Location" = String, description = "Where to watch it"))))
)]
pub async fn reactivate(
    _: Admin,
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let slug = param("slug", &slug, CustomerSlug::parse)?;
    Ok(accepted(jobs::reactivate(state.engine()?, &slug).await?))
}
