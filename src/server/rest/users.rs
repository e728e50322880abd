//! The host users' lifecycle over REST: the host backend (an API token listing the customer)
//! removes one user, syncs its whole list or reads who may sign in; admins run the inactivity
//! policy now.

use super::json::Valid;
use super::{Admin, Caller};
use crate::domain::{CustomerSlug, RemovalCause};
use crate::ops::users;
use crate::server::{AppError, AppState};
use crate::wire::{CustomerUsers, UserRemoval, UserSync, UserSyncRequest};
use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CustomerQuery {
    /// The customer whose user it is.
    customer: CustomerSlug,
}

/// Host SaaS backend: remove one user of ?customer= — no more sign-in, deleted from the tenant (licence freed), audited
#[utoipa::path(
    delete,
    path = "/api/v1/embed/users/{id}",
    params(("id" = String, Path, description = "The host's user id"), CustomerQuery),
    responses((status = 200, description = "Removed", body = UserRemoval))
)]
pub async fn remove(
    caller: Caller,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<CustomerQuery>,
) -> Result<Json<UserRemoval>, AppError> {
    caller.embed_for(&q.customer)?;
    let now = state.clock.now_millis();
    let engine = state.engine()?;
    let removal = users::remove(
        engine,
        &q.customer,
        &id,
        RemovalCause::Host,
        &caller.label(),
        now,
    )
    .await?;
    Ok(Json(removal))
}

/// Host SaaS backend: these are all of the customer's users now — others who signed in are removed, listed removed ones restored
#[utoipa::path(
    put,
    path = "/api/v1/embed/users",
    request_body = UserSyncRequest,
    responses((status = 200, description = "What changed", body = UserSync))
)]
pub async fn sync(
    caller: Caller,
    State(state): State<AppState>,
    Valid(req): Valid<UserSyncRequest>,
) -> Result<Json<UserSync>, AppError> {
    caller.embed_for(&req.customer)?;
    let now = state.clock.now_millis();
    let engine = state.engine()?;
    let outcome = users::sync(engine, &req.customer, &req.users, &caller.label(), now).await?;
    Ok(Json(outcome))
}

/// Host SaaS backend: ?customer='s users who may sign in (last sign-in) and every removal and restore
#[utoipa::path(
    get,
    path = "/api/v1/embed/users",
    params(CustomerQuery),
    responses((status = 200, description = "The users and their log", body = CustomerUsers))
)]
pub async fn list(
    caller: Caller,
    State(state): State<AppState>,
    Query(q): Query<CustomerQuery>,
) -> Result<Json<CustomerUsers>, AppError> {
    caller.embed_for(&q.customer)?;
    Ok(Json(users::list(&state.store, &q.customer).await?))
}

/// Apply every customer's inactivity policy now (the hub also does hourly)
#[utoipa::path(
    post,
    path = "/api/v1/embed/users/sweep",
    responses((status = 200, description = "Who was removed", body = Vec<UserRemoval>))
)]
pub async fn sweep(Admin { state, .. }: Admin) -> Result<Json<Vec<UserRemoval>>, AppError> {
    let now = state.clock.now_millis();
    Ok(Json(users::sweep_inactive(state.engine()?, now).await?))
}
