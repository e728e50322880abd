//! `check_status`: what this hub is connected to, for the landing page and health checks.

use super::ApiError;
use leptos::server;
use serde::{Deserialize, Serialize};

/// A summary of the running hub.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubStatus {
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

/// Reports the hub's version, database backend, Qlik target and counts.
#[server(endpoint = "status")]
pub async fn check_status() -> Result<HubStatus, ApiError> {
    let state = crate::server::AppState::from_context()?;
    let counts = state.store.counts().await.map_err(|e| e.log_and_hide())?;
    Ok(HubStatus {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        database: state.store.backend().to_string(),
        qlik_domain: state.settings.qlik.domain.clone(),
        emulated: state.settings.qlik.emulated(),
        customers: counts.customers,
        modules: counts.modules,
    })
}
