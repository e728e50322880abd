//! Deletions the provisioning engine makes when desired state shrinks or a value is replaced.

use super::TenantApi;
use super::error::QlikError;
use crate::domain::{AssignmentId, CspEntryId, DataConnectionId, SpaceId};

impl TenantApi<'_> {
    /// `DELETE /api/v1/csp-origins/{id}`.
    pub async fn delete_csp_origin(self, id: &CspEntryId) -> Result<(), QlikError> {
        self.delete(&format!("/api/v1/csp-origins/{id}")).await
    }

    /// `DELETE /api/v1/spaces/{spaceId}/assignments/{assignmentId}`.
    pub async fn delete_assignment(
        self,
        space_id: &SpaceId,
        assignment_id: &AssignmentId,
    ) -> Result<(), QlikError> {
        self.delete(&format!(
            "/api/v1/spaces/{space_id}/assignments/{assignment_id}"
        ))
        .await
    }

    /// `DELETE /api/v1/data-connections/{qID}`.
    pub async fn delete_data_connection(self, id: &DataConnectionId) -> Result<(), QlikError> {
        self.delete(&format!("/api/v1/data-connections/{id}")).await
    }
}
