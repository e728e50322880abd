//! Customers over REST: create and update desired state, show desired + observed state, plan,
//! and queue an apply. Thin adapters over `ops::customers` and `ops::jobs`.

use super::Admin;
use super::answers::Queued;
use super::json::Valid;
use super::path::CustomerPath;
use crate::domain::CustomerSpec;
use crate::ops::customers::{self, CustomerView};
use crate::ops::jobs;
use crate::provision::PlanView;
use crate::server::AppError;
use axum::Json;
use axum::extract::Query;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// List customers (desired state)
#[utoipa::path(
    get,
    path = "/api/v1/customers",
    responses((status = 200, description = "Every customer", body = Vec<CustomerSpec>))
)]
pub async fn list(Admin { state, .. }: Admin) -> Result<Json<Vec<CustomerSpec>>, AppError> {
    Ok(Json(customers::list(&state.store).await?))
}

/// Add a customer; validated before anything is written
#[utoipa::path(
    post,
    path = "/api/v1/customers",
    request_body = CustomerSpec,
    responses((status = 201, description = "Created", body = CustomerSpec, headers(("Location" = String, description = "The new customer"))))
)]
pub async fn create(
    Admin { state, .. }: Admin,
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

/// Replace a customer's desired state
#[utoipa::path(
    put,
    path = "/api/v1/customers/{slug}",
    params(CustomerPath),
    request_body = CustomerSpec,
    responses((status = 200, description = "The stored spec", body = CustomerSpec))
)]
pub async fn update(
    Admin { state, .. }: Admin,
    CustomerPath(slug): CustomerPath,
    Valid(spec): Valid<CustomerSpec>,
) -> Result<Json<CustomerSpec>, AppError> {
    let record = customers::update(state.engine()?, &slug, &spec).await?;
    Ok(Json(record.spec))
}

/// A customer: desired and observed state, last result, active job
#[utoipa::path(
    get,
    path = "/api/v1/customers/{slug}",
    params(CustomerPath),
    responses((status = 200, description = "The customer", body = CustomerView))
)]
pub async fn show(
    Admin { state, .. }: Admin,
    CustomerPath(slug): CustomerPath,
) -> Result<Json<CustomerView>, AppError> {
    Ok(Json(customers::show(&state.store, &slug).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    #[serde(default)]
    refresh: bool,
}

/// Steps that would make the tenant match; ?refresh=true checks the tenant for drift
#[utoipa::path(
    get,
    path = "/api/v1/customers/{slug}/plan",
    params(CustomerPath, PlanQuery),
    responses((status = 200, description = "The plan", body = PlanView))
)]
pub async fn plan(
    Admin { state, .. }: Admin,
    CustomerPath(slug): CustomerPath,
    Query(query): Query<PlanQuery>,
) -> Result<Json<PlanView>, AppError> {
    Ok(Json(
        customers::plan(state.engine()?, &slug, query.refresh).await?,
    ))
}

/// Queue an apply job (returns the customer's unfinished job if any); ?refresh=true first reads the tenant again and repairs drift
#[utoipa::path(
    post,
    path = "/api/v1/customers/{slug}/apply",
    params(CustomerPath, PlanQuery),
    responses(Queued)
)]
pub async fn apply(
    Admin { state, .. }: Admin,
    CustomerPath(slug): CustomerPath,
    Query(query): Query<PlanQuery>,
) -> Result<Queued, AppError> {
    let engine = state.engine()?;
    let job = match query.refresh {
        true => jobs::repair(engine, &slug).await?,
        false => jobs::apply(engine, &slug).await?,
    };
    Ok(Queued(job))
}
