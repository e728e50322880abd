//! Provisioning server functions for the admin console: add a customer, show its plan, apply
//! it and follow the job. Each needs the admin session; the engine does the work.

use super::ApiError;
use crate::domain::{CustomerSpec, JobState};
use leptos::server;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// A provisioning job as the console shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobView {
    pub id: String,
    pub customer: String,
    pub kind: String,
    pub state: JobState,
    pub step_index: i64,
    pub step_count: i64,
    pub step_name: String,
    pub error: Option<String>,
}

#[cfg(feature = "ssr")]
impl From<crate::store::Job> for JobView {
    fn from(job: crate::store::Job) -> Self {
        Self {
            id: job.id,
            customer: job.customer.to_string(),
            kind: job.kind.to_string(),
            state: job.state,
            step_index: job.step_index,
            step_count: job.step_count,
            step_name: job.step_name,
            error: job.error,
        }
    }
}

/// The engine, for a signed-in admin only (every admin server function starts here).
#[cfg(feature = "ssr")]
pub(super) async fn engine() -> Result<crate::provision::Engine, ApiError> {
    use crate::server::{AppState, admin_auth, context};
    let state = AppState::from_context()?;
    admin_auth::current_admin(&state, &context::request_headers()).await?;
    state.engine().cloned()
}

#[cfg(feature = "ssr")]
fn slug(raw: &str) -> Result<crate::domain::CustomerSlug, ApiError> {
    crate::domain::CustomerSlug::parse(raw).map_err(|e| ApiError::invalid("slug", e))
}

/// Adds a customer after the same checks as the REST API; nothing is written on refusal.
/// The spec travels as JSON so that a refusal can name the field at fault.
#[server(endpoint = "admin/customers/create", input = Json)]
pub async fn create_customer(spec: serde_json::Value) -> Result<CustomerSpec, ApiError> {
    use crate::provision::CheckError;
    let engine = engine().await?;
    let spec: CustomerSpec = crate::server::rest::json::parse(spec.to_string().as_bytes())?;
    let sealed = match engine.check_spec(&spec, true).await {
        Ok(sealed) => sealed,
        Err(CheckError::Invalid(e)) => return Err(ApiError::invalid(&e.field, e.message)),
        Err(CheckError::Failed(e)) => return Err(crate::server::rest::provision_error(e)),
    };
    let record = engine
        .store()
        .insert_customer(&spec, sealed)
        .await
        .map_err(|e| match e {
            crate::store::StoreError::Conflict(_) => ApiError {
                code: super::ErrorCode::Conflict,
                message: format!("slug: customer {} already exists", spec.slug),
                field: Some("slug".to_owned()),
            },
            other => ApiError::from(other),
        })?;
    Ok(record.spec)
}

/// The labels of the steps an apply would run (`refresh` checks the tenant for drift).
#[server(endpoint = "admin/customers/plan", input = Json)]
pub async fn plan_customer(slug: String, refresh: bool) -> Result<Vec<String>, ApiError> {
    let engine = engine().await?;
    let slug = self::slug(&slug)?;
    let customer = engine
        .store()
        .get_customer(&slug)
        .await
        .map_err(ApiError::from)?;
    if customer.retired_at.is_some() {
        return Err(ApiError::new(
            super::ErrorCode::Conflict,
            format!("{slug} is retired (its tenant is deactivated); reactivate it to plan"),
        ));
    }
    let view = engine
        .plan(&slug, refresh)
        .await
        .map_err(crate::server::rest::provision_error)?;
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
    let (job, _) = engine
        .enqueue_apply(&self::slug(&slug)?)
        .await
        .map_err(crate::server::rest::provision_error)?;
    Ok(job.into())
}

/// A job's progress.
#[server(endpoint = "admin/jobs/status", input = Json)]
pub async fn job_status(id: String) -> Result<JobView, ApiError> {
    let engine = engine().await?;
    let job = engine.store().get_job(&id).await.map_err(ApiError::from)?;
    Ok(job.into())
}
