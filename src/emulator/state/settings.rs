//! A tenant's least-privilege settings in the emulator's world: the Everyone group's roles,
//! licence auto-assignment and assignments, session limits and the tenant's role flags.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The settings a tenant starts with and an admin changes through the APIs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TenantSettings {
    /// Names of the roles the Everyone group (`000000000000000000000001`) grants.
    pub everyone_roles: Vec<String>,
    /// When Everyone's roles last changed (None: as the tenant was created).
    pub everyone_updated: Option<DateTime<Utc>>,
    /// `autoAssignAnalyzer` and `autoAssignProfessional` of the licenses settings.
    pub auto_assign_analyzer: bool,
    pub auto_assign_professional: bool,
    /// Licence assignments by user subject.
    pub licenses: BTreeMap<String, LicenseAssignment>,
    pub auth: AuthSettings,
    /// The tenant's boolean flags by their `Tenant` field name (`autoAssign…`, `enable…`).
    pub flags: BTreeMap<String, bool>,
}

/// Qlik's defaults for a new tenant. UNCONFIRMED: Everyone's roles (plausibly the creator
/// roles, as tenants let every user create content out of the box), licence auto-assignment
/// on for both types, and the `autoAssign…ToProfessionals` flags on.
impl Default for TenantSettings {
    fn default() -> Self {
        let creator_roles = [
            "PrivateAnalyticsContentCreator",
            "SharedSpaceCreator",
            "ManagedSpaceCreator",
            "DataSpaceCreator",
        ];
        let flags = TENANT_FLAGS
            .iter()
            .map(|(name, default)| ((*name).to_owned(), *default))
            .collect();
        Self {
            everyone_roles: creator_roles.map(str::to_owned).to_vec(),
            everyone_updated: None,
            auto_assign_analyzer: true,
            auto_assign_professional: true,
            licenses: BTreeMap::new(),
            auth: AuthSettings::default(),
            flags,
        }
    }
}

/// The boolean fields of `Tenant` that `PATCH /tenants/{id}` replaces (`TenantPatchSchema`),
/// with their defaults (UNCONFIRMED: Qlik documents none).
pub const TENANT_FLAGS: [(&str, bool); 5] = [
    ("autoAssignCreateSharedSpacesRoleToProfessionals", true),
    (
        "autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals",
        true,
    ),
    ("autoAssignDataServicesContributorRoleToProfessionals", true),
    ("enableAnalyticCreation", false),
    ("enableAppOpeningFeedback", false),
];

/// A user's licence: its allotment type (`professional`, `analyzer`) and when it was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenseAssignment {
    pub kind: String,
    pub created: DateTime<Utc>,
}

/// `AuthSettingsResource`: session limits and dynamic client registration; `custom` is false
/// until an admin saves values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthSettings {
    pub inactivity_minutes: i64,
    pub lifespan_minutes: i64,
    pub dcr_enabled: bool,
    pub dcr_methods: Vec<String>,
    pub custom: bool,
}

/// Qlik Cloud's defaults (help.qlik.com, "Configuring session timeouts"): 30 minutes of
/// inactivity, 24 hours at most; dynamic client registration off (UNCONFIRMED).
impl Default for AuthSettings {
    fn default() -> Self {
        Self {
            inactivity_minutes: 30,
            lifespan_minutes: 24 * 60,
            dcr_enabled: false,
            dcr_methods: Vec::new(),
            custom: false,
        }
    }
}
