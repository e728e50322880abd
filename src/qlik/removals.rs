//! Deletions the provisioning engine makes when desired state shrinks or a value is replaced.

use super::QlikClient;
use super::client::Payload;
use super::error::QlikError;
use crate::domain::{AssignmentId, CspEntryId, DataConnectionId, SpaceId, TenantHostname};
use reqwest::Method;

impl QlikClient {
    async fn delete_path(&self, host: &str, path: &str) -> Result<(), QlikError> {
        self.send(Method::DELETE, host, path, Payload::Empty).await
    }

    /// `DELETE /api/v1/csp-origins/{id}`.
    pub async fn delete_csp_origin(
        &self,
        host: &TenantHostname,
        id: &CspEntryId,
    ) -> Result<(), QlikError> {
        self.delete_path(host.as_str(), &format!("/api/v1/csp-origins/{id}"))
            .await
    }

    /// `DELETE /api/v1/spaces/{spaceId}/assignments/{assignmentId}`.
    pub async fn delete_assignment(
        &self,
        host: &TenantHostname,
        space_id: &SpaceId,
        assignment_id: &AssignmentId,
    ) -> Result<(), QlikError> {
        self.delete_path(
            host.as_str(),
            &format!("/api/v1/spaces/{space_id}/assignments/{assignment_id}"),
        )
        .await
    }

    /// `DELETE /api/v1/data-connections/{qID}`.
    pub async fn delete_data_connection(
        &self,
        host: &TenantHostname,
        id: &DataConnectionId,
    ) -> Result<(), QlikError> {
        self.delete_path(host.as_str(), &format!("/api/v1/data-connections/{id}"))
            .await
    }
}
