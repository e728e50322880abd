//! The audit log query: every Qlik call the engine made, newest `limit`, oldest first.

use super::Admin;
use crate::domain::CustomerSlug;
use crate::server::{AppError, AppState};
use crate::store::AuditEntry;
use crate::wire::ApiError;
use axum::Json;
use axum::extract::{Query, State};
use serde::Deserialize;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    customer: Option<String>,
    limit: Option<i64>,
}

#[utoipa::path(
    get,
    path = "/api/v1/audit",
    tag = "audit",
    summary = "Qlik calls made by the engine; ?customer=&limit=",
    params(AuditQuery),
    responses((status = 200, description = "The calls, oldest first", body = Vec<AuditEntry>))
)]
pub async fn query(
    _: Admin,
    State(state): State<AppState>,
    Query(q): Query<AuditQuery>,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    let customer = q
        .customer
        .as_deref()
        .map(|c| super::param("customer", c, CustomerSlug::parse))
        .transpose()?;
    let limit = q.limit.unwrap_or(200);
    if !(1..=10_000).contains(&limit) {
        return Err(ApiError::invalid("limit", "must be 1–10000").into());
    }
    let entries = state
        .store
        .query_audit(customer.as_ref().map(CustomerSlug::as_str), limit)
        .await?;
    Ok(Json(entries))
}
