//! TEMPORARY until the console-host branch is merged (replaced by its list_org_tenants).

use super::QlikClient;
use super::error::QlikError;

/// A tenant as the organization API lists it.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrgTenant {
    pub id: String,
    #[serde(default)]
    pub hostnames: Vec<String>,
    #[serde(default)]
    pub created_at: String,
}

#[derive(serde::Deserialize)]
struct Page {
    data: Vec<OrgTenant>,
}

impl QlikClient {
    /// `GET https://console.<domain>/api/core/tenants`.
    pub async fn list_org_tenants(&self) -> Result<Vec<OrgTenant>, QlikError> {
        let host = format!("console.{}", self.endpoint().domain);
        let page: Page = self.get(&host, "/api/core/tenants?limit=100").await?;
        Ok(page.data)
    }
}
