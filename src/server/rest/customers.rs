//! Customers: create and update desired state (validated before anything is written), show
//! desired + observed state, plan, and queue an apply.

use super::json::Valid;
use super::{Admin, param};
use crate::api::{ApiError, ErrorCode};
use crate::domain::{CustomerSlug, CustomerSpec, LastResult};
use crate::provision::{CheckError, ProvisionError, SpecError, script};
use crate::server::{AppError, AppState};
use crate::store::{CustomerRecord, Job, Observed, Sealed, StoreError};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

/// A customer as the API shows it: desired state, what was made real, and the last outcome.
#[derive(Debug, Serialize, Deserialize)]
pub struct CustomerView {
    pub spec: CustomerSpec,
    pub retired: bool,
    pub observed: Observed,
    pub last_result: Option<LastResult>,
    pub active_job: Option<Job>,
}

pub async fn list(
    _: Admin,
    State(state): State<AppState>,
) -> Result<Json<Vec<CustomerSpec>>, AppError> {
    let customers = state.store.list_customers().await.map_err(ApiError::from)?;
    Ok(Json(customers.into_iter().map(|c| c.spec).collect()))
}

pub async fn create(
    _: Admin,
    State(state): State<AppState>,
    Valid(spec): Valid<CustomerSpec>,
) -> Result<Response, AppError> {
    let sealed = validate(&state, &spec, true).await?;
    let record = state
        .store
        .insert_customer(&spec, sealed)
        .await
        .map_err(|e| store_error(e, &spec))?;
    let location = format!("/api/v1/customers/{}", record.slug());
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(record.spec),
    )
        .into_response())
}

pub async fn update(
    _: Admin,
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Valid(spec): Valid<CustomerSpec>,
) -> Result<Json<CustomerSpec>, AppError> {
    let slug = param("slug", &slug, CustomerSlug::parse)?;
    if spec.slug != slug {
        return Err(
            ApiError::invalid("slug", "does not match the URL; a slug never changes").into(),
        );
    }
    let current = state
        .store
        .get_customer(&slug)
        .await
        .map_err(ApiError::from)?;
    if current.spec.region != spec.region && current.observed_tenant(&state).await? {
        return Err(ApiError::invalid("region", "cannot change once the tenant exists").into());
    }
    let sealed = validate(&state, &spec, false).await?;
    let record = state
        .store
        .update_customer(&spec, sealed)
        .await
        .map_err(|e| store_error(e, &spec))?;
    Ok(Json(record.spec))
}

pub async fn show(
    _: Admin,
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<CustomerView>, AppError> {
    let slug = param("slug", &slug, CustomerSlug::parse)?;
    let record = state
        .store
        .get_customer(&slug)
        .await
        .map_err(ApiError::from)?;
    let customer_state = state.store.get_state(&slug).await.map_err(ApiError::from)?;
    let active_job = state
        .store
        .active_job(&slug)
        .await
        .map_err(ApiError::from)?;
    Ok(Json(CustomerView {
        retired: record.retired_at.is_some(),
        spec: record.spec,
        observed: customer_state.observed,
        last_result: customer_state.last_result,
        active_job,
    }))
}

#[derive(Debug, Deserialize)]
pub struct PlanQuery {
    #[serde(default)]
    refresh: bool,
}

pub async fn plan(
    _: Admin,
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<PlanQuery>,
) -> Result<Json<crate::provision::PlanView>, AppError> {
    let slug = param("slug", &slug, CustomerSlug::parse)?;
    let view = state
        .engine()?
        .plan(&slug, query.refresh)
        .await
        .map_err(provision_error)?;
    Ok(Json(view))
}

pub async fn apply(
    _: Admin,
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let slug = param("slug", &slug, CustomerSlug::parse)?;
    let (job, _new) = state
        .engine()?
        .enqueue_apply(&slug)
        .await
        .map_err(provision_error)?;
    let location = format!("/api/v1/jobs/{}", job.id);
    Ok((
        StatusCode::ACCEPTED,
        [(header::LOCATION, location)],
        Json(job),
    )
        .into_response())
}

/// Checks the spec through the engine; a refusal names the field.
async fn validate(
    state: &AppState,
    spec: &CustomerSpec,
    creating: bool,
) -> Result<Option<Sealed>, AppError> {
    match state.engine()?.check_spec(spec, creating).await {
        Ok(sealed) => Ok(sealed),
        Err(CheckError::Invalid(e)) => Err(ApiError::invalid(&e.field, e.message).into()),
        Err(CheckError::Failed(e)) => Err(provision_error(e).into()),
    }
}

fn script_error(e: script::ScriptError) -> ApiError {
    let e = SpecError::from(e);
    ApiError::invalid(&e.field, e.message)
}

fn store_error(e: StoreError, spec: &CustomerSpec) -> ApiError {
    match e {
        StoreError::Conflict(_) => ApiError {
            code: ErrorCode::Conflict,
            message: format!("slug: customer {} already exists", spec.slug),
            field: Some("slug".to_owned()),
        },
        StoreError::NotFound(what) if what.starts_with("module") => {
            ApiError::invalid("modules", format!("unknown {what}"))
        }
        other => ApiError::from(other),
    }
}

/// Maps engine failures to API errors: bad input is 400, a missing thing 404, Qlik trouble 503.
pub fn provision_error(e: ProvisionError) -> ApiError {
    match e {
        ProvisionError::Store(e) => ApiError::from(e),
        ProvisionError::Plan(crate::provision::plan::PlanError::Script(s)) => script_error(s),
        ProvisionError::Plan(p) => ApiError::invalid("modules", p),
        ProvisionError::Invalid { field, reason } => ApiError::invalid(field, reason),
        ProvisionError::StepFailed { .. } | ProvisionError::Permanent { .. } => {
            ApiError::new(ErrorCode::Conflict, e.to_string())
        }
        ProvisionError::Qlik(_) => {
            tracing::warn!(error = %e, "Qlik call failed");
            ApiError::new(ErrorCode::Unavailable, e.to_string())
        }
        other => {
            tracing::error!(error = %other, "provisioning failure");
            ApiError::internal()
        }
    }
}

impl CustomerRecord {
    async fn observed_tenant(&self, state: &AppState) -> Result<bool, ApiError> {
        let s = state
            .store
            .get_state(self.slug())
            .await
            .map_err(ApiError::from)?;
        Ok(s.observed.tenant_id.is_some() || s.observed.tenant_create_started_at.is_some())
    }
}
