//! Admin console server functions beyond customers: the module catalogue for the onboarding
//! form, and a preview embed token so an admin can open a customer's sheets as its users do.

use super::ApiError;
use leptos::server;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// A module an admin can enable for a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleChoice {
    pub key: String,
    pub name: String,
    pub version: i64,
}

/// The module catalogue.
#[server(endpoint = "admin/modules")]
pub async fn list_module_choices() -> Result<Vec<ModuleChoice>, ApiError> {
    use crate::server::{AppState, admin_auth, context};
    let state = AppState::from_context()?;
    admin_auth::current_admin(&state, &context::request_headers()).await?;
    let modules = state.store.list_modules().await.map_err(ApiError::from)?;
    Ok(modules
        .into_iter()
        .map(|m| ModuleChoice {
            key: m.key.to_string(),
            name: m.name,
            version: m.version,
        })
        .collect())
}

/// An embed token for the signed-in admin as a user of `slug` in all its mapped groups, for
/// the console's preview (same-origin, so no host origin is involved).
#[server(endpoint = "admin/preview-token", input = Json)]
pub async fn preview_token(slug: String) -> Result<String, ApiError> {
    use crate::domain::{CustomerSlug, EmbedUser, Principal};
    use crate::server::{AppState, admin_auth, context};
    use crate::store::StoreError;
    let state = AppState::from_context()?;
    let admin = admin_auth::current_admin(&state, &context::request_headers()).await?;
    let slug = CustomerSlug::parse(&slug).map_err(|e| ApiError::invalid("slug", e))?;
    let customer = match state.store.get_customer(&slug).await {
        Err(StoreError::NotFound(_)) => {
            return Err(ApiError::invalid("slug", "unknown customer"));
        }
        other => other.map_err(ApiError::from)?,
    };
    let user = EmbedUser {
        id: admin.clone(),
        name: format!("{admin} (admin preview)"),
        // Qlik's JWT IdP requires an email claim; `.invalid` never routes anywhere.
        email: Some(format!("{admin}@preview.oem-hub.invalid")),
        groups: customer.spec.group_roles.keys().cloned().collect(),
        principal: Principal::AdminPreview,
    };
    let (token, _) = state
        .store
        .create_embed_session(&slug, &user, 15 * 60 * 1000)
        .await
        .map_err(ApiError::from)?;
    Ok(token)
}
