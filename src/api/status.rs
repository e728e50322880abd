//! `check_status`: whether the hub is up, for anyone; what it is connected to (version,
//! database, Qlik target, counts) only for a signed-in admin.

use crate::wire::{ApiError, HubStatus};
use leptos::server;

/// Reports that the hub is up; with an admin session, also its version, database backend,
/// Qlik target and counts.
#[server(endpoint = "status")]
pub async fn check_status() -> Result<HubStatus, ApiError> {
    use crate::server::{AppState, admin_auth, context};
    let state = AppState::from_context()?;
    let counts = state.store.counts().await?;
    let admin = admin_auth::current_admin(&state, &context::request_headers()).await;
    let details = match admin {
        Ok(_) => Some(crate::wire::HubDetails {
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
