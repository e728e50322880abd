//! `/api/v1/tokens`: list, create, rotate and revoke API tokens (admin only); the work is done
//! by `ops::tokens`, which the console and the CLI call too.

use super::Admin;
use super::json::Valid;
use super::path::TokenPath;
use crate::ops::tokens;
use crate::server::AppError;
use crate::store::now_millis;
use crate::wire::{IssuedToken, NewTokenRequest, TokenView};
use axum::Json;
use axum::http::StatusCode;

/// API tokens, newest first: id, name, scope, status, created, expires, last used (never a secret)
#[utoipa::path(
    get,
    path = "/api/v1/tokens",
    responses((status = 200, description = "The tokens", body = Vec<TokenView>))
)]
pub async fn list(Admin { state, .. }: Admin) -> Result<Json<Vec<TokenView>>, AppError> {
    Ok(Json(tokens::list(&state.store, now_millis()).await?))
}

/// Create an API token ({name, scope: {kind: admin} | {kind: embed, customers: [..]}, expires_in_days?}); its secret is answered this once
#[utoipa::path(
    post,
    path = "/api/v1/tokens",
    request_body = NewTokenRequest,
    responses((status = 201, description = "Created, with its secret", body = IssuedToken))
)]
pub async fn create(
    Admin { caller, state }: Admin,
    Valid(req): Valid<NewTokenRequest>,
) -> Result<(StatusCode, Json<IssuedToken>), AppError> {
    let token = tokens::create(&state.store, &req, &caller.label(), now_millis()).await?;
    Ok((StatusCode::CREATED, Json(token)))
}

/// A new secret for the token (answered once); the old secret stops working at once
#[utoipa::path(
    post,
    path = "/api/v1/tokens/{id}/rotate",
    params(TokenPath),
    responses((status = 200, description = "Rotated, with the new secret", body = IssuedToken))
)]
pub async fn rotate(
    Admin { state, .. }: Admin,
    TokenPath(id): TokenPath,
) -> Result<Json<IssuedToken>, AppError> {
    Ok(Json(tokens::rotate(&state.store, &id, now_millis()).await?))
}

/// Revoke the token: every replica refuses it from the next request on
#[utoipa::path(
    delete,
    path = "/api/v1/tokens/{id}",
    params(TokenPath),
    responses((status = 204, description = "Revoked"))
)]
pub async fn revoke(
    Admin { caller, state }: Admin,
    TokenPath(id): TokenPath,
) -> Result<StatusCode, AppError> {
    tokens::revoke(&state.store, &id, &caller.label(), now_millis()).await?;
    Ok(StatusCode::NO_CONTENT)
}
