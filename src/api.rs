//! Server functions and the DTOs they exchange: the only door between the UI and the server.
//! Bodies run on the server (feature `ssr`); the browser build gets generated HTTP clients.

mod admin;
mod console;
mod hybrid;
mod provisioning;
mod status;
mod tokens;

pub use crate::wire::*;

/// The state for a signed-in admin with their username (every admin server function starts
/// here; a missing or expired session is a 401).
#[cfg(feature = "ssr")]
async fn signed_in_admin() -> Result<(crate::server::AppState, String), ApiError> {
    use crate::server::{AppState, admin_auth, context};
    let state = AppState::from_context()?;
    let admin = admin_auth::current_admin(&state, &context::request_headers()).await?;
    Ok((state, admin))
}

/// [`signed_in_admin`] without the name.
#[cfg(feature = "ssr")]
async fn admin_state() -> Result<crate::server::AppState, ApiError> {
    Ok(signed_in_admin().await?.0)
}
pub use admin::{admin_login, admin_logout, admin_me, check_customer_slug, list_customers};
pub use console::{list_module_choices, preview_token};
pub use hybrid::{hybrid_adopt, hybrid_expose, hybrid_setup, hybrid_token, load_hybrid};
pub use provisioning::{apply_customer, create_customer, job_status, plan_customer};
pub use status::check_status;
pub use tokens::{create_api_token, list_api_tokens, revoke_api_token, rotate_api_token};
