//! Admin console server functions: sign in/out, who am I, customers, slug checks.
//! Every call but `admin_login` requires the admin session cookie from the same origin.

use super::ApiError;
use leptos::server;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// The signed-in admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminIdentity {
    pub username: String,
}

/// A customer row of the admin console.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerSummary {
    pub slug: String,
    pub display_name: String,
    pub region: String,
    pub modules: Vec<String>,
    /// The tenant's hostname once created.
    pub tenant_host: Option<String>,
    /// `module vN` for each deployed module.
    pub versions: Vec<String>,
    /// The latest job as `kind state`.
    pub last_job: Option<String>,
    pub retired: bool,
    /// `direct`, `proxy` or `auto`.
    pub embedding: String,
    /// Users whose browsers dropped the tenant's cookie, so the proxy took over (`auto`).
    pub proxy_fallbacks: i64,
}

/// Whether a slug can be used for a new customer, and why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlugCheck {
    pub slug: String,
    pub available: bool,
    pub problem: Option<String>,
}

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
            .await
            .map_err(ApiError::from)?;
    }
    context::set_cookie(&admin_auth::session_cookie(
        None,
        state.settings.secure_cookies,
    ))
}

/// The signed-in admin, or `None`.
#[server(endpoint = "admin/me")]
pub async fn admin_me() -> Result<Option<AdminIdentity>, ApiError> {
    use crate::api::ErrorCode;
    use crate::server::{AppState, admin_auth, context};
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
    use crate::server::{AppState, admin_auth, context};
    let state = AppState::from_context()?;
    admin_auth::current_admin(&state, &context::request_headers()).await?;
    let customers = state.store.list_customers().await.map_err(ApiError::from)?;
    let mut rows = Vec::with_capacity(customers.len());
    for c in customers {
        let observed = state
            .store
            .get_state(c.slug())
            .await
            .map_err(ApiError::from)?
            .observed;
        let last_job = state
            .store
            .list_jobs(Some(c.slug()), 1)
            .await
            .map_err(ApiError::from)?
            .into_iter()
            .next()
            .map(|j| {
                let state = serde_json::to_value(j.state).unwrap_or_default();
                format!("{} {}", j.kind, state.as_str().unwrap_or_default())
            });
        let proxy_fallbacks = state
            .store
            .fallback_users(c.slug())
            .await
            .map_err(ApiError::from)?;
        let mut modules: Vec<String> = c.spec.modules.iter().map(ToString::to_string).collect();
        modules.sort();
        rows.push(CustomerSummary {
            slug: c.spec.slug.to_string(),
            display_name: c.spec.display_name.to_string(),
            region: c.spec.region.to_string(),
            modules,
            tenant_host: observed.hostname.as_ref().map(ToString::to_string),
            versions: observed
                .deployments
                .iter()
                .filter_map(|(k, d)| d.version.map(|v| format!("{k} v{v}")))
                .collect(),
            last_job,
            retired: c.retired_at.is_some(),
            embedding: c.spec.embedding.as_str().to_owned(),
            proxy_fallbacks,
        });
    }
    Ok(rows)
}

/// Checks a slug for the onboarding form: valid, and not taken.
#[server(endpoint = "admin/check-slug", input = Json)]
pub async fn check_customer_slug(slug: String) -> Result<SlugCheck, ApiError> {
    use crate::domain::CustomerSlug;
    use crate::server::{AppState, admin_auth, context};
    use crate::store::StoreError;
    let state = AppState::from_context()?;
    admin_auth::current_admin(&state, &context::request_headers()).await?;
    let parsed = match CustomerSlug::parse(&slug) {
        Ok(parsed) => parsed,
        Err(problem) => {
            return Ok(SlugCheck {
                slug,
                available: false,
                problem: Some(problem.to_string()),
            });
        }
    };
    let available = match state.store.get_customer(&parsed).await {
        Ok(_) => false,
        Err(StoreError::NotFound(_)) => true,
        Err(e) => return Err(ApiError::from(e)),
    };
    let problem = (!available).then(|| format!("customer {parsed} already exists"));
    Ok(SlugCheck {
        slug,
        available,
        problem,
    })
}
