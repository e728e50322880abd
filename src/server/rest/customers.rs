//! Customers over REST: create and update desired state, show desired + observed state, plan,
//! and queue an apply. Thin adapters over `ops::customers` and `ops::jobs`.

use super::json::Valid;
use super::{Admin, accepted, param};
use crate::domain::{CustomerSlug, CustomerSpec};
use crate::ops::customers::{self, CustomerView};
use crate::ops::jobs;
use crate::provision::PlanView;
use crate::server::{AppError, AppState};
use crate::store::Job;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

#[utoipa::path(
    get,
    path = "/api/v1/customers",
    tag = "customers",
    summary = "List customers (desired state)",
    responses((status = 200, description = "Every customer", body = Vec<CustomerSpec>))
)]
pub async fn list(
    _: Admin,
    State(state): State<AppState>,
) -> Result<Json<Vec<CustomerSpec>>, AppError> {
    Ok(Json(customers::list(&state.store).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/customers",
    tag = "customers",
    summary = "Add a customer; validated before anything is written",
    request_body = CustomerSpec,
    responses((status = 201, description = "Created", body = CustomerSpec, headers(("Location" = String, description = "The new customer"))))
)]
pub async fn create(
    _: Admin,
    State(state): State<AppState>,
    Valid(spec): Valid<CustomerSpec>,
) -> Result<Response, AppError> {
    let record = customers::create(state.engine()?, &spec).await?;
    let location = format!("/api/v1/customers/{}", record.slug());
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(record.spec),
    )
        .into_response())
}

#[utoipa::path(
    put,
    path = "/api/v1/customers/{slug}",
    tag = "customers",
    summary = "Replace a customer's desired state",
    params(("slug" = CustomerSlug, Path, description = "The customer")),
    request_body = CustomerSpec,
    responses((status = 200, description = "The stored spec", body = CustomerSpec))
)]
pub async fn update(
    _: Admin,
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Valid(spec): Valid<CustomerSpec>,
) -> Result<Json<CustomerSpec>, AppError> {
    let slug = param("slug", &slug, CustomerSlug::parse)?;
    let record = customers::update(state.engine()?, &slug, &spec).await?;
    Ok(Json(record.spec))
}

#[utoipa::path(
    get,
    path = "/api/v1/customers/{slug}",
    tag = "customers",
    summary = "A customer: desired and observed state, last result, active job",
    params(("slug" = CustomerSlug, Path, description = "The customer")),
    responses((status = 200, description = "The customer", body = CustomerView))
)]
pub async fn show(
    _: Admin,
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<CustomerView>, AppError> {
    let slug = param("slug", &slug, CustomerSlug::parse)?;
    Ok(Json(customers::show(&state.store, &slug).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    #[serde(default)]
    refresh: bool,
}

#[utoipa::path(
    get,
    path = "/api/v1/customers/{slug}/plan",
    tag = "customers",
    summary = "Steps that would make the tenant match; ?refresh=true checks the tenant for drift",
    params(("slug" = CustomerSlug, Path, description = "The customer"), PlanQuery),
    responses((status = 200, description = "The plan", body = PlanView))
)]
pub async fn plan(
    _: Admin,
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<PlanQuery>,
) -> Result<Json<PlanView>, AppError> {
    let slug = param("slug", &slug, CustomerSlug::parse)?;
    Ok(Json(
        customers::plan(state.engine()?, &slug, query.refresh).await?,
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/customers/{slug}/apply",
    tag = "customers",
    summary = "Queue an apply job (returns the customer's unfinished job if any); ?refresh=true first reads the tenant again and repairs drift",
    params(("slug" = CustomerSlug, Path, description = "The customer"), PlanQuery),
    responses((status = 202, description = "Queued", body = Job, headers(("Location" = String, description = "Where to watch it"))))
)]
pub async fn apply(
    _: Admin,
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<PlanQuery>,
) -> Result<Response, AppError> {
    let slug = param("slug", &slug, CustomerSlug::parse)?;
    let engine = state.engine()?;
    let job = match query.refresh {
        true => jobs::repair(engine, &slug).await?,
        false => jobs::apply(engine, &slug).await?,
    };
    Ok(accepted(job))
}
