//! `/api/v1/tokens`: list, create, rotate and revoke API tokens (admin only); the work is done
//! by `ops::tokens`, which the console and the CLI call too.

use super::json::Valid;
use super::{Admin, param};
use crate::domain::ApiTokenId;
use crate::ops::tokens;
use crate::server::{AppError, AppState};
use crate::store::now_millis;
use crate::wire::{IssuedToken, NewTokenRequest, TokenView};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;

/// `GET /api/v1/tokens`: every token, newest first (never a secret).
pub async fn list(
    _: Admin,
    State(state): State<AppState>,
) -> Result<Json<Vec<TokenView>>, AppError> {
    Ok(Json(tokens::list(&state.store, now_millis()).await?))
}

/// `POST /api/v1/tokens`: creates a token and answers its secret, this once.
pub async fn create(
    Admin(caller): Admin,
    State(state): State<AppState>,
    Valid(req): Valid<NewTokenRequest>,
) -> Result<(StatusCode, Json<IssuedToken>), AppError> {
    let token = tokens::create(&state.store, &req, &caller.label(), now_millis()).await?;
    Ok((StatusCode::CREATED, Json(token)))
}

/// `POST /api/v1/tokens/{id}/rotate`: a new secret for the same token; the old one stops
/// working now.
pub async fn rotate(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<IssuedToken>, AppError> {
    let id = param("id", &id, ApiTokenId::parse)?;
    Ok(Json(tokens::rotate(&state.store, &id, now_millis()).await?))
}

/// `DELETE /api/v1/tokens/{id}`: revokes the token (it stays listed, as revoked).
pub async fn revoke(
    Admin(caller): Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    let id = param("id", &id, ApiTokenId::parse)?;
    tokens::revoke(&state.store, &id, &caller.label(), now_millis()).await?;
    Ok(StatusCode::NO_CONTENT)
}
