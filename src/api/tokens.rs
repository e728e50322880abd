//! API tokens for the admin console: list, create (the secret is answered once), rotate and
//! revoke. The same operations serve the REST API (`/api/v1/tokens`) and the CLI.

use super::ApiError;
use crate::domain::{ApiTokenId, TokenName, TokenScope, TokenStatus};
use leptos::server;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// A token to create: `{name, scope: {kind: admin} | {kind: embed, customers: [..]},
/// expires_in_days?}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewTokenRequest {
    pub name: TokenName,
    pub scope: TokenScope,
    /// 1–3650 days; absent: the token does not expire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in_days: Option<u32>,
}

/// A token as listed (never its secret). Times are Unix millis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenView {
    pub id: ApiTokenId,
    pub name: TokenName,
    pub scope: TokenScope,
    pub status: TokenStatus,
    pub created_by: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    /// Recorded at most once a minute per token.
    pub last_used_at: Option<i64>,
    pub rotated_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// A token with its secret: answered once, by create and rotate.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedToken {
    #[serde(flatten)]
    pub token: TokenView,
    /// `ohk_…`, sent as `Authorization: Bearer <secret>`; only its hash is kept.
    pub secret: String,
}

impl std::fmt::Debug for IssuedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedToken")
            .field("token", &self.token)
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// The store and the signed-in admin's label, for every token server function.
#[cfg(feature = "ssr")]
async fn admin() -> Result<(crate::store::Store, String), ApiError> {
    use crate::server::{AppState, admin_auth, context};
    let state = AppState::from_context()?;
    let username = admin_auth::current_admin(&state, &context::request_headers()).await?;
    Ok((state.store, format!("admin:{username}")))
}

#[cfg(feature = "ssr")]
fn token_id(raw: &str) -> Result<ApiTokenId, ApiError> {
    ApiTokenId::parse(raw).map_err(|e| ApiError::invalid("id", e))
}

/// Every token, newest first.
#[server(endpoint = "admin/tokens/list", input = Json)]
pub async fn list_api_tokens() -> Result<Vec<TokenView>, ApiError> {
    let (store, _) = admin().await?;
    crate::server::tokens::list(&store, crate::store::now_millis()).await
}

/// Creates a token; the answer holds its secret, shown this once.
#[server(endpoint = "admin/tokens/create", input = Json)]
pub async fn create_api_token(request: NewTokenRequest) -> Result<IssuedToken, ApiError> {
    let (store, by) = admin().await?;
    crate::server::tokens::create(&store, &request, &by, crate::store::now_millis()).await
}

/// Gives a token a new secret (answered once); the old secret stops working at once.
#[server(endpoint = "admin/tokens/rotate", input = Json)]
pub async fn rotate_api_token(id: String) -> Result<IssuedToken, ApiError> {
    let (store, _) = admin().await?;
    crate::server::tokens::rotate(&store, &token_id(&id)?, crate::store::now_millis()).await
}

/// Revokes a token; every replica refuses it from the next request on.
#[server(endpoint = "admin/tokens/revoke", input = Json)]
pub async fn revoke_api_token(id: String) -> Result<TokenView, ApiError> {
    let (store, by) = admin().await?;
    crate::server::tokens::revoke(&store, &token_id(&id)?, &by, crate::store::now_millis()).await
}
