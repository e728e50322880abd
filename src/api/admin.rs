//! Admin console server functions: sign in/out, who am I, customers, slug checks.
//! Every call but `admin_login` requires the admin session cookie from the same origin.

use crate::wire::{AdminIdentity, ApiError, CustomerSummary, SlugCheck};
use leptos::server;
use leptos::server_fn::codec::Json;

/// Signs in with username and password; sets the session cookie. Failures are throttled per
/// account and per client address (429 with `retry-after` while refused).
#[server(endpoint = "admin/login")]
pub async fn admin_login(username: String, password: String) -> Result<AdminIdentity, ApiError> {
    use crate::server::{AppState, admin_auth, context};
    let state = AppState::from_context()?;
    admin_auth::require_same_origin(&state, &context::request_headers())?;
    let client = admin_auth::current_client(&state.settings.trusted_proxies);
    let token = match admin_auth::sign_in(&state, &username, &password, &client).await {
        Ok(token) => token,
        Err(admin_auth::SignInError::Throttled { retry_after }) => {
            let secs = admin_auth::retry_after_secs(retry_after);
            context::set_header("retry-after", &secs.to_string())?;
            return Err(admin_auth::SignInError::Throttled { retry_after }.into());
        }
        Err(e) => return Err(e.into()),
    };
    context::set_cookie(&admin_auth::session_cookie(
        Some(&token),
        state.settings.secure_cookies,
    ))?;
    Ok(AdminIdentity { username })
}

/// Signs out: ends the session and clears the cookie.
#[server(endpoint = "admin/logout")]
pub async fn admin_logout() -> Result<(), ApiError> {
    use crate::server::{AppState, admin_auth, context};
    let state = AppState::from_context()?;
    let headers = context::request_headers();
    admin_auth::require_same_origin(&state, &headers)?;
    if let Some(token) = admin_auth::cookie_value(&headers, admin_auth::SESSION_COOKIE) {
        state
            .store
            .delete_session(&admin_auth::token_hash(token))
            .await?;
    }
    context::set_cookie(&admin_auth::session_cookie(
        None,
        state.settings.secure_cookies,
    ))
}

/// The signed-in admin, or `None`.
#[server(endpoint = "admin/me")]
pub async fn admin_me() -> Result<Option<AdminIdentity>, ApiError> {
    use crate::server::{AppState, admin_auth, context};
    use crate::wire::ErrorCode;
    let state = AppState::from_context()?;
    match admin_auth::current_admin(&state, &context::request_headers()).await {
        Ok(username) => Ok(Some(AdminIdentity { username })),
        Err(e) if e.code == ErrorCode::Unauthorized => Ok(None),
        Err(e) => Err(e),
    }
}

/// All customers, for the console's list.
#[server(endpoint = "admin/customers")]
pub async fn list_customers() -> Result<Vec<CustomerSummary>, ApiError> {
    let state = super::admin_state().await?;
    crate::ops::customers::summaries(&state.store).await
}

/// Checks a slug for the onboarding form: valid, and not taken.
#[server(endpoint = "admin/check-slug", input = Json)]
pub async fn check_customer_slug(slug: String) -> Result<SlugCheck, ApiError> {
    let state = super::admin_state().await?;
    crate::ops::customers::check_slug(&state.store, &slug).await
}
