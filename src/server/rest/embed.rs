//! Embedding sessions: the host SaaS backend (API token) vouches for a user of a customer and
//! gets a short-lived embed token; the page trades it for a Qlik JWT for that customer's
//! tenant only. The browser never names the customer or the user.

use super::Caller;
use super::json::Valid;
use super::tenant_origin::tenant_url;
use crate::api::{ApiError, ErrorCode, QlikLogin};
use crate::domain::{CustomerSlug, EmbedUser};
use crate::http::bearer_token;
use crate::server::{AppError, AppState, signer};
use crate::store::StoreError;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};

/// How long an embed token lives.
pub const EMBED_TTL_MS: i64 = 15 * 60 * 1000;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionRequest {
    customer: CustomerSlug,
    user: EmbedUser,
}

#[derive(Debug, Serialize)]
pub struct SessionResponse {
    token: String,
    expires_at: i64,
}

/// `POST /api/v1/embed/sessions` (an admin, or an embed token listing the customer): a
/// short-lived embed token for one user.
pub async fn create_session(
    caller: Caller,
    State(state): State<AppState>,
    Valid(req): Valid<SessionRequest>,
) -> Result<(StatusCode, Json<SessionResponse>), AppError> {
    caller.embed_for(&req.customer)?;
    Ok((
        StatusCode::CREATED,
        Json(open_session(&state, &req.customer, &req.user).await?),
    ))
}

/// Opens an embed session for `user` of an active `customer`.
pub async fn open_session(
    state: &AppState,
    customer: &CustomerSlug,
    user: &EmbedUser,
) -> Result<SessionResponse, ApiError> {
    let record = match state.store.get_customer(customer).await {
        Err(StoreError::NotFound(_)) => {
            return Err(ApiError::invalid("customer", "unknown customer"));
        }
        other => other.map_err(ApiError::from)?,
    };
    if record.retired_at.is_some() {
        return Err(ApiError::invalid("customer", "the customer is retired"));
    }
    let (token, expires_at) = state
        .store
        .create_embed_session(customer, user, EMBED_TTL_MS)
        .await
        .map_err(ApiError::from)?;
    Ok(SessionResponse { token, expires_at })
}

/// The customer and user of the request's embed token, or 401.
pub async fn session(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(CustomerSlug, EmbedUser), ApiError> {
    let unauthorized = || {
        ApiError::new(
            ErrorCode::Unauthorized,
            "missing, unknown or expired embed token",
        )
    };
    let token = bearer_token(headers).ok_or_else(unauthorized)?;
    let (customer, user, _) = state
        .store
        .embed_session(token)
        .await
        .map_err(ApiError::from)?
        .ok_or_else(unauthorized)?;
    check_origin(state, headers, &customer).await?;
    Ok((customer, user))
}

/// Refuses a cross-origin request from an origin `customer` did not register.
pub async fn check_origin(
    state: &AppState,
    headers: &HeaderMap,
    customer: &CustomerSlug,
) -> Result<(), ApiError> {
    let Some(origin) = crate::http::cross_origin(headers, state.settings.scheme()) else {
        return Ok(());
    };
    let record = state
        .store
        .get_customer(customer)
        .await
        .map_err(ApiError::from)?;
    if record.spec.origins.iter().any(|o| o.as_str() == origin) {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::Forbidden,
            format!("origin {origin} is not registered for this customer"),
        ))
    }
}

/// `POST /api/v1/embed/qlik-jwt` (embed token): a Qlik JWT for the session's user, valid only
/// on the session customer's tenant (its IdP trusts oem-hub's key).
pub async fn qlik_jwt(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<QlikLogin>, AppError> {
    let (customer, user) = session(&state, &headers).await?;
    let observed = state
        .store
        .get_state(&customer)
        .await
        .map_err(ApiError::from)?
        .observed;
    let (Some(host), Some(integration)) = (
        observed.hostname.clone(),
        observed.web_integration_id.clone(),
    ) else {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "the customer's tenant is not provisioned yet",
        )
        .into());
    };
    let (jwt, expires_at) =
        signer::qlik_jwt_for(state.signer.as_deref(), &customer, &user, &observed)?;
    state
        .store
        .record_issuance(&customer, &user.id, &host)
        .await
        .map_err(ApiError::from)?;
    Ok(Json(QlikLogin {
        jwt,
        tenant_url: tenant_url(&state, &host)?,
        tenant_host: host.to_string(),
        web_integration_id: integration.to_string(),
        expires_at,
    }))
}
