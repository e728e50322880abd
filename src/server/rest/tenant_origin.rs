//! The origin of a customer's tenant as the browser reaches it (the configured Qlik endpoint's
//! scheme and port), for the menu's sheet URLs and the embed answers.

use crate::api::ApiError;
use crate::domain::{Origin, TenantHostname};
use crate::server::AppState;
use crate::server::provisioning;

/// The tenant's origin, when the customer has a tenant (`host`).
pub fn tenant_origin(
    state: &AppState,
    host: Option<&TenantHostname>,
) -> Result<Option<Origin>, ApiError> {
    let Some(host) = host else { return Ok(None) };
    let endpoint = provisioning::endpoint(&state.settings);
    Origin::parse(&endpoint.base_url(host.as_str()))
        .map(Some)
        .map_err(|e| {
            tracing::error!(error = %e, %host, "tenant host is not an origin");
            ApiError::internal()
        })
}

/// The tenant's origin as text, for the browser.
pub fn tenant_url(state: &AppState, host: &TenantHostname) -> Result<String, ApiError> {
    Ok(tenant_origin(state, Some(host))?
        .map(|o| o.as_str().to_owned())
        .unwrap_or_default())
}
