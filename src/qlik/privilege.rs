//! Least-privilege settings of a tenant, in `@qlik/api` 2.19.0's shapes: the Everyone group's
//! roles (`groups` settings), licence auto-assignment (`licenses` settings), session limits
//! (`core/auth-settings`) and the roles given to professionals (`tenants` flags).

use super::TenantApi;
use super::error::QlikError;
use super::models::AssignedRole;
use crate::domain::{
    InactivityMinutes, LicenseAutoAssign, LifespanMinutes, ProfessionalAutoRoles, SessionLimits,
    TenantId, TenantRole,
};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// The Everyone group's id, the same in every tenant ("will not change and is immutable").
pub const EVERYONE_GROUP_ID: &str = "000000000000000000000001";

/// `GroupSettings`, the parts oem-hub reads.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct GroupSettings {
    pub auto_create_groups: bool,
    /// System groups by id; Everyone is [`EVERYONE_GROUP_ID`].
    pub system_groups: BTreeMap<String, SystemGroup>,
}

/// A system group in `GroupSettings.systemGroups`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SystemGroup {
    #[serde(default)]
    pub assigned_roles: Vec<AssignedRole>,
}

impl GroupSettings {
    /// The Everyone group's roles as default roles, or the first name oem-hub does not know
    /// (a custom role). A missing Everyone entry or `assignedRoles` is taken as no roles
    /// (UNCONFIRMED: the schema marks both optional, "visibility dependant on access level").
    pub fn everyone_roles(&self) -> Result<BTreeSet<TenantRole>, String> {
        let Some(everyone) = self.system_groups.get(EVERYONE_GROUP_ID) else {
            return Ok(BTreeSet::new());
        };
        everyone
            .assigned_roles
            .iter()
            .map(|r| TenantRole::parse(&r.name).ok_or_else(|| r.name.clone()))
            .collect()
    }
}

/// `SettingsBody` of the licenses API; both fields optional in Qlik's schema.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LicenseSettings {
    pub auto_assign_analyzer: Option<bool>,
    pub auto_assign_professional: Option<bool>,
}

impl LicenseSettings {
    /// As the spec says it; an absent flag is taken as off (UNCONFIRMED).
    pub fn auto_assign(self) -> LicenseAutoAssign {
        LicenseAutoAssign {
            analyzer: self.auto_assign_analyzer.unwrap_or(false),
            professional: self.auto_assign_professional.unwrap_or(false),
        }
    }
}

/// `AuthSettingsResource`, the two session limits (both required in Qlik's schema).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthSettings {
    pub user_session_inactivity_timeout_minutes: u64,
    pub max_user_session_lifespan_minutes: u64,
}

impl AuthSettings {
    /// As the spec says it, or why the tenant's values cannot be (outside Qlik's own bounds).
    pub fn limits(self) -> Result<SessionLimits, String> {
        let inactivity = InactivityMinutes::parse(self.user_session_inactivity_timeout_minutes);
        let lifespan = LifespanMinutes::parse(self.max_user_session_lifespan_minutes);
        SessionLimits::new(inactivity.map_err(|e| e.0)?, lifespan.map_err(|e| e.0)?)
            .map_err(|e| e.0)
    }
}

/// The `Tenant` flags that give professionals creator roles; absent ones hold Qlik's
/// default, true (reference: "Booleans, default true").
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TenantAutoRoles {
    pub auto_assign_create_shared_spaces_role_to_professionals: Option<bool>,
    pub auto_assign_private_analytics_content_creator_role_to_professionals: Option<bool>,
    pub auto_assign_data_services_contributor_role_to_professionals: Option<bool>,
}

impl TenantAutoRoles {
    /// As the spec says it.
    pub fn roles(self) -> ProfessionalAutoRoles {
        ProfessionalAutoRoles {
            shared_spaces: self
                .auto_assign_create_shared_spaces_role_to_professionals
                .unwrap_or(true),
            private_analytics: self
                .auto_assign_private_analytics_content_creator_role_to_professionals
                .unwrap_or(true),
            data_services: self
                .auto_assign_data_services_contributor_role_to_professionals
                .unwrap_or(true),
        }
    }
}

