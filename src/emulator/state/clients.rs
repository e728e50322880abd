//! Tenant OAuth clients in the emulator's world, with their consent method: what the
//! `oauth_clients` routes keep and `/oauth/token` checks before impersonating.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The consent method that lets a backend impersonate users without asking them.
pub const TRUSTED: &str = "trusted";
/// The other value of `OAuthConnectionConfigUpdate.value`.
pub const REQUIRED: &str = "required";

/// A new client's consent method. qlik.dev's M2M impersonation tutorial creates the client,
/// then has the admin "Change consent method" to Trusted: so it starts `required`.
pub fn default_method() -> String {
    REQUIRED.to_owned()
}

/// A tenant's OAuth client.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TenantClient {
    pub client_id: String,
    /// Empty for public (`spa`, `native`) clients.
    pub client_secret: String,
    pub client_name: String,
    pub app_type: String,
    pub allowed_grant_types: Vec<String>,
    pub allowed_scopes: Vec<String>,
    pub allowed_origins: Vec<String>,
    pub redirect_uris: Vec<String>,
    /// `connectionConfig.consentMethod`: `required` (Qlik's default) or `trusted`.
    #[serde(default = "default_method")]
    pub consent_method: String,
    pub created_at: DateTime<Utc>,
}
