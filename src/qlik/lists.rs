//! Paginated list calls. Every Qlik list answers `{data: [T], links: {next: {href}}}`;
//! `list_all` follows `links.next.href` to the last page, whatever cursor parameter the API
//! uses (`next`, `startingAfter`, `page`, `offset`), since the link carries it.

use super::calls::{MAX_PAGES, next_path};
use super::error::QlikError;
use super::models::{
    Assignment, CspEntry, DataConnection, Group, IdentityProvider, Links, OrgTenant, Role, Space,
    User, WebIntegration,
};
use super::{QlikClient, TenantApi};
use crate::domain::SpaceId;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// One page of any Qlik list. `data` is optional in some specs (web-integrations); its
/// elements are decoded one by one (`decode_elements`).
#[derive(Deserialize)]
struct Page {
    #[serde(default = "Vec::new")]
    data: Vec<Value>,
    #[serde(default)]
    links: Links,
}

/// Decodes each element of a list on its own: one that cannot be understood (a built-in IdP
/// without `provider`, a resource without `id`) is skipped with a warning naming the
/// resource and the reason, so one odd element does not fail observe, diagnosis or hybrid.
fn decode_elements<T: DeserializeOwned>(resource: &str, data: Vec<Value>) -> Vec<T> {
    data.into_iter()
        .enumerate()
        .filter_map(|(i, element)| {
            let id = element.get("id").and_then(Value::as_str).map(str::to_owned);
            match serde_json::from_value(element) {
                Ok(decoded) => Some(decoded),
                Err(e) => {
                    tracing::warn!(
                        resource,
                        index = i,
                        id = id.as_deref().unwrap_or(""),
                        reason = %e,
                        "skipping a listed element oem-hub cannot read"
                    );
                    None
                }
            }
        })
        .collect()
}

/// The resource a list `path` names: the path without its query, for warnings.
fn resource_of(path: &str) -> &str {
    path.split('?').next().unwrap_or(path)
}

/// Qlik's largest page size on the lists below that document one (1..100 or 0..100).
const PAGE: &str = "limit=100";

impl QlikClient {
    /// GETs `path` on `host` and every page after it by `links.next.href`; a next link to
    /// another host is refused, and a link that repeats the current page ends the walk.
    pub(crate) async fn list_all<T: DeserializeOwned>(
        &self,
        host: &str,
        path: &str,
    ) -> Result<Vec<T>, QlikError> {
        let mut path = path.to_owned();
        let mut all = Vec::new();
        for _ in 0..MAX_PAGES {
            let page: Page = self.get(host, &path).await?;
            all.extend(decode_elements::<T>(resource_of(&path), page.data));
            match page.links.next.map(|n| next_path(&n.href, host)) {
                Some(Ok(next)) if next != path => path = next,
                Some(Err(e)) => return Err(e),
                _ => return Ok(all),
            }
        }
        Err(QlikError::Decode {
            url: path,
            message: format!("more than {MAX_PAGES} pages"),
        })
    }

    /// `GET https://console.<domain>/api/core/tenants?limit=100`, all pages: every tenant of
    /// the organization across regions, e.g. to find one whose creation answer was lost. The
    /// token comes from `console.<domain>/oauth/token`; Qlik Cloud wants an organization-level
    /// OAuth client there (the emulator also accepts the regional one).
    pub async fn list_org_tenants(&self) -> Result<Vec<OrgTenant>, QlikError> {
        let host = self.endpoint().console_host();
        self.list_all(&host, &format!("/api/core/tenants?{PAGE}"))
            .await
    }
}

impl TenantApi<'_> {
    /// `GET path`, the first page only, its elements decoded as [`QlikClient::list_all`]'s are.
    pub(crate) async fn first_page<T: DeserializeOwned>(
        self,
        path: &str,
    ) -> Result<Vec<T>, QlikError> {
        let page: Page = self.get(path).await?;
        Ok(decode_elements(resource_of(path), page.data))
    }

    /// `GET resource?limit=100` and every page after it.
    async fn list_paged<T: DeserializeOwned>(self, resource: &str) -> Result<Vec<T>, QlikError> {
        self.list_all(&format!("{resource}?{PAGE}")).await
    }

    /// `GET /api/v1/identity-providers`, all pages. No `limit` is sent: Qlik documents no
    /// maximum for this list, and a tenant has only a few IdPs.
    pub async fn list_identity_providers(self) -> Result<Vec<IdentityProvider>, QlikError> {
        self.list_all("/api/v1/identity-providers").await
    }

    /// `GET /api/v1/web-integrations?limit=100`, all pages (cursor `startingAfter`).
    pub async fn list_web_integrations(self) -> Result<Vec<WebIntegration>, QlikError> {
        self.list_paged("/api/v1/web-integrations").await
    }

    /// `GET /api/v1/csp-origins?limit=100`, all pages.
    pub async fn list_csp_origins(self) -> Result<Vec<CspEntry>, QlikError> {
        self.list_paged("/api/v1/csp-origins").await
    }

    /// `GET /api/v1/spaces?limit=100`, all pages (every type the caller can see).
    pub async fn list_spaces(self) -> Result<Vec<Space>, QlikError> {
        self.list_paged("/api/v1/spaces").await
    }

    /// `GET /api/v1/groups?limit=100`, all pages.
    pub async fn list_groups(self) -> Result<Vec<Group>, QlikError> {
        self.list_paged("/api/v1/groups").await
    }

    /// `GET /api/v1/spaces/{spaceId}/assignments?limit=100`, all pages.
    pub async fn list_assignments(self, space_id: &SpaceId) -> Result<Vec<Assignment>, QlikError> {
        let assignments = format!("/api/v1/spaces/{space_id}/assignments");
        self.list_paged(&assignments).await
    }

    /// `GET /api/v1/data-connections?limit=100`, all pages (cursor `page`).
    pub async fn list_data_connections(self) -> Result<Vec<DataConnection>, QlikError> {
        self.list_paged("/api/v1/data-connections").await
    }

    /// `GET /api/v1/users?limit=100`, all pages: the tenant's users (bots included).
    pub async fn list_users(self) -> Result<Vec<User>, QlikError> {
        self.list_paged("/api/v1/users").await
    }

    /// `GET /api/v1/roles?limit=100`, all pages: default and custom roles of the tenant.
    pub async fn list_roles(self) -> Result<Vec<Role>, QlikError> {
        self.list_paged("/api/v1/roles").await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_odd_element_is_skipped_not_the_list() {
        let data = vec![
            json!({"id": "a", "protocol": "jwtAuth", "provider": "external"}),
            json!({"id": "b", "protocol": "OIDC"}),
            json!({"protocol": "SAML", "provider": "generic"}),
            json!("not an object"),
        ];
        let idps: Vec<IdentityProvider> = decode_elements("/api/v1/identity-providers", data);
        let ids: Vec<(&str, &str)> = idps
            .iter()
            .map(|i| (i.id.as_str(), i.provider.as_str()))
            .collect();
        assert_eq!(ids, [("a", "external"), ("b", "")]);
    }
}
