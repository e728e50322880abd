//! One typed method per Qlik Cloud call oem-hub makes, with Qlik's method, path and body.

use super::error::QlikError;
use super::models::{Item, LicenseOverview, NxApp, Tenant, User};
use super::{QlikClient, TenantApi};
use crate::domain::{AppId, Region, SpaceId, TenantId};
use serde_json::json;

/// Guards against a server that keeps handing out next links.
pub(crate) const MAX_PAGES: usize = 10_000;

impl QlikClient {
    /// `POST /api/v1/tenants` on `register.<region>` → the new tenant (201).
    pub async fn create_tenant(
        &self,
        region: Region,
        license_key: &str,
    ) -> Result<Tenant, QlikError> {
        let host = self.endpoint().register_host(region);
        // `datacenter` is left out where Qlik's sources disagree on it (see
        // `Region::creation_datacenter`): the regional register host places the tenant.
        let mut body = json!({ "licenseKey": license_key });
        if let Some(datacenter) = region.creation_datacenter() {
            body["datacenter"] = json!(datacenter);
        }
        self.post(&host, "/api/v1/tenants", &body).await
    }
}

impl TenantApi<'_> {
    /// `GET /api/v1/licenses/overview` (the source tenant gives the license key).
    pub async fn license_overview(self) -> Result<LicenseOverview, QlikError> {
        self.get("/api/v1/licenses/overview").await
    }

    /// `GET /api/v1/tenants/{id}` on the tenant's host.
    pub async fn get_tenant(self, tenant_id: &TenantId) -> Result<Tenant, QlikError> {
        self.get(&format!("/api/v1/tenants/{tenant_id}")).await
    }

    /// `GET /api/v1/users/me` (Qlik answers 301 to `/users/{id}`; the redirect is followed).
    pub async fn me(self) -> Result<User, QlikError> {
        self.get("/api/v1/users/me").await
    }

    /// `GET /api/v1/apps/{appId}`.
    pub async fn get_app(self, app_id: &AppId) -> Result<NxApp, QlikError> {
        self.get(&format!("/api/v1/apps/{app_id}")).await
    }

    /// `GET /api/v1/items?resourceType=app[&spaceId=…]`, following `links.next.href` to the end.
    pub async fn list_apps(self, space_id: Option<&SpaceId>) -> Result<Vec<Item>, QlikError> {
        let mut path = "/api/v1/items?resourceType=app&limit=100".to_owned();
        if let Some(space) = space_id {
            path.push_str(&format!("&spaceId={}", query_value(space.as_str())));
        }
        self.list_all(&path).await
    }
}

/// `value` URL-encoded as a query parameter's value.
pub(crate) fn query_value(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// The path+query of a `links.next.href`, which may be relative or absolute; an absolute link
/// to another host is refused rather than followed with our token.
pub fn next_path(href: &str, host: &str) -> Result<String, QlikError> {
    if href.starts_with('/') {
        return Ok(href.to_owned());
    }
    let url = url_on(href, host).map_err(|why| QlikError::Decode {
        url: href.to_owned(),
        message: format!("next link {why}"),
    })?;
    Ok(match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    })
}

/// `link` as an absolute URL on `host` (any scheme or port), or why it is not one: a link
/// from an answer is followed with a credential only on the host that gave it.
pub(crate) fn url_on(link: &str, host: &str) -> Result<url::Url, &'static str> {
    let url = url::Url::parse(link).map_err(|_| "is not a URL")?;
    match url.host_str() == Some(host) {
        true => Ok(url),
        false => Err("points at another host"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_link_table() {
        let host = "acme.us.qlikcloud.com";
        let ok = [
            ("/api/v1/items?next=abc", "/api/v1/items?next=abc"),
            (
                "https://acme.us.qlikcloud.com/api/v1/items?next=x&limit=5",
                "/api/v1/items?next=x&limit=5",
            ),
            (
                "http://acme.us.qlikcloud.com:3100/api/v1/items",
                "/api/v1/items",
            ),
        ];
        for (href, want) in ok {
            assert_eq!(next_path(href, host).expect(href), want);
        }
        for bad in ["https://evil.example/api/v1/items", "api/v1/items", "::"] {
            assert!(next_path(bad, host).is_err(), "{bad}");
        }
    }
}
