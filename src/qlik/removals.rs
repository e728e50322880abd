//! Deletions the provisioning engine makes when desired state shrinks or a value is replaced.

use super::QlikClient;
use super::client::Payload;
use super::error::QlikError;
use reqwest::Method;

impl QlikClient {
    async fn delete_path(&self, host: &str, path: &str) -> Result<(), QlikError> {
        self.call(Method::DELETE, host, path, Payload::Empty)
            .await
            .map(|_| ())
    }

    /// `DELETE /api/v1/csp-origins/{id}`.
    pub async fn delete_csp_origin(&self, host: &str, id: &str) -> Result<(), QlikError> {
        self.delete_path(host, &format!("/api/v1/csp-origins/{id}"))
            .await
    }

    /// `DELETE /api/v1/spaces/{spaceId}/assignments/{assignmentId}`.
    pub async fn delete_assignment(
        &self,
        host: &str,
        space_id: &str,
        assignment_id: &str,
    ) -> Result<(), QlikError> {
        self.delete_path(
            host,
            &format!("/api/v1/spaces/{space_id}/assignments/{assignment_id}"),
        )
        .await
    }

    /// `DELETE /api/v1/data-connections/{qID}`.
    pub async fn delete_data_connection(&self, host: &str, id: &str) -> Result<(), QlikError> {
        self.delete_path(host, &format!("/api/v1/data-connections/{id}"))
            .await
    }
}
