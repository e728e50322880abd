//! Admin console server functions beyond customers: the module catalogue for the onboarding
//! form, and a preview embed token so an admin can open a customer's sheets as its users do.

use crate::wire::{ApiError, ModuleChoice};
use leptos::server;
use leptos::server_fn::codec::Json;

/// The module catalogue.
#[server(endpoint = "admin/modules")]
pub async fn list_module_choices() -> Result<Vec<ModuleChoice>, ApiError> {
    let state = super::admin_state().await?;
    let modules = state.store.list_modules().await?;
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
/// the console's preview (same-origin, so no host origin is involved). The same checks and
/// lifetime as every embed session: a retired customer has none.
#[server(endpoint = "admin/preview-token", input = Json)]
pub async fn preview_token(slug: String) -> Result<String, ApiError> {
    use crate::domain::CustomerSlug;
    let (state, admin) = super::signed_in_admin().await?;
    let slug = crate::ops::error::param("slug", &slug, CustomerSlug::parse)?;
    Ok(
        crate::ops::embed::preview(&state.store, state.token_life(), &admin, &slug)
            .await?
            .token,
    )
}
