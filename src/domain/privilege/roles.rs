//! Qlik Cloud's default tenant roles by their API names, as qlik.dev lists them ("Default
//! roles", access control): which are admin roles and which let a user create content.

use serde::{Deserialize, Serialize};

/// A default (security) role of a Qlik Cloud tenant, spelled as the groups and users APIs
/// take it (`{"name": "SharedSpaceCreator"}`, case-sensitive). Custom roles are not named
/// here: oem-hub neither grants nor recognises them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum TenantRole {
    AnalyticsAdmin,
    AuditAdmin,
    AutomationCreator,
    AutomlDeploymentContributor,
    AutomlExperimentContributor,
    CollaborationPlatformUser,
    DataAdmin,
    DataProductManager,
    DataServicesContributor,
    DataSpaceCreator,
    Developer,
    /// Restrictive: its holders reach only apps (and qlik-embed), not the hub (Qlik support
    /// article "Content restricted or unavailable with Embedded Analytics User role").
    EmbeddedAnalyticsUser,
    ManagedSpaceCreator,
    PrivateAnalyticsContentCreator,
    SharedSpaceCreator,
    Steward,
    TenantAdmin,
}

impl TenantRole {
    /// Every default role, in Qlik's (alphabetical) order.
    pub const ALL: [TenantRole; 17] = [
        TenantRole::AnalyticsAdmin,
        TenantRole::AuditAdmin,
        TenantRole::AutomationCreator,
        TenantRole::AutomlDeploymentContributor,
        TenantRole::AutomlExperimentContributor,
        TenantRole::CollaborationPlatformUser,
        TenantRole::DataAdmin,
        TenantRole::DataProductManager,
        TenantRole::DataServicesContributor,
        TenantRole::DataSpaceCreator,
        TenantRole::Developer,
        TenantRole::EmbeddedAnalyticsUser,
        TenantRole::ManagedSpaceCreator,
        TenantRole::PrivateAnalyticsContentCreator,
        TenantRole::SharedSpaceCreator,
        TenantRole::Steward,
        TenantRole::TenantAdmin,
    ];

    /// The role's API name.
    pub fn as_str(self) -> &'static str {
        match self {
            TenantRole::AnalyticsAdmin => "AnalyticsAdmin",
            TenantRole::AuditAdmin => "AuditAdmin",
            TenantRole::AutomationCreator => "AutomationCreator",
            TenantRole::AutomlDeploymentContributor => "AutomlDeploymentContributor",
            TenantRole::AutomlExperimentContributor => "AutomlExperimentContributor",
            TenantRole::CollaborationPlatformUser => "CollaborationPlatformUser",
            TenantRole::DataAdmin => "DataAdmin",
            TenantRole::DataProductManager => "DataProductManager",
            TenantRole::DataServicesContributor => "DataServicesContributor",
            TenantRole::DataSpaceCreator => "DataSpaceCreator",
            TenantRole::Developer => "Developer",
            TenantRole::EmbeddedAnalyticsUser => "EmbeddedAnalyticsUser",
            TenantRole::ManagedSpaceCreator => "ManagedSpaceCreator",
            TenantRole::PrivateAnalyticsContentCreator => "PrivateAnalyticsContentCreator",
            TenantRole::SharedSpaceCreator => "SharedSpaceCreator",
            TenantRole::Steward => "Steward",
            TenantRole::TenantAdmin => "TenantAdmin",
        }
    }

    /// The role named `name` exactly (Qlik's names are case-sensitive).
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// True for Qlik's `admin`-level roles.
    pub fn is_admin(self) -> bool {
        matches!(
            self,
            TenantRole::AnalyticsAdmin
                | TenantRole::AuditAdmin
                | TenantRole::DataAdmin
                | TenantRole::TenantAdmin
        )
    }

    /// True when the role lets its holder make content or credentials of their own (spaces,
    /// apps, automations, data products, API keys), or administer: what an embedded
    /// analytics end user does not need. Only `EmbeddedAnalyticsUser` (which restricts) and
    /// `CollaborationPlatformUser` (Qlik in Teams/Slack) are not.
    pub fn is_creator(self) -> bool {
        !matches!(
            self,
            TenantRole::EmbeddedAnalyticsUser | TenantRole::CollaborationPlatformUser
        )
    }
}

impl std::fmt::Display for TenantRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
