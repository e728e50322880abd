//! Qlik's webhook deliveries: each customer's tenant posts its reload events here, signed with
//! that customer's webhook secret; the signature, not a hub credential, is what is believed.

use crate::ops::reloads;
use crate::provision::events::{ReloadEvent, SIGNATURE_HEADER};
use crate::server::{AppError, AppState};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};

/// Qlik's reload events for a customer's tenant, signed with its webhook secret (401 unsigned or forged, 403 another tenant's, 409 replayed or stale)
#[utoipa::path(
    post,
    path = "/api/v1/qlik-events/{customer}",
    params(
        ("customer" = String, Path, description = "The customer whose tenant's webhook posts here"),
        ("qlik-signature" = String, Header, description = "Hex HMAC-SHA256 of the body under the webhook's secret"),
    ),
    request_body = ReloadEvent,
    responses(
        (status = 204, description = "Believed; recorded in the background"),
        (status = 409, description = "Replayed or stale", body = crate::wire::ApiError),
    )
)]
pub async fn receive(
    State(state): State<AppState>,
    Path(customer): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, AppError> {
    let signature = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    let now = state.clock.now_millis();
    reloads::receive_event(state.engine()?, &customer, &body, signature, now).await?;
    Ok(StatusCode::NO_CONTENT)
}
