//! API tokens for the admin console: list, create (the secret is answered once), rotate and
//! revoke. The same operations serve the REST API (`/api/v1/tokens`) and the CLI.

use crate::wire::{ApiError, IssuedToken, NewTokenRequest, TokenView};
use leptos::server;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
async fn admin() -> Result<(crate::store::Store, String), ApiError> {
    let (state, username) = super::signed_in_admin().await?;
    Ok((state.store, format!("admin:{username}")))
}

#[cfg(feature = "ssr")]
fn token_id(raw: &str) -> Result<crate::domain::ApiTokenId, ApiError> {
    crate::ops::error::param("id", raw, crate::domain::ApiTokenId::parse)
}

/// Every token, newest first.
#[server(endpoint = "admin/tokens/list", input = Json)]
pub async fn list_api_tokens() -> Result<Vec<TokenView>, ApiError> {
    let (store, _) = admin().await?;
    crate::ops::tokens::list(&store, crate::store::now_millis()).await
}

/// Creates a token; the answer holds its secret, shown this once.
#[server(endpoint = "admin/tokens/create", input = Json)]
pub async fn create_api_token(request: NewTokenRequest) -> Result<IssuedToken, ApiError> {
    let (store, by) = admin().await?;
    crate::ops::tokens::create(&store, &request, &by, crate::store::now_millis()).await
}

/// Gives a token a new secret (answered once); the old secret stops working at once.
#[server(endpoint = "admin/tokens/rotate", input = Json)]
pub async fn rotate_api_token(id: String) -> Result<IssuedToken, ApiError> {
    let (store, _) = admin().await?;
    crate::ops::tokens::rotate(&store, &token_id(&id)?, crate::store::now_millis()).await
}

/// Revokes a token; every replica refuses it from the next request on.
#[server(endpoint = "admin/tokens/revoke", input = Json)]
pub async fn revoke_api_token(id: String) -> Result<TokenView, ApiError> {
    let (store, by) = admin().await?;
    crate::ops::tokens::revoke(&store, &token_id(&id)?, &by, crate::store::now_millis()).await
}
