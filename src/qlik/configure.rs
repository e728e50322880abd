//! Tenant configuration calls: JWT identity provider, web integration, CSP origin.

use super::TenantApi;
use super::error::QlikError;
use super::models::{CspEntry, IdentityProvider, WebIntegration};
use crate::domain::{IdpId, WebIntegrationId};
use serde_json::{Value, json};

/// An origin as a CSP source the way Qlik stores it: Qlik keeps `https://host:port` as
/// `host:port` (its own tutorial compares `f"https://{entry['origin']}"`), so both sides of a
/// comparison drop the scheme and a trailing slash.
pub fn csp_source(origin: &str) -> &str {
    let lower = origin
        .get(..8)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let rest = if lower.starts_with("https://") {
        &origin[8..]
    } else if lower.starts_with("http://") {
        &origin[7..]
    } else {
        origin
    };
    rest.strip_suffix('/').unwrap_or(rest)
}

impl CspEntry {
    /// True when this entry is for `origin` (`scheme://host[:port]`), however Qlik wrote it.
    pub fn is_for(&self, origin: &str) -> bool {
        csp_source(&self.origin).eq_ignore_ascii_case(csp_source(origin))
    }

    /// True when this entry lets `origin` frame the tenant's pages.
    pub fn frames(&self, origin: &str) -> bool {
        self.frame_ancestors == Some(true) && self.is_for(origin)
    }
}

impl TenantApi<'_> {
    /// `POST /api/v1/identity-providers` for a `jwtAuth` IdP with one static RS256 key, as
    /// Qlik's configure-a-tenant tutorial sends it.
    pub async fn create_jwt_identity_provider(
        self,
        issuer: &str,
        kid: &str,
        public_key_pem: &str,
        description: &str,
    ) -> Result<IdentityProvider, QlikError> {
        let options = json!({
            "jwtLoginEnabled": true,
            "issuer": issuer,
            "staticKeys": [{ "kid": kid, "pem": public_key_pem }],
        });
        let options = ("options", options);
        self.create_identity_provider("external", "jwtAuth", description, options)
            .await
    }

    /// `POST /api/v1/identity-providers` for an active, non-interactive IdP of `provider` and
    /// `protocol`, with the protocol's own `member` (name and value) besides.
    pub(crate) async fn create_identity_provider(
        self,
        provider: &str,
        protocol: &str,
        description: &str,
        member: (&str, Value),
    ) -> Result<IdentityProvider, QlikError> {
        let mut body = json!({
            "provider": provider,
            "protocol": protocol,
            "interactive": false,
            "active": true,
            "description": description,
        });
        body[member.0] = member.1;
        self.post("/api/v1/identity-providers", &body).await
    }

    /// `POST /api/v1/web-integrations` with exact origins.
    pub async fn create_web_integration(
        self,
        name: &str,
        valid_origins: &[&str],
    ) -> Result<WebIntegration, QlikError> {
        let body = json!({ "name": name, "validOrigins": valid_origins });
        self.post("/api/v1/web-integrations", &body).await
    }

    /// `POST /api/v1/csp-origins` allowing `origin` to frame the tenant (`frameAncestors`).
    pub async fn create_frame_ancestor(
        self,
        name: &str,
        origin: &str,
    ) -> Result<CspEntry, QlikError> {
        let body = json!({
            "name": name, "origin": origin, "frameAncestors": true, "frameSrc": true,
        });
        self.post("/api/v1/csp-origins", &body).await
    }

    /// `DELETE /api/v1/identity-providers/{id}` (204); how a JWT IdP's key is rotated
    /// (delete, then create with the new key).
    pub async fn delete_identity_provider(self, id: &IdpId) -> Result<(), QlikError> {
        self.delete(&format!("/api/v1/identity-providers/{id}"))
            .await
    }

    /// `PATCH /api/v1/web-integrations/{id}` (204) replacing `/validOrigins` with `origins`.
    /// Qlik's spec types the patch value as a string; an array is what the field holds
    /// (unconfirmed which one Qlik Cloud accepts).
    pub async fn set_web_integration_origins(
        self,
        id: &WebIntegrationId,
        origins: &[String],
    ) -> Result<(), QlikError> {
        let body = json!([{ "op": "replace", "path": "/validOrigins", "value": origins }]);
        let path = format!("/api/v1/web-integrations/{id}");
        self.apply_patch(&path, &body).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_sources_drop_the_scheme() {
        let cases = [
            ("https://app.partner.com", "app.partner.com"),
            ("HTTPS://app.partner.com:8443/", "app.partner.com:8443"),
            ("http://localhost:3000", "localhost:3000"),
            ("app.partner.com", "app.partner.com"),
            ("*.partner.com", "*.partner.com"),
            ("", ""),
        ];
        for (origin, want) in cases {
            assert_eq!(csp_source(origin), want, "{origin}");
        }
    }

    #[test]
    fn entries_match_origins_with_or_without_scheme() {
        let entry = |origin: &str, frame_ancestors| CspEntry {
            id: crate::domain::CspEntryId::parse("c1").expect("an id"),
            origin: origin.into(),
            name: None,
            frame_ancestors: Some(frame_ancestors),
        };
        let cases = [
            (
                "app.partner.com:8443",
                true,
                "https://app.partner.com:8443",
                true,
            ),
            (
                "https://app.partner.com:8443",
                true,
                "https://app.partner.com:8443",
                true,
            ),
            ("App.Partner.com", true, "https://app.partner.com", true),
            ("app.partner.com", false, "https://app.partner.com", false),
            (
                "app.partner.com:8443",
                true,
                "https://app.partner.com",
                false,
            ),
            ("other.com", true, "https://app.partner.com", false),
        ];
        for (stored, fa, origin, want) in cases {
            assert_eq!(entry(stored, fa).frames(origin), want, "{stored} {origin}");
        }
    }
}
