//! Answers that several routes give, each one type for both the response and its entry in the
//! document (`IntoResponses`), so the status, headers and body a route documents are the ones
//! it sends.
//!
//! `IntoResponses` types do not carry their bodies' schemas into the document's components:
//! a body named only here is listed in `openapi::Fixed`.

use crate::store::{Job, Rollout};
use crate::wire::{EmbedSession, HybridView};
use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// `202 Accepted`: `body` as JSON, and where to watch it in `Location`.
pub fn accepted(location: String, body: impl Serialize) -> Response {
    (
        StatusCode::ACCEPTED,
        [(header::LOCATION, location)],
        Json(body),
    )
        .into_response()
}

/// A queued job: 202 with the job and its location.
#[derive(Debug, utoipa::IntoResponses)]
#[response(
    status = 202,
    description = "Queued",
    headers(("Location" = String, description = "Where to watch it"))
)]
pub struct Queued(pub Job);

impl IntoResponse for Queued {
    fn into_response(self) -> Response {
        accepted(format!("/api/v1/jobs/{}", self.0.id), self.0)
    }
}

/// A rollout started, resumed or rolling back: 202 with the rollout and its location.
#[derive(Debug, utoipa::IntoResponses)]
#[response(
    status = 202,
    description = "The rollout, under way",
    headers(("Location" = String, description = "Where to watch it"))
)]
pub struct UnderWay(pub Rollout);

impl IntoResponse for UnderWay {
    fn into_response(self) -> Response {
        accepted(format!("/api/v1/rollouts/{}", self.0.id), self.0)
    }
}

/// A new embed session: 201 with it.
#[derive(Debug, utoipa::IntoResponses)]
#[response(status = 201, description = "Opened")]
pub struct Opened(pub EmbedSession);

impl IntoResponse for Opened {
    fn into_response(self) -> Response {
        (StatusCode::CREATED, Json(self.0)).into_response()
    }
}

/// What every hybrid route answers: the customer's deployment as it is now.
#[derive(Debug, utoipa::IntoResponses)]
#[response(status = 200, description = "The deployment")]
pub struct Deployment(pub HybridView);

impl IntoResponse for Deployment {
    fn into_response(self) -> Response {
        Json(self.0).into_response()
    }
}
