//! Jobs: status, list, cancel, and a Server-Sent Events stream of progress until the job ends.

use super::Admin;
use crate::domain::CustomerSlug;
use crate::ops::jobs;
use crate::server::{AppError, AppState};
use crate::store::Job;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;
use serde::Deserialize;
use std::convert::Infallible;
use std::time::Duration;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JobsQuery {
    customer: Option<String>,
    limit: Option<i64>,
}

#[utoipa::path(
    get,
    path = "/api/v1/jobs",
    tag = "jobs",
    summary = "Jobs, newest first; ?customer=&limit=",
    params(JobsQuery),
    responses((status = 200, description = "The jobs", body = Vec<Job>))
)]
pub async fn list(
    _: Admin,
    State(state): State<AppState>,
    Query(query): Query<JobsQuery>,
) -> Result<Json<Vec<Job>>, AppError> {
    let customer = query
        .customer
        .as_deref()
        .map(|c| super::param("customer", c, CustomerSlug::parse))
        .transpose()?;
    let limit = query.limit.unwrap_or(50);
    Ok(Json(
        jobs::list(&state.store, customer.as_ref(), limit).await?,
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/jobs/{id}",
    tag = "jobs",
    summary = "A job's state and progress",
    params(("id" = String, Path, description = "The job id")),
    responses((status = 200, description = "The job", body = Job))
)]
pub async fn show(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Job>, AppError> {
    Ok(Json(jobs::get(&state.store, &id).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/jobs/{id}/cancel",
    tag = "jobs",
    summary = "Cancel a queued job now, a running one at its next step",
    params(("id" = String, Path, description = "The job id")),
    responses((status = 200, description = "The job, cancelled or marked to cancel", body = Job))
)]
pub async fn cancel(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Job>, AppError> {
    Ok(Json(jobs::cancel(&state.store, &id).await?))
}

/// `progress` events (the job as JSON) whenever it changes, then `end` with its final state.
#[utoipa::path(
    get,
    path = "/api/v1/jobs/{id}/events",
    tag = "jobs",
    summary = "Server-Sent Events: `progress` on each change, then `end`",
    params(("id" = String, Path, description = "The job id")),
    responses((status = 200, description = "An event stream whose events carry the job as JSON", content_type = "text/event-stream", body = Job))
)]
pub async fn events(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    let first = jobs::get(&state.store, &id).await?;
    let stream = futures::stream::unfold(
        (state.store.clone(), id, None::<Job>, Some(first), false),
        |(store, id, last, next, ended)| async move {
            if ended {
                return None;
            }
            let mut job = next;
            loop {
                let current = match job.take() {
                    Some(job) => job,
                    None => {
                        tokio::time::sleep(Duration::from_millis(200)).await;
                        match store.get_job(&id).await {
                            Ok(job) => job,
                            Err(_) => return None,
                        }
                    }
                };
                if last.as_ref() == Some(&current) {
                    continue;
                }
                let name = if current.state.is_final() {
                    "end"
                } else {
                    "progress"
                };
                let event = Event::default()
                    .event(name)
                    .json_data(&current)
                    .unwrap_or_default();
                let ended = current.state.is_final();
                return Some((Ok(event), (store, id, Some(current), None, ended)));
            }
        },
    );
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}
