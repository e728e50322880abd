//! Host apps (embedding mode b): register a partner backend's public key and the customers it
//! serves, and trade a JWT it signed for an embed session. The page may trade it cross-origin.

use super::embed::{SessionResponse, check_origin, open_session};
use super::json::Valid;
use super::stored::or_log;
use super::{Admin, param};
use crate::api::{ApiError, ErrorCode};
use crate::domain::{CustomerSlug, ModuleKey};
use crate::server::host_jwt::{self, HostApp, HostKey};
use crate::server::{AppError, AppState};
use crate::store::{HostAppRecord, StoreError};
use axum::Json;
use axum::extract::{Path, State};
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
    /// The customers this app may open sessions for (required: no app serves everyone).
    customers: Vec<CustomerSlug>,
}

/// `PUT /api/v1/host-apps/{id}/customers` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostAppCustomers {
    customers: Vec<CustomerSlug>,
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

/// Refuses an empty list and customers the hub does not know, naming the entry at fault.
async fn check_customers(state: &AppState, customers: &[CustomerSlug]) -> Result<(), ApiError> {
    if customers.is_empty() {
        return Err(ApiError::invalid(
            "customers",
            "list at least one customer this host app serves",
        ));
    }
    for (i, customer) in customers.iter().enumerate() {
        match state.store.get_customer(customer).await {
            Ok(_) => {}
            Err(StoreError::NotFound(_)) => {
                return Err(ApiError::invalid(
                    &format!("customers[{i}]"),
                    format!("unknown customer {customer}"),
                ));
            }
            Err(e) => return Err(ApiError::from(e)),
        }
    }
    Ok(())
}

/// `POST /api/v1/host-apps`: registers a host app's issuer, audience, algorithm, key and
/// the customers it serves.
pub async fn create(
    Admin(caller): Admin,
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
    check_customers(&state, &req.customers).await?;
    let record = HostAppRecord {
        id: req.id,
        issuer: req.issuer,
        audience: req.audience,
        algorithm: req.algorithm,
        public_key_pem: req.public_key_pem,
        customers: req.customers,
        created_at: 0,
    };
    let saved = state
        .store
        .insert_host_app(&record, &caller.label())
        .await
        .map_err(|e| match e {
            StoreError::Conflict(what) => {
                ApiError::new(ErrorCode::Conflict, format!("{what} already exists"))
            }
            other => ApiError::from(other),
        })?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// `PUT /api/v1/host-apps/{id}/customers` `{customers}`: replaces the customers the app
/// may serve (e.g. after onboarding one).
pub async fn set_customers(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Valid(req): Valid<HostAppCustomers>,
) -> Result<Json<HostAppRecord>, AppError> {
    let id = param("id", &id, ModuleKey::parse)?;
    check_customers(&state, &req.customers).await?;
    Ok(Json(
        state
            .store
            .set_host_app_customers(id.as_str(), &req.customers)
            .await
            .map_err(ApiError::from)?,
    ))
}

/// `GET /api/v1/host-apps`.
pub async fn list(
    _: Admin,
    State(state): State<AppState>,
) -> Result<Json<Vec<HostAppRecord>>, AppError> {
    Ok(Json(
        state.store.list_host_apps().await.map_err(ApiError::from)?,
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
    let records = state.store.list_host_apps().await.map_err(ApiError::from)?;
    let apps: Vec<HostApp> = records
        .iter()
        .filter_map(|r| {
            let key = or_log(
                HostKey::parse(&r.algorithm, &r.public_key_pem),
                "host app key",
                &r.id,
            )?;
            Some(HostApp {
                id: r.id.clone(),
                issuer: r.issuer.clone(),
                audience: r.audience.clone(),
                key,
            })
        })
        .collect();
    let refused = |e: host_jwt::HostJwtError| ApiError::new(ErrorCode::Unauthorized, e.to_string());
    let verified = host_jwt::verify(&apps, &req.jwt, chrono::Utc::now()).map_err(refused)?;
    serves(&records, &verified.app_id, &verified.customer)?;
    check_origin(&state, &headers, &verified.customer).await?;
    let first_use = state
        .store
        .consume_host_jti(
            &verified.app_id,
            &verified.jti,
            verified.remember_until.timestamp_millis(),
        )
        .await
        .map_err(ApiError::from)?;
    if !first_use {
        return Err(refused(host_jwt::HostJwtError::Replayed).into());
    }
    Ok((
        StatusCode::CREATED,
        Json(open_session(&state, &verified.customer, &verified.user).await?),
    ))
}

/// Refuses a verified JWT whose `customer` is not one its host app was registered for: a
/// partner's key opens its own customers' sessions only.
fn serves(apps: &[HostAppRecord], app_id: &str, customer: &CustomerSlug) -> Result<(), ApiError> {
    let app = apps
        .iter()
        .find(|a| a.id == app_id)
        .ok_or_else(|| ApiError::new(ErrorCode::Unauthorized, "host JWT issuer is unknown"))?;
    if app.customers.contains(customer) {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::Forbidden,
            format!(
                "host app {} may not open sessions for customer {customer}",
                app.id
            ),
        ))
    }
}
