//! Deprovision and reactivate over REST: both queue a job (so they never race an apply of the
//! same customer) and answer 202 with it. Thin adapters over `ops::jobs`.

use super::Admin;
use super::answers::Queued;
use super::json::Valid;
use super::path::CustomerPath;
use crate::ops::jobs;
use crate::server::AppError;
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

/// Queue a deactivation of the tenant ({purge_after_days}: 10–90, default 30) and retire the customer
#[utoipa::path(
    post,
    path = "/api/v1/customers/{slug}/deprovision",
    params(CustomerPath),
    request_body = DeprovisionBody,
    responses(Queued)
)]
pub async fn deprovision(
    Admin { state, .. }: Admin,
    CustomerPath(slug): CustomerPath,
    Valid(body): Valid<DeprovisionBody>,
) -> Result<Queued, AppError> {
    let job = jobs::deprovision(state.engine()?, &slug, body.purge_after_days).await?;
    Ok(Queued(job))
}

/// Queue a reactivation of a retired customer's tenant (before its purge date)
#[utoipa::path(
    post,
    path = "/api/v1/customers/{slug}/reactivate",
    params(CustomerPath),
    responses(Queued)
)]
pub async fn reactivate(
    Admin { state, .. }: Admin,
    CustomerPath(slug): CustomerPath,
) -> Result<Queued, AppError> {
    Ok(Queued(jobs::reactivate(state.engine()?, &slug).await?))
}
