//! The client bound to one tenant's host. Nearly every Qlik call is made on a tenant
//! (`https://<tenant>.<region>.qlikcloud.com/api/v1/…`), so those calls live on
//! [`TenantApi`], got from [`QlikClient::tenant`]: `qlik.tenant(&host).get_webhook(&id)`.
//! Calls to other hosts (tenant creation on `register.<region>`, the organization's tenant
//! list on `console`) stay on [`QlikClient`].

use super::QlikClient;
use super::client::{Payload, Reply};
use super::error::QlikError;
use crate::domain::TenantHostname;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The Qlik Cloud REST API of one tenant, as `client` calls it; cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct TenantApi<'a> {
    client: &'a QlikClient,
    host: &'a TenantHostname,
}

impl QlikClient {
    /// The API of the tenant on `host`.
    pub fn tenant<'a>(&'a self, host: &'a TenantHostname) -> TenantApi<'a> {
        TenantApi { client: self, host }
    }
}

impl<'a> TenantApi<'a> {
    /// The tenant's hostname.
    pub fn host(self) -> &'a TenantHostname {
        self.host
    }

    /// The client making the calls.
    pub(crate) fn client(self) -> &'a QlikClient {
        self.client
    }

    /// [`QlikClient::call`] on the tenant's host.
    pub(crate) async fn call(
        self,
        method: Method,
        path: &str,
        body: Payload<'_>,
    ) -> Result<Reply, QlikError> {
        self.client
            .call(method, self.host.as_str(), path, body)
            .await
    }

    /// `scheme://host[:port]path` on the tenant's host.
    pub(crate) fn url(self, path: &str) -> String {
        self.client.url(self.host.as_str(), path)
    }

    /// `method path` with `body`, the answer decoded.
    pub(crate) async fn send_decoded<T: DeserializeOwned>(
        self,
        method: Method,
        path: &str,
        body: Payload<'_>,
    ) -> Result<T, QlikError> {
        self.client
            .send_decoded(method, self.host.as_str(), path, body)
            .await
    }

    /// `GET` and decode.
    pub(crate) async fn get<T: DeserializeOwned>(self, path: &str) -> Result<T, QlikError> {
        self.send_decoded(Method::GET, path, Payload::Empty).await
    }

    /// `PUT` a JSON body and decode the answer.
    pub(crate) async fn put<T: DeserializeOwned>(
        self,
        path: &str,
        body: &Value,
    ) -> Result<T, QlikError> {
        self.send_decoded(Method::PUT, path, Payload::Json(body))
            .await
    }

    /// `POST` a JSON body and decode the answer.
    pub(crate) async fn post<T: DeserializeOwned>(
        self,
        path: &str,
        body: &Value,
    ) -> Result<T, QlikError> {
        self.send_decoded(Method::POST, path, Payload::Json(body))
            .await
    }

    /// `PATCH path` with JSON Patch `operations`, the answer decoded.
    pub(crate) async fn patch<T: DeserializeOwned>(
        self,
        path: &str,
        operations: &Value,
    ) -> Result<T, QlikError> {
        self.send_decoded(Method::PATCH, path, Payload::Json(operations))
            .await
    }

    /// `method path` where only success matters: the answer's body is not read.
    pub(crate) async fn send(
        self,
        method: Method,
        path: &str,
        body: Payload<'_>,
    ) -> Result<(), QlikError> {
        self.client
            .send(method, self.host.as_str(), path, body)
            .await
    }

    /// `DELETE path`; the answer's body (Qlik's 204 has none) is not read.
    pub(crate) async fn delete(self, path: &str) -> Result<(), QlikError> {
        self.send(Method::DELETE, path, Payload::Empty).await
    }

    /// `PATCH path` with JSON Patch `operations`; the answer's body (Qlik's 204 has none) is
    /// not read.
    pub(crate) async fn apply_patch(self, path: &str, operations: &Value) -> Result<(), QlikError> {
        self.send(Method::PATCH, path, Payload::Json(operations))
            .await
    }

    /// [`QlikClient::list_all`] on the tenant's host: `path` and every page after it.
    pub(crate) async fn list_all<T: DeserializeOwned>(
        self,
        path: &str,
    ) -> Result<Vec<T>, QlikError> {
        self.client.list_all(self.host.as_str(), path).await
    }
}
