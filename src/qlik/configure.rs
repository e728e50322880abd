//! Tenant configuration calls: JWT identity provider, web integration, CSP origin.

use super::QlikClient;
use super::client::Payload;
use super::error::QlikError;
use super::models::{CspEntry, IdentityProvider, WebIntegration};
use reqwest::Method;
use serde_json::json;

impl QlikClient {
    /// `POST /api/v1/identity-providers` for a `jwtAuth` IdP with one static RS256 key, as
    /// Qlik's configure-a-tenant tutorial sends it.
    pub async fn create_jwt_identity_provider(
        &self,
        host: &str,
        issuer: &str,
        kid: &str,
        public_key_pem: &str,
        description: &str,
    ) -> Result<IdentityProvider, QlikError> {
        let body = json!({
            "provider": "external",
            "protocol": "jwtAuth",
            "interactive": false,
            "active": true,
            "description": description,
            "options": {
                "jwtLoginEnabled": true,
                "issuer": issuer,
                "staticKeys": [{ "kid": kid, "pem": public_key_pem }],
            },
        });
        self.post(host, "/api/v1/identity-providers", &body).await
    }

    /// `POST /api/v1/web-integrations` with exact origins.
    pub async fn create_web_integration(
        &self,
        host: &str,
        name: &str,
        valid_origins: &[&str],
    ) -> Result<WebIntegration, QlikError> {
        let body = json!({ "name": name, "validOrigins": valid_origins });
        self.post(host, "/api/v1/web-integrations", &body).await
    }

    /// `POST /api/v1/csp-origins` allowing `origin` to frame the tenant (`frameAncestors`).
    pub async fn create_frame_ancestor(
        &self,
        host: &str,
        name: &str,
        origin: &str,
    ) -> Result<CspEntry, QlikError> {
        let body = json!({
            "name": name, "origin": origin, "frameAncestors": true, "frameSrc": true,
        });
        self.post(host, "/api/v1/csp-origins", &body).await
    }

    /// `DELETE /api/v1/identity-providers/{id}` (204); how a JWT IdP's key is rotated
    /// (delete, then create with the new key).
    pub async fn delete_identity_provider(&self, host: &str, id: &str) -> Result<(), QlikError> {
        let path = format!("/api/v1/identity-providers/{id}");
        self.call(Method::DELETE, host, &path, Payload::Empty)
            .await
            .map(|_| ())
    }

    /// `PATCH /api/v1/web-integrations/{id}` (204) replacing `/validOrigins` with `origins`.
    /// Qlik's spec types the patch value as a string; an array is what the field holds
    /// (unconfirmed which one Qlik Cloud accepts).
    pub async fn set_web_integration_origins(
        &self,
        host: &str,
        id: &str,
        origins: &[String],
    ) -> Result<(), QlikError> {
        let body = json!([{ "op": "replace", "path": "/validOrigins", "value": origins }]);
        let path = format!("/api/v1/web-integrations/{id}");
        self.call(Method::PATCH, host, &path, Payload::Json(&body))
            .await
            .map(|_| ())
    }
}
