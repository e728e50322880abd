//! Tenant OAuth clients: the `web` client with the user-impersonation grant that mints
//! embedded users' tokens, and the impersonation token request itself.

use super::TenantApi;
use super::error::QlikError;
use crate::domain::{GroupName, OauthClientId, UserId};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::json;

/// The grant type of OAuth impersonation.
pub const IMPERSONATION: &str = "urn:qlik:oauth:user-impersonation";

/// `OAuthClientCreateResponse`, the part oem-hub keeps (the secret comes only here).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedClient {
    pub client_id: OauthClientId,
    pub client_secret: String,
}

/// An access token minted for a user.
#[derive(Debug, Deserialize)]
pub struct UserToken {
    pub access_token: String,
    pub expires_in: Option<i64>,
}

impl TenantApi<'_> {
    /// `POST /api/v1/oauth-clients`: a `web` client with only the impersonation grant and the
    /// `user_default` scope, allowing `origins` (the browser uses its tokens, as in qlik.dev's
    /// M2M impersonation tutorial), and the `trusted` consent method, without which Qlik
    /// does not impersonate (the tutorial's "Change consent method" step, done at creation).
    pub async fn create_impersonation_client(
        self,
        name: &str,
        origins: &[String],
    ) -> Result<CreatedClient, QlikError> {
        let body = json!({
            "appType": "web", "clientName": name, "allowedGrantTypes": [IMPERSONATION],
            "allowedScopes": ["user_default"], "allowedOrigins": origins,
            "connectionConfig": { "consentMethod": "trusted" },
        });
        self.post("/api/v1/oauth-clients", &body).await
    }

    /// `DELETE /api/v1/oauth-clients/{id}`.
    pub async fn delete_oauth_client(self, id: &OauthClientId) -> Result<(), QlikError> {
        self.delete(&format!("/api/v1/oauth-clients/{id}")).await
    }

    /// `POST /oauth/token` with the impersonation grant for the user with `subject`, using the
    /// tenant's own client (not the hub's credentials).
    pub async fn impersonate(
        self,
        client_id: &OauthClientId,
        client_secret: &SecretString,
        subject: &str,
    ) -> Result<UserToken, QlikError> {
        let body = json!({
            "client_id": client_id, "client_secret": client_secret.expose_secret(),
            "grant_type": IMPERSONATION, "scope": "user_default",
            "user_lookup": {"field": "subject", "value": subject},
        });
        let host = self.host().as_str();
        self.client()
            .post_unauthenticated(host, "/oauth/token", &body)
            .await
    }
}

impl TenantApi<'_> {
    /// The id of the tenant user with `subject`, creating the user when missing
    /// (`GET /api/v1/users?filter=subject eq "…"`, then `POST /api/v1/users`).
    pub async fn ensure_user(
        self,
        subject: &str,
        name: &str,
        email: Option<&str>,
    ) -> Result<UserId, QlikError> {
        if let Some(user) = self.find_user(subject).await? {
            return Ok(user.id);
        }
        let body = json!({ "subject": subject, "name": name, "email": email });
        let created: super::User = self.post("/api/v1/users", &body).await?;
        Ok(created.id)
    }

    /// `PATCH /api/v1/users/{id}` replacing the user's groups with `groups` (by name): an
    /// impersonation token carries no groups claim, so membership is set through the API.
    /// The groups are `idp` groups, the type oem-hub creates and JWT logins fill: Qlik tells
    /// a `custom` group of the same name apart, and it would hold no space assignment.
    pub async fn set_user_groups(
        self,
        user_id: &UserId,
        groups: &[&GroupName],
    ) -> Result<(), QlikError> {
        let refs: Vec<serde_json::Value> = groups
            .iter()
            .map(|g| json!({ "name": g, "providerType": super::ProviderType::Idp }))
            .collect();
        let body = json!([{ "op": "replace", "path": "/assignedGroups", "value": refs }]);
        let path = format!("/api/v1/users/{user_id}");
        self.apply_patch(&path, &body).await
    }
}
