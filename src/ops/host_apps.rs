//! Host apps (embedding mode b): register a partner backend's public key and the customers it
//! serves, and trade a JWT it signed for an embed session of one of those customers.

use super::embed::{TokenLife, check_origin, open_session};
use super::host_jwt::{self, HostApp, HostKey};
use super::stored::or_log;
use crate::domain::{CustomerSlug, ModuleKey};
use crate::store::{HostAppRecord, Store, StoreError};
use crate::wire::{ApiError, EmbedSession, ErrorCode};
use serde::Deserialize;

/// A host app to register.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewHostApp {
    pub id: String,
    pub issuer: String,
    #[serde(default = "default_audience")]
    pub audience: String,
    pub algorithm: String,
    pub public_key_pem: String,
    /// The customers this app may open sessions for (required: no app serves everyone).
    pub customers: Vec<CustomerSlug>,
}

fn default_audience() -> String {
    "oem-hub".to_owned()
}

/// Registers a host app after checking every field; `by` is the caller's audit label.
pub async fn create(store: &Store, req: NewHostApp, by: &str) -> Result<HostAppRecord, ApiError> {
    ModuleKey::parse(&req.id).map_err(|e| ApiError::invalid("id", e))?;
    printable("issuer", &req.issuer)?;
    printable("audience", &req.audience)?;
    HostKey::parse(&req.algorithm, &req.public_key_pem)
        .map_err(|e| ApiError::invalid(e.field(), e))?;
    check_customers(store, &req.customers).await?;
    let record = HostAppRecord {
        id: req.id,
        issuer: req.issuer,
        audience: req.audience,
        algorithm: req.algorithm,
        public_key_pem: req.public_key_pem,
        customers: req.customers,
        created_at: 0,
    };
    Ok(store.insert_host_app(&record, by).await?)
}

/// Replaces the customers host app `id` may serve (e.g. after onboarding one).
pub async fn set_customers(
    store: &Store,
    id: &ModuleKey,
    customers: &[CustomerSlug],
) -> Result<HostAppRecord, ApiError> {
    check_customers(store, customers).await?;
    Ok(store.set_host_app_customers(id.as_str(), customers).await?)
}

/// Every registered host app.
pub async fn list(store: &Store) -> Result<Vec<HostAppRecord>, ApiError> {
    Ok(store.list_host_apps().await?)
}

/// An embed session for the user a registered host app vouches for in its signed `jwt`,
/// asked from `origin` (cross-origin pages must be registered by the customer).
pub async fn exchange(
    store: &Store,
    jwt: &str,
    origin: Option<&str>,
    life: TokenLife,
) -> Result<EmbedSession, ApiError> {
    let now = chrono::DateTime::from_timestamp_millis(life.now_ms).unwrap_or_default();
    let records = store.list_host_apps().await?;
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
    let verified = host_jwt::verify(&apps, jwt, now).map_err(refused)?;
    serves(&records, &verified.app_id, &verified.customer)?;
    check_origin(store, &verified.customer, origin).await?;
    let first_use = store
        .consume_host_jti(
            &verified.app_id,
            &verified.jti,
            verified.remember_until.timestamp_millis(),
        )
        .await?;
    if !first_use {
        return Err(refused(host_jwt::HostJwtError::Replayed));
    }
    open_session(store, life, &verified.customer, &verified.user).await
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
async fn check_customers(store: &Store, customers: &[CustomerSlug]) -> Result<(), ApiError> {
    if customers.is_empty() {
        return Err(ApiError::invalid(
            "customers",
            "list at least one customer this host app serves",
        ));
    }
    for (i, customer) in customers.iter().enumerate() {
        match store.get_customer(customer).await {
            Ok(_) => {}
            Err(StoreError::NotFound(_)) => {
                return Err(ApiError::invalid(
                    &format!("customers[{i}]"),
                    format!("unknown customer {customer}"),
                ));
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
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
