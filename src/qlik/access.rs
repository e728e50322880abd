//! Spaces, assignments, groups and data connections.

use super::TenantApi;
use super::error::QlikError;
use super::models::{Assignment, DataConnection, Group, ProviderType, Space};
use crate::domain::{GroupId, GroupName, SpaceId, SpaceRole, UserId};
use serde_json::json;

/// Who a space assignment is for: Qlik's `type` and `assigneeId` together.
#[derive(Debug, Clone, Copy)]
pub enum Assignee<'a> {
    Group(&'a GroupId),
    User(&'a UserId),
}

impl TenantApi<'_> {
    /// `POST /api/v1/spaces` (`shared`, `managed` or `data`).
    pub async fn create_space(self, name: &str, space_type: &str) -> Result<Space, QlikError> {
        self.post(
            "/api/v1/spaces",
            &json!({ "name": name, "type": space_type }),
        )
        .await
    }

    /// `PATCH /api/v1/spaces/{id}` replacing its name and description → the updated space.
    pub async fn update_space(
        self,
        space_id: &SpaceId,
        name: &str,
        description: &str,
    ) -> Result<Space, QlikError> {
        let body = json!([
            { "op": "replace", "path": "/name", "value": name },
            { "op": "replace", "path": "/description", "value": description },
        ]);
        self.patch(&format!("/api/v1/spaces/{space_id}"), &body)
            .await
    }

    /// `POST /api/v1/spaces/{id}/assignments` for a user or group.
    pub async fn assign(
        self,
        space_id: &SpaceId,
        assignee: Assignee<'_>,
        roles: &[SpaceRole],
    ) -> Result<Assignment, QlikError> {
        let (kind, id) = match assignee {
            Assignee::Group(id) => ("group", id.as_str()),
            Assignee::User(id) => ("user", id.as_str()),
        };
        let body = json!({ "type": kind, "assigneeId": id, "roles": roles });
        self.post(&format!("/api/v1/spaces/{space_id}/assignments"), &body)
            .await
    }

    /// `POST /api/v1/groups`, an `idp` group (see [`ProviderType`]).
    pub async fn create_group(self, name: &GroupName) -> Result<Group, QlikError> {
        self.post(
            "/api/v1/groups",
            &json!({ "name": name, "providerType": ProviderType::Idp }),
        )
        .await
    }

    /// `PATCH /api/v1/groups/settings` turning on group creation from JWT `groups` claims.
    pub async fn enable_auto_create_groups(self) -> Result<(), QlikError> {
        let body = json!([{ "op": "replace", "path": "/autoCreateGroups", "value": true }]);
        self.apply_patch("/api/v1/groups/settings", &body).await
    }

    /// `PATCH /api/v1/groups/{groupId}` (204) replacing the group's roles with the default or
    /// custom roles named `role_names` (e.g. `["TenantAdmin"]`); an empty list removes them all.
    pub async fn set_group_roles(
        self,
        group_id: &GroupId,
        role_names: &[&str],
    ) -> Result<(), QlikError> {
        let roles: Vec<_> = role_names.iter().map(|n| json!({ "name": n })).collect();
        let body = json!([{ "op": "replace", "path": "/assignedRoles", "value": roles }]);
        let path = format!("/api/v1/groups/{group_id}");
        self.apply_patch(&path, &body).await
    }

    /// `POST /api/v1/data-connections` for `connection_string`, its credentials passed apart
    /// in `qUsername`/`qPassword` so the readable connect statement holds none.
    pub async fn create_data_connection(
        self,
        name: &str,
        q_type: &str,
        connection_string: &str,
    ) -> Result<DataConnection, QlikError> {
        let parts = super::split_credentials(connection_string);
        let mut body = json!({
            "qName": name, "qType": q_type, "qConnectStatement": parts.statement,
            "datasourceID": q_type, "qSeparateCredentials": false,
        });
        if let Some(user) = &parts.username {
            body["qUsername"] = json!(user);
        }
        if let Some(password) = &parts.password {
            body["qPassword"] = json!(password);
        }
        self.post("/api/v1/data-connections", &body).await
    }
}
