//! Provisioning server functions for the admin console: add a customer, show its plan, apply
//! it and follow the job. Each needs the admin session; `ops` does the work.

use crate::domain::CustomerSpec;
use crate::wire::{ApiError, JobView};
use leptos::server;
use leptos::server_fn::codec::Json;

/// The engine, for a signed-in admin only (every admin server function starts here).
#[cfg(feature = "ssr")]
pub(super) async fn engine() -> Result<crate::provision::Engine, ApiError> {
    let state = super::admin_state().await?;
    state.engine().cloned()
}

#[cfg(feature = "ssr")]
fn slug(raw: &str) -> Result<crate::domain::CustomerSlug, ApiError> {
    crate::ops::error::param("slug", raw, crate::domain::CustomerSlug::parse)
}

/// Adds a customer after the same checks as the REST API; nothing is written on refusal.
/// The spec travels as JSON so that a refusal can name the field at fault.
#[server(endpoint = "admin/customers/create", input = Json)]
pub async fn create_customer(spec: serde_json::Value) -> Result<CustomerSpec, ApiError> {
    let engine = engine().await?;
    let spec: CustomerSpec = crate::ops::input::parse_value(spec)?;
    Ok(crate::ops::customers::create(&engine, &spec).await?.spec)
}

/// The labels of the steps an apply would run (`refresh` checks the tenant for drift).
#[server(endpoint = "admin/customers/plan", input = Json)]
pub async fn plan_customer(slug: String, refresh: bool) -> Result<Vec<String>, ApiError> {
    let engine = engine().await?;
    let view = crate::ops::customers::plan(&engine, &self::slug(&slug)?, refresh).await?;
    Ok(view
        .steps
        .iter()
        .map(crate::provision::Step::label)
        .collect())
}

/// Queues an apply (or returns the customer's unfinished job).
#[server(endpoint = "admin/customers/apply", input = Json)]
pub async fn apply_customer(slug: String) -> Result<JobView, ApiError> {
    let engine = engine().await?;
    Ok(crate::ops::jobs::apply(&engine, &self::slug(&slug)?)
        .await?
        .into())
}

/// A job's progress.
#[server(endpoint = "admin/jobs/status", input = Json)]
pub async fn job_status(id: String) -> Result<JobView, ApiError> {
    let engine = engine().await?;
    Ok(crate::ops::jobs::get(engine.store(), &id).await?.into())
}
