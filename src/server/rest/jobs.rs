//! Jobs: status, list, cancel, and a Server-Sent Events stream of progress until the job ends.

use super::path::JobPath;
use super::{Admin, ListQuery};
use crate::ops::jobs;
use crate::server::AppError;
use crate::store::Job;
use axum::Json;
use axum::extract::Query;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;
use std::convert::Infallible;
use std::time::Duration;

/// Jobs, newest first; ?customer=&limit=
#[utoipa::path(
    get,
    path = "/api/v1/jobs",
    params(ListQuery),
    responses((status = 200, description = "The jobs", body = Vec<Job>))
)]
pub async fn list(
    Admin { state, .. }: Admin,
    Query(query): Query<ListQuery>,
) -> Result<Json<Vec<Job>>, AppError> {
    let customer = query.customer()?;
    let limit = query.limit(50);
    Ok(Json(
        jobs::list(&state.store, customer.as_ref(), limit).await?,
    ))
}

/// A job's state and progress
#[utoipa::path(
    get,
    path = "/api/v1/jobs/{id}",
    params(JobPath),
    responses((status = 200, description = "The job", body = Job))
)]
pub async fn show(Admin { state, .. }: Admin, JobPath(id): JobPath) -> Result<Json<Job>, AppError> {
    Ok(Json(jobs::get(&state.store, &id).await?))
}

/// Cancel a queued job now, a running one at its next step
#[utoipa::path(
    post,
    path = "/api/v1/jobs/{id}/cancel",
    params(JobPath),
    responses((status = 200, description = "The job, cancelled or marked to cancel", body = Job))
)]
pub async fn cancel(
    Admin { state, .. }: Admin,
    JobPath(id): JobPath,
) -> Result<Json<Job>, AppError> {
    Ok(Json(jobs::cancel(&state.store, &id).await?))
}

/// Server-Sent Events: `progress` on each change, then `end`
#[utoipa::path(
    get,
    path = "/api/v1/jobs/{id}/events",
    params(JobPath),
    responses((status = 200, description = "An event stream whose events carry the job as JSON", content_type = "text/event-stream", body = Job))
)]
pub async fn events(
    Admin { state, .. }: Admin,
    JobPath(id): JobPath,
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
