//! Hybrid distribution for the admin console: a customer's deployment on its client-managed
//! site, the values to enter there, the pasted token, and the apps adopted from it.

use crate::wire::{ApiError, HybridView};
use leptos::server;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::provisioning::engine;

#[cfg(feature = "ssr")]
fn slug(raw: &str) -> Result<crate::domain::CustomerSlug, ApiError> {
    crate::ops::error::param("customer", raw, crate::domain::CustomerSlug::parse)
}

/// The customer's deployment, or a not-found error when none is set up.
#[server(endpoint = "admin/hybrid/view", input = Json)]
pub async fn load_hybrid(customer: String) -> Result<HybridView, ApiError> {
    let engine = engine().await?;
    crate::ops::hybrid::view(&engine, &slug(&customer)?).await
}

/// Sets up (or renames) the customer's deployment and answers the values to enter.
#[server(endpoint = "admin/hybrid/setup", input = Json)]
pub async fn hybrid_setup(
    customer: String,
    site_host: String,
    deployment_name: String,
) -> Result<HybridView, ApiError> {
    let engine = engine().await?;
    crate::ops::hybrid::setup(&engine, &slug(&customer)?, &site_host, &deployment_name).await
}

/// Stores the pasted local bearer token (sealed) and puts it on the tenant's IdP.
#[server(endpoint = "admin/hybrid/token", input = Json)]
pub async fn hybrid_token(customer: String, token: String) -> Result<HybridView, ApiError> {
    let engine = engine().await?;
    let slug = slug(&customer)?;
    crate::ops::hybrid::set_token(&engine, &slug, &token).await?;
    crate::ops::hybrid::reconcile(&engine, &slug).await
}

/// Adopts the apps that arrived on the tenant.
#[server(endpoint = "admin/hybrid/adopt", input = Json)]
pub async fn hybrid_adopt(customer: String) -> Result<HybridView, ApiError> {
    let engine = engine().await?;
    crate::ops::hybrid::adopt(&engine, &slug(&customer)?).await
}

/// Shows or hides a sheet of an adopted app in the partner menu.
#[server(endpoint = "admin/hybrid/expose", input = Json)]
pub async fn hybrid_expose(
    customer: String,
    app_id: String,
    sheet_id: String,
    exposed: bool,
) -> Result<HybridView, ApiError> {
    let engine = engine().await?;
    crate::ops::hybrid::expose(&engine, &slug(&customer)?, &app_id, &sheet_id, exposed).await
}
