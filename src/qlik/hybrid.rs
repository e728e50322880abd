//! Calls for apps distributed from client-managed sites: the multi-cloud identity provider
//! that admits a deployment, moving an arrived app into a space, reading its load script.

use super::TenantApi;
use super::error::QlikError;
use super::models::{IdentityProvider, NxApp};
use crate::domain::{AppId, LocalBearerToken, SpaceId};
use serde::Deserialize;
use serde_json::json;

/// `GET /api/v1/apps/{appId}/scripts/current`, the part oem-hub reads.
#[derive(Debug, Deserialize)]
struct CurrentScript {
    #[serde(default)]
    script: String,
}

impl TenantApi<'_> {
    /// `POST /api/v1/identity-providers` for a multi-cloud IdP (`qsefw-local-bearer-token`)
    /// holding a deployment's local bearer token. Qlik's spec has no create schema for this
    /// protocol; the body is the "Qlik Cloud format" definition the QMC produces.
    pub async fn create_multi_cloud_identity_provider(
        self,
        token: &LocalBearerToken,
        description: &str,
    ) -> Result<IdentityProvider, QlikError> {
        let token = ("base64Encoded", json!(token.expose()));
        self.create_identity_provider("qlik", "qsefw-local-bearer-token", description, token)
            .await
    }

    /// `PUT /api/v1/apps/{appId}/space` → the moved app.
    pub async fn move_app_to_space(
        self,
        app_id: &AppId,
        space_id: &SpaceId,
    ) -> Result<NxApp, QlikError> {
        let path = format!("/api/v1/apps/{app_id}/space");
        self.put(&path, &json!({ "spaceId": space_id })).await
    }

    /// The app's current load script (`GET /api/v1/apps/{appId}/scripts/current`).
    pub async fn current_script(self, app_id: &AppId) -> Result<String, QlikError> {
        let path = format!("/api/v1/apps/{app_id}/scripts/current");
        let reply: CurrentScript = self.get(&path).await?;
        Ok(reply.script)
    }
}
