//! Tenant OAuth clients: the `web` client with the user-impersonation grant that mints
//! embedded users' tokens, and the impersonation token request itself.

use super::QlikClient;
use super::client::Payload;
use super::error::QlikError;
use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::json;

/// The grant type of OAuth impersonation.
pub const IMPERSONATION: &str = "urn:qlik:oauth:user-impersonation";

/// `OAuthClientCreateResponse`, the part oem-hub keeps (the secret comes only here).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedClient {
    pub client_id: String,
    pub client_secret: String,
}

/// An access token minted for a user.
#[derive(Debug, Deserialize)]
pub struct UserToken {
    pub access_token: String,
    #[serde(default)]
    pub expires_in: Option<i64>,
}

impl QlikClient {
    /// `POST /api/v1/oauth-clients`: a `web` client with only the impersonation grant and the
    /// `user_default` scope, allowing `origins`.
    pub async fn create_impersonation_client(
        &self,
        host: &str,
        name: &str,
        origins: &[String],
    ) -> Result<CreatedClient, QlikError> {
        let body = json!({
            "appType": "web", "clientName": name, "allowedGrantTypes": [IMPERSONATION],
            "allowedScopes": ["user_default"], "allowedOrigins": origins,
        });
        self.post(host, "/api/v1/oauth-clients", &body).await
    }

    /// `DELETE /api/v1/oauth-clients/{id}`.
    pub async fn delete_oauth_client(&self, host: &str, id: &str) -> Result<(), QlikError> {
        let path = format!("/api/v1/oauth-clients/{id}");
        self.call(Method::DELETE, host, &path, Payload::Empty)
            .await
            .map(|_| ())
    }

    /// `POST /oauth/token` with the impersonation grant for the user with `subject`, using the
    /// tenant's own client (not the hub's credentials).
    pub async fn impersonate(
        &self,
        host: &str,
        client_id: &str,
        client_secret: &SecretString,
        subject: &str,
    ) -> Result<UserToken, QlikError> {
        let body = json!({
            "client_id": client_id, "client_secret": client_secret.expose_secret(),
            "grant_type": IMPERSONATION, "scope": "user_default",
            "user_lookup": {"field": "subject", "value": subject},
        });
        self.post_unauthenticated(host, "/oauth/token", &body).await
    }
}
