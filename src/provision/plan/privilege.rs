//! The least-privilege part of a plan: one change per part of the spec's `privilege` block
//! that the tenant does not hold (never applied, or changed there by hand).

use crate::domain::{
    LicenseAutoAssign, PrivilegeHeld, PrivilegeSpec, ProfessionalAutoRoles, SessionLimits,
    TenantRole,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// One least-privilege setting to put on the tenant, as the spec says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "part", rename_all = "snake_case")]
pub enum PrivilegeChange {
    /// Replace the Everyone group's roles with exactly these.
    EveryoneRoles { roles: BTreeSet<TenantRole> },
    /// Set licence auto-assignment.
    Licenses { assign: LicenseAutoAssign },
    /// Set the session inactivity timeout and lifespan.
    Sessions { limits: SessionLimits },
    /// Set the tenant's professional auto-role flags.
    ProfessionalAutoRoles { roles: ProfessionalAutoRoles },
}

impl PrivilegeChange {
    /// A short label for progress displays.
    pub fn label(&self) -> &'static str {
        match self {
            PrivilegeChange::EveryoneRoles { .. } => "everyone group roles",
            PrivilegeChange::Licenses { .. } => "licence auto-assignment",
            PrivilegeChange::Sessions { .. } => "session limits",
            PrivilegeChange::ProfessionalAutoRoles { .. } => "professional auto-assigned roles",
        }
    }
}

/// The changes that make `held` match `spec`, in a fixed order.
pub(super) fn changes(spec: &PrivilegeSpec, held: &PrivilegeHeld) -> Vec<PrivilegeChange> {
    let mut changes = Vec::new();
    if held.everyone_roles.as_ref() != Some(&spec.everyone_roles) {
        changes.push(PrivilegeChange::EveryoneRoles {
            roles: spec.everyone_roles.clone(),
        });
    }
    if held.licenses != Some(spec.licenses) {
        changes.push(PrivilegeChange::Licenses {
            assign: spec.licenses,
        });
    }
    if held.sessions != Some(spec.sessions) {
        changes.push(PrivilegeChange::Sessions {
            limits: spec.sessions,
        });
    }
    if held.professional_auto_roles != Some(spec.professional_auto_roles) {
        changes.push(PrivilegeChange::ProfessionalAutoRoles {
            roles: spec.professional_auto_roles,
        });
    }
    changes
}

/// What the tenant holds once every part of `spec` is applied.
#[cfg(test)]
pub(super) fn held(spec: &PrivilegeSpec) -> PrivilegeHeld {
    PrivilegeHeld {
        everyone_roles: Some(spec.everyone_roles.clone()),
        licenses: Some(spec.licenses),
        sessions: Some(spec.sessions),
        professional_auto_roles: Some(spec.professional_auto_roles),
    }
}
