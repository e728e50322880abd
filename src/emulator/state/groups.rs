//! Groups in the emulator's world: Qlik names a group by name and provider type, so the
//! type is part of what a group is.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A group's `providerType`: Qlik keeps an `idp` and a `custom` group of one name apart, and
/// a user is assigned a group by name *and* type (`AssignedGroupsRefNames`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderType {
    /// From an identity provider's `groups` claim; the default of `GroupPostSchema`.
    #[default]
    Idp,
    /// Made and filled through the API.
    Custom,
}

impl ProviderType {
    /// The wire name (`idp`, `custom`).
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderType::Idp => "idp",
            ProviderType::Custom => "custom",
        }
    }
}

/// A group of users, created by API or from JWT `groups` claims.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EmuGroup {
    pub id: String,
    pub name: String,
    pub description: String,
    pub provider_type: ProviderType,
    pub created_at: DateTime<Utc>,
    /// Names of the default roles the group grants (see `roles`).
    #[serde(default)]
    pub assigned_roles: Vec<String>,
}
