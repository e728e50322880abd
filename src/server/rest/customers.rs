//! Customers over REST: create and update desired state, show desired + observed state, plan,
//! and queue an apply. Thin adapters over `ops::customers` and `ops::jobs`.

use super::json::Valid;
use super::{Admin, accepted, param};
use crate::domain::{CustomerSlug, CustomerSpec};
use crate::ops::customers::{self, CustomerView};
use crate::ops::jobs;
use crate::provision::PlanView;
use crate::server::{AppError, AppState};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

pub async fn list(
    _: Admin,
    State(state): State<AppState>,
) -> Result<Json<Vec<CustomerSpec>>, AppError> {
    Ok(Json(customers::list(&state.store).await?))
}

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

pub async fn show(
    _: Admin,
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<CustomerView>, AppError> {
    let slug = param("slug", &slug, CustomerSlug::parse)?;
    Ok(Json(customers::show(&state.store, &slug).await?))
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
) -> Result<Json<PlanView>, AppError> {
    let slug = param("slug", &slug, CustomerSlug::parse)?;
    Ok(Json(
        customers::plan(state.engine()?, &slug, query.refresh).await?,
    ))
}

pub async fn apply(
    _: Admin,
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let slug = param("slug", &slug, CustomerSlug::parse)?;
    Ok(accepted(jobs::apply(state.engine()?, &slug).await?))
}
