//! Groups in the emulator's world: Qlik names a group by name and provider type, so the
//! type is part of what a group is.

use super::EmuTenant;
use crate::emulator::ids;
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

impl EmuTenant {
    /// The id of the group named `name` of `provider_type` (Qlik tells the two types apart).
    pub fn group_id(&self, name: &str, provider_type: ProviderType) -> Option<String> {
        self.groups
            .values()
            .find(|g| g.name == name && g.provider_type == provider_type)
            .map(|g| g.id.clone())
    }

    /// Adds group `name` of `provider_type` unless it exists (the groups API creates groups,
    /// and so do JWT logins' `groups` claims); returns its id.
    pub fn ensure_group(&mut self, name: &str, provider_type: ProviderType) -> String {
        if let Some(existing) = self.group_id(name, provider_type) {
            return existing;
        }
        let group = EmuGroup {
            id: ids::hex24(),
            name: name.to_owned(),
            description: String::new(),
            provider_type,
            created_at: Utc::now(),
            assigned_roles: Vec::new(),
        };
        let id = group.id.clone();
        self.groups.insert(id.clone(), group);
        id
    }
}
