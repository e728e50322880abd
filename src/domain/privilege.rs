//! Least privilege on a customer's tenant: the roles every user holds through the Everyone
//! group, licence auto-assignment, session limits and the roles Qlik gives professionals.
//! Every part has a default for an embedded analytics tenant; the spec may override each.

mod roles;

pub use roles::TenantRole;

use super::ParseError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Qlik's bounds for the session inactivity timeout, in minutes (help.qlik.com,
/// "Configuring session timeouts"); its own default is 30.
pub const INACTIVITY_RANGE: std::ops::RangeInclusive<u16> = 15..=1440;
/// Qlik's bounds for the maximum session lifespan, in minutes: 1 hour to 7 days, in whole
/// hours (`@qlik/api` auth-settings: "must be a whole number of hours"); its default is 24 h.
pub const LIFESPAN_RANGE: std::ops::RangeInclusive<u16> = 60..=10080;

/// The `privilege` block of a customer's spec. Absent, or any part left out, the defaults
/// hold: Everyone has no role, analyzer (not professional) licences are auto-assigned,
/// sessions end after 30 idle minutes or 8 hours, and professionals get no creator roles.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct PrivilegeSpec {
    /// Tenant roles every user holds through the Everyone group (`com.qlik.Everyone`); admin
    /// roles are refused.
    #[serde(deserialize_with = "everyone_roles")]
    pub everyone_roles: BTreeSet<TenantRole>,
    pub licenses: LicenseAutoAssign,
    pub sessions: SessionLimits,
    pub professional_auto_roles: ProfessionalAutoRoles,
}

impl PrivilegeSpec {
    /// True when every part is the default: the block can be left out of the spec.
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// Reads `everyone_roles`: known role names, none of them an admin role.
fn everyone_roles<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<BTreeSet<TenantRole>, D::Error> {
    use serde::de::Error;
    let roles = Vec::<TenantRole>::deserialize(d)?;
    match roles.iter().find(|r| r.is_admin()) {
        Some(admin) => Err(D::Error::custom(format!(
            "{admin} is an admin role: every user of the tenant would hold it"
        ))),
        None => Ok(roles.into_iter().collect()),
    }
}

/// Which licences Qlik assigns a user on first sign-in (`/api/v1/licenses/settings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct LicenseAutoAssign {
    /// `autoAssignAnalyzer` (default true: embedded users need a licence to open apps).
    pub analyzer: bool,
    /// `autoAssignProfessional` (default false: professional licences are for creators).
    pub professional: bool,
}

impl Default for LicenseAutoAssign {
    fn default() -> Self {
        Self {
            analyzer: true,
            professional: false,
        }
    }
}

/// Whether Qlik gives a user who gets a professional licence its creator roles (the
/// tenant's `autoAssign…RoleToProfessionals` flags, each true on a new tenant).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ProfessionalAutoRoles {
    /// `autoAssignCreateSharedSpacesRoleToProfessionals`.
    pub shared_spaces: bool,
    /// `autoAssignPrivateAnalyticsContentCreatorRoleToProfessionals`.
    pub private_analytics: bool,
    /// `autoAssignDataServicesContributorRoleToProfessionals`.
    pub data_services: bool,
}

/// How long a user's session on the tenant lasts (`/api/core/auth-settings`): it ends after
/// `inactivity_minutes` idle, and after `max_lifespan_minutes` whatever the activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(try_from = "SessionsRaw")]
pub struct SessionLimits {
    #[cfg_attr(feature = "ssr", schema(value_type = u16))]
    pub inactivity_minutes: InactivityMinutes,
    #[cfg_attr(feature = "ssr", schema(value_type = u16))]
    pub max_lifespan_minutes: LifespanMinutes,
}

impl Default for SessionLimits {
    fn default() -> Self {
        Self {
            inactivity_minutes: InactivityMinutes(30),
            max_lifespan_minutes: LifespanMinutes(480),
        }
    }
}

