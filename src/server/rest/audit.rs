//! The audit log query: every Qlik call the engine made, newest `limit`, oldest first.

use super::{Admin, ListQuery};
use crate::domain::CustomerSlug;
use crate::server::AppError;
use crate::store::AuditEntry;
use crate::wire::ApiError;
use axum::Json;
use axum::extract::Query;

/// Qlik calls made by the engine; ?customer=&limit=
#[utoipa::path(
    get,
    path = "/api/v1/audit",
    params(ListQuery),
    responses((status = 200, description = "The calls, oldest first", body = Vec<AuditEntry>))
)]
pub async fn query(
    Admin { state, .. }: Admin,
    Query(q): Query<ListQuery>,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    let customer = q.customer()?;
    let limit = q.limit(200);
    if !(1..=10_000).contains(&limit) {
        return Err(ApiError::invalid("limit", "must be 1–10000").into());
    }
    let entries = state
        .store
        .query_audit(customer.as_ref().map(CustomerSlug::as_str), limit)
        .await?;
    Ok(Json(entries))
}
