//! Host apps (embedding mode b): register a partner backend's public key, and trade a JWT it
//! signed for an embed session. The page may do the trade itself, cross-origin.

use super::Caller;
use super::embed::{SessionResponse, check_origin, open_session};
use super::json::Valid;
use crate::api::{ApiError, ErrorCode};
use crate::domain::ModuleKey;
use crate::server::host_jwt::{self, HostApp, HostKey};
use crate::server::{AppError, AppState};
use crate::store::{HostAppRecord, StoreError};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewHostApp {
    id: String,
    issuer: String,
    #[serde(default = "default_audience")]
    audience: String,
    algorithm: String,
    public_key_pem: String,
}

fn default_audience() -> String {
    "oem-hub".to_owned()
}

fn printable(field: &str, value: &str) -> Result<(), ApiError> {
    if value.trim().is_empty() || value.len() > 256 || value.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            field,
            "must be 1–256 printable characters",
        ));
    }
    Ok(())
}

/// `POST /api/v1/host-apps`: registers a host app's issuer, audience, algorithm and key.
pub async fn create(
    caller: Caller,
    State(state): State<AppState>,
    Valid(req): Valid<NewHostApp>,
) -> Result<(StatusCode, Json<HostAppRecord>), AppError> {
    ModuleKey::parse(&req.id).map_err(|e| ApiError::invalid("id", e))?;
    printable("issuer", &req.issuer)?;
    printable("audience", &req.audience)?;
    HostKey::parse(&req.algorithm, &req.public_key_pem).map_err(|e| {
        let field = if e.contains("not supported") {
            "algorithm"
        } else {
            "public_key_pem"
        };
        ApiError::invalid(field, e)
    })?;
    let record = HostAppRecord {
        id: req.id,
        issuer: req.issuer,
        audience: req.audience,
        algorithm: req.algorithm,
        public_key_pem: req.public_key_pem,
        created_at: 0,
    };
    let saved = state
        .store
        .insert_host_app(&record, &caller.0)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(what) => {
                ApiError::new(ErrorCode::Conflict, format!("{what} already exists"))
            }
            other => other.log_and_hide(),
        })?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// `GET /api/v1/host-apps`.
pub async fn list(
    _: Caller,
    State(state): State<AppState>,
) -> Result<Json<Vec<HostAppRecord>>, AppError> {
    Ok(Json(
        state
            .store
            .list_host_apps()
            .await
            .map_err(StoreError::log_and_hide)?,
    ))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exchange {
    jwt: String,
}

/// `POST /api/v1/embed/host-sessions` `{jwt}`: an embed session for the user a registered
/// host app vouches for in its signed JWT.
pub async fn exchange(
    State(state): State<AppState>,
    headers: HeaderMap,
    Valid(req): Valid<Exchange>,
) -> Result<(StatusCode, Json<SessionResponse>), AppError> {
    let records = state
        .store
        .list_host_apps()
        .await
        .map_err(StoreError::log_and_hide)?;
    let apps: Vec<HostApp> = records
        .into_iter()
        .filter_map(|r| {
            let key = HostKey::parse(&r.algorithm, &r.public_key_pem).ok()?;
            Some(HostApp {
                id: r.id,
                issuer: r.issuer,
                audience: r.audience,
                key,
            })
        })
        .collect();
    let refused = |e: host_jwt::HostJwtError| ApiError::new(ErrorCode::Unauthorized, e.to_string());
    let verified = host_jwt::verify(&apps, &req.jwt, chrono::Utc::now()).map_err(refused)?;
    check_origin(&state, &headers, &verified.customer).await?;
    let first_use = state
        .store
        .consume_host_jti(
            &verified.app_id,
            &verified.jti,
            verified.remember_until.timestamp_millis(),
        )
        .await
        .map_err(StoreError::log_and_hide)?;
    if !first_use {
        return Err(refused(host_jwt::HostJwtError::Replayed).into());
    }
    Ok((
        StatusCode::CREATED,
        Json(open_session(&state, &verified.customer, &verified.user).await?),
    ))
}
