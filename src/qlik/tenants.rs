//! Tenant lifecycle calls beyond creation: rename/alias, deactivate, reactivate.

use super::client::{Payload, Reply};
use super::error::QlikError;
use super::{QlikClient, TenantApi};
use crate::domain::{Region, TenantHostname, TenantId};
use reqwest::Method;
use serde_json::{Value, json};

impl TenantApi<'_> {
    /// `PATCH /api/v1/tenants/{id}` (204): display name and, when given, alias hostname.
    pub async fn rename_tenant(
        self,
        tenant_id: &TenantId,
        name: &str,
        alias_hostname: Option<&str>,
    ) -> Result<(), QlikError> {
        let mut ops = vec![json!({ "op": "replace", "path": "/name", "value": name })];
        if let Some(alias) = alias_hostname {
            ops.push(json!({ "op": "replace", "path": "/hostnames/1", "value": alias }));
        }
        let body = json!(ops);
        let path = format!("/api/v1/tenants/{tenant_id}");
        self.apply_patch(&path, &body).await
    }
}

impl QlikClient {
    /// `POST register.<region>/api/v1/tenants/{id}/actions/deactivate` with
    /// `qlik-confirm-hostname`; the tenant is purged after `purge_after_days` (10–90).
    /// Returns Qlik's `estimatedPurgeDate`.
    pub async fn deactivate_tenant(
        &self,
        region: Region,
        tenant_id: &TenantId,
        hostname: &TenantHostname,
        purge_after_days: u32,
    ) -> Result<Option<String>, QlikError> {
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Deactivated {
            estimated_purge_date: Option<String>,
        }
        let body = json!({ "purgeAfterDays": purge_after_days });
        let path = format!("/api/v1/tenants/{tenant_id}/actions/deactivate");
        let reply = self.confirmed_post(region, hostname, &path, &body).await?;
        let parsed: Deactivated = super::client::decode(&path, &reply.body)?;
        Ok(parsed.estimated_purge_date)
    }

    /// `POST register.<region>/api/v1/tenants/{id}/actions/reactivate` with
    /// `qlik-confirm-hostname`.
    pub async fn reactivate_tenant(
        &self,
        region: Region,
        tenant_id: &TenantId,
        hostname: &TenantHostname,
    ) -> Result<(), QlikError> {
        let path = format!("/api/v1/tenants/{tenant_id}/actions/reactivate");
        self.confirmed_post(region, hostname, &path, &json!({}))
            .await
            .map(|_| ())
    }

    /// `POST register.<region>{path}` with `body`, naming the tenant's `hostname` in
    /// `qlik-confirm-hostname` as Qlik's tenant actions ask.
    async fn confirmed_post(
        &self,
        region: Region,
        hostname: &TenantHostname,
        path: &str,
        body: &Value,
    ) -> Result<Reply, QlikError> {
        let host = self.endpoint().register_host(region);
        let headers = [("qlik-confirm-hostname", hostname.as_str())];
        self.call_with_headers(Method::POST, &host, path, Payload::Json(body), &headers)
            .await
    }
}
