//! `check_status`: whether the hub is up, for anyone; what it is connected to (version,
//! database, Qlik target, counts) only for a signed-in admin.

use super::ApiError;
use leptos::server;
use serde::{Deserialize, Serialize};

/// What the status call tells its caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubStatus {
    /// The hub answers and its config database is reachable.
    pub ok: bool,
    /// The rest, for a signed-in admin only (an anonymous caller learns nothing to target).
    pub details: Option<HubDetails>,
}

/// A summary of the running hub, for admins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubDetails {
    /// oem-hub's version.
    pub version: String,
    /// `sqlite` or `postgres`.
    pub database: String,
    /// The Qlik Cloud domain the hub provisions into (`qlikcloud.com`, or `localhost` for the
    /// emulator).
    pub qlik_domain: String,
    /// True when the Qlik side is oem-hub's own emulator.
    pub emulated: bool,
    /// Customers in the config database.
    pub customers: u64,
    /// Modules (template apps) in the config database.
    pub modules: u64,
}

/// Reports that the hub is up; with an admin session, also its version, database backend,
/// Qlik target and counts.
#[server(endpoint = "status")]
pub async fn check_status() -> Result<HubStatus, ApiError> {
    use crate::server::{AppState, admin_auth, context};
    let state = AppState::from_context()?;
    let counts = state.store.counts().await.map_err(ApiError::from)?;
    let admin = admin_auth::current_admin(&state, &context::request_headers()).await;
    let details = match admin {
        Ok(_) => Some(HubDetails {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            database: state.store.backend().to_string(),
            qlik_domain: state.settings.qlik.domain.clone(),
            emulated: state.settings.qlik.emulated(),
            customers: counts.customers,
            modules: counts.modules,
        }),
        // Not signed in (or from another origin): only `ok`.
        Err(e) if e.code.http_status() < 500 => None,
        Err(e) => return Err(e),
    };
    Ok(HubStatus { ok: true, details })
}
