//! Job use cases: queue an apply, deprovision or reactivate (never racing another job of the
//! same customer), and read, list or cancel jobs.

use crate::domain::CustomerSlug;
use crate::provision::{Engine, PURGE_DAYS};
use crate::store::{Job, Store};
use crate::wire::{ApiError, JobView};

/// How many jobs a list may ask for.
pub const LIST_LIMITS: std::ops::RangeInclusive<i64> = 1..=500;

impl From<Job> for JobView {
    fn from(job: Job) -> Self {
        Self {
            id: job.id,
            customer: job.customer,
            kind: job.kind.to_string(),
            state: job.state,
            step_index: job.step_index,
            step_count: job.step_count,
            step_name: job.step_name,
            error: job.error,
        }
    }
}

/// Queues an apply of `slug` (or returns its unfinished job); refused for a retired customer.
pub async fn apply(engine: &Engine, slug: &CustomerSlug) -> Result<Job, ApiError> {
    Ok(engine.enqueue_apply(slug).await?.0)
}

/// Queues a repair of `slug`: the tenant is read again, then what drifted is put back.
pub async fn repair(engine: &Engine, slug: &CustomerSlug) -> Result<Job, ApiError> {
    Ok(engine.enqueue_repair(slug).await?.0)
}

/// Queues the deactivation of `slug`'s tenant, purged by Qlik after `purge_after_days`.
pub async fn deprovision(
    engine: &Engine,
    slug: &CustomerSlug,
    purge_after_days: u32,
) -> Result<Job, ApiError> {
    if !PURGE_DAYS.contains(&purge_after_days) {
        return Err(ApiError::invalid("purge_after_days", "must be 10–90"));
    }
    Ok(engine.enqueue_deprovision(slug, purge_after_days).await?.0)
}

/// Queues the reactivation of a retired customer's tenant.
pub async fn reactivate(engine: &Engine, slug: &CustomerSlug) -> Result<Job, ApiError> {
    Ok(engine.enqueue_reactivate(slug).await?.0)
}

/// One job.
pub async fn get(store: &Store, id: &str) -> Result<Job, ApiError> {
    Ok(store.get_job(id).await?)
}

/// The newest `limit` jobs, of one customer or all.
pub async fn list(
    store: &Store,
    customer: Option<&CustomerSlug>,
    limit: i64,
) -> Result<Vec<Job>, ApiError> {
    if !LIST_LIMITS.contains(&limit) {
        return Err(ApiError::invalid("limit", "must be 1–500"));
    }
    Ok(store.list_jobs(customer, limit).await?)
}

/// Asks a job to stop (between steps when it is running).
pub async fn cancel(store: &Store, id: &str) -> Result<Job, ApiError> {
    Ok(store.cancel_job(id).await?)
}