/// The `PATCH /api/v1/groups/settings` body giving Everyone exactly `roles` (by name).
pub fn everyone_roles_patch(roles: &BTreeSet<TenantRole>) -> Value {
    let value: Vec<Value> = roles
        .iter()
        .map(|r| json!({ "name": r.as_str() }))
        .collect();
    let path = format!("/systemGroups/{EVERYONE_GROUP_ID}/assignedRoles");
    json!([{ "op": "replace", "path": path, "value": value }])
}

/// The `PATCH /api/core/auth-settings` body setting both limits.
pub fn session_limits_patch(limits: SessionLimits) -> Value {
    json!([
        { "op": "replace", "path": "/userSessionInactivityTimeoutMinutes",
          "value": limits.inactivity_minutes.get() },
        { "op": "replace", "path": "/maxUserSessionLifespanMinutes",
          "value": limits.max_lifespan_minutes.get() },
    ])
}

/// The `PATCH /api/v1/tenants/{id}` body setting the three professional flags.
pub fn professional_roles_patch(roles: ProfessionalAutoRoles) -> Value {
    let op = |path: &str, value: bool| json!({ "op": "replace", "path": path, "value": value });
    json!([
        op(
            "/autoAssignCreateSharedSpacesRoleToProfessionals",
            roles.shared_spaces
        ),
        op(
            "/autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals",
            roles.private_analytics
        ),
        op(
            "/autoAssignDataServicesContributorRoleToProfessionals",
            roles.data_services
        ),
    ])
}

impl TenantApi<'_> {
    /// `GET /api/v1/groups/settings` (Tier 1).
    pub async fn group_settings(self) -> Result<GroupSettings, QlikError> {
        self.get("/api/v1/groups/settings").await
    }

    /// `PATCH /api/v1/groups/settings` (Tier 2, 204) replacing the Everyone group's roles.
    pub async fn set_everyone_roles(self, roles: &BTreeSet<TenantRole>) -> Result<(), QlikError> {
        let body = everyone_roles_patch(roles);
        self.apply_patch("/api/v1/groups/settings", &body).await
    }

    /// `GET /api/v1/licenses/settings`.
    pub async fn license_settings(self) -> Result<LicenseSettings, QlikError> {
        self.get("/api/v1/licenses/settings").await
    }

    /// `PUT /api/v1/licenses/settings` (200, the settings back).
    pub async fn set_license_settings(
        self,
        assign: LicenseAutoAssign,
    ) -> Result<LicenseSettings, QlikError> {
        let body = json!({
            "autoAssignAnalyzer": assign.analyzer,
            "autoAssignProfessional": assign.professional,
        });
        self.put("/api/v1/licenses/settings", &body).await
    }

    /// `GET /api/core/auth-settings` (needs TenantAdmin, which the bot user has).
    pub async fn auth_settings(self) -> Result<AuthSettings, QlikError> {
        self.get("/api/core/auth-settings").await
    }

    /// `PATCH /api/core/auth-settings` (200, the settings back).
    pub async fn set_session_limits(
        self,
        limits: SessionLimits,
    ) -> Result<AuthSettings, QlikError> {
        let body = session_limits_patch(limits);
        self.patch("/api/core/auth-settings", &body).await
    }

    /// `GET /api/v1/tenants/{id}`, read for its professional auto-role flags.
    pub async fn tenant_auto_roles(
        self,
        tenant_id: &TenantId,
    ) -> Result<TenantAutoRoles, QlikError> {
        self.get(&format!("/api/v1/tenants/{tenant_id}")).await
    }

    /// `PATCH /api/v1/tenants/{id}` (204) setting the three professional auto-role flags.
    pub async fn set_professional_auto_roles(
        self,
        tenant_id: &TenantId,
        roles: ProfessionalAutoRoles,
    ) -> Result<(), QlikError> {
        let body = professional_roles_patch(roles);
        let path = format!("/api/v1/tenants/{tenant_id}");
        self.apply_patch(&path, &body).await
    }
}

#[cfg(test)]
#[path = "privilege_tests.rs"]
mod tests;