impl SessionLimits {
    /// Both limits, refused when the idle timeout outlasts the lifespan.
    pub fn new(
        inactivity: InactivityMinutes,
        lifespan: LifespanMinutes,
    ) -> Result<Self, ParseError> {
        // UNCONFIRMED whether Qlik refuses this itself; such a timeout could never apply.
        if inactivity.get() > lifespan.get() {
            return Err(ParseError::new(format!(
                "inactivity_minutes ({}) must not exceed max_lifespan_minutes ({})",
                inactivity.get(),
                lifespan.get()
            )));
        }
        Ok(Self {
            inactivity_minutes: inactivity,
            max_lifespan_minutes: lifespan,
        })
    }
}

/// `sessions` as written, each part defaulted, before the two are checked together.
#[derive(Deserialize)]
#[serde(default, deny_unknown_fields)]
struct SessionsRaw {
    inactivity_minutes: InactivityMinutes,
    max_lifespan_minutes: LifespanMinutes,
}

impl Default for SessionsRaw {
    fn default() -> Self {
        let d = SessionLimits::default();
        Self {
            inactivity_minutes: d.inactivity_minutes,
            max_lifespan_minutes: d.max_lifespan_minutes,
        }
    }
}

impl TryFrom<SessionsRaw> for SessionLimits {
    type Error = ParseError;
    fn try_from(raw: SessionsRaw) -> Result<Self, ParseError> {
        SessionLimits::new(raw.inactivity_minutes, raw.max_lifespan_minutes)
    }
}

/// Minutes of inactivity after which a session ends: 15 to 1440.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InactivityMinutes(u16);

impl InactivityMinutes {
    /// Checks a timeout against Qlik's bounds.
    pub fn parse(minutes: u64) -> Result<Self, ParseError> {
        let (lo, hi) = (*INACTIVITY_RANGE.start(), *INACTIVITY_RANGE.end());
        match u16::try_from(minutes) {
            Ok(m) if INACTIVITY_RANGE.contains(&m) => Ok(Self(m)),
            _ => Err(ParseError::new(format!(
                "must be {lo} to {hi} minutes, not {minutes}"
            ))),
        }
    }

    /// The minutes.
    pub fn get(self) -> u16 {
        self.0
    }
}

/// Minutes after which a session ends whatever its activity: whole hours, 1 to 168.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LifespanMinutes(u16);

impl LifespanMinutes {
    /// Checks a lifespan against Qlik's bounds and its whole-hour rule.
    pub fn parse(minutes: u64) -> Result<Self, ParseError> {
        let (lo, hi) = (*LIFESPAN_RANGE.start(), *LIFESPAN_RANGE.end());
        match u16::try_from(minutes) {
            Ok(m) if LIFESPAN_RANGE.contains(&m) && m % 60 == 0 => Ok(Self(m)),
            _ => Err(ParseError::new(format!(
                "must be whole hours from {lo} to {hi} minutes (a multiple of 60), not {minutes}"
            ))),
        }
    }

    /// The minutes.
    pub fn get(self) -> u16 {
        self.0
    }
}

/// Serde for the minute newtypes: a JSON integer, checked by `parse`.
macro_rules! minutes_serde {
    ($name:ident) => {
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_u16(self.0)
            }
        }
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = u64::deserialize(d)?;
                Self::parse(raw).map_err(serde::de::Error::custom)
            }
        }
    };
}
minutes_serde!(InactivityMinutes);
minutes_serde!(LifespanMinutes);

/// What a tenant holds of each part of [`PrivilegeSpec`], as oem-hub last applied or saw it;
/// `None` for a part never applied, or found holding something oem-hub cannot express (a
/// custom role, a timeout outside Qlik's bounds), which plan then puts back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PrivilegeHeld {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub everyone_roles: Option<BTreeSet<TenantRole>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub licenses: Option<LicenseAutoAssign>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sessions: Option<SessionLimits>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub professional_auto_roles: Option<ProfessionalAutoRoles>,
}

impl PrivilegeHeld {
    /// True when nothing is recorded (rows written before least privilege existed).
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

#[cfg(test)]
#[path = "privilege_tests.rs"]
mod tests;
