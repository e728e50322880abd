//! Parse-don't-validate value types shared by the browser and the server.
//! A value of these types is valid by construction; forms and routes use the same parsers.

mod access;
mod api_token;
pub mod attributes;
mod customer;
mod embed_url;
mod embed_user;
mod hybrid;
mod identity;
mod ids;
mod look;
mod menu_options;
mod origin;
mod privilege;
mod refresh;
mod region;
#[cfg(feature = "ssr")]
mod schema;
mod slug;
mod states;
pub(crate) use states::text_enum;
mod tenant_host;
#[cfg(test)]
pub(crate) mod testing;
mod user_policy;

pub use access::{
    AccessRule, AccessSpec, AccessValue, ModuleAccess, ReductionField, is_inline_safe,
};
pub use api_token::{
    ApiTokenId, ScopeKind, TOKEN_ID_PREFIX, TokenName, TokenScope, TokenSecret, TokenStatus,
};
pub use attributes::{AttributeName, Attributes};
pub use customer::{
    ConnectionKind, CustomerSpec, DataConnectionSpec, DisplayName, EmbeddingMode, GroupName,
    LicenseRef, ParamName, Redacted, SpaceRole,
};
pub use embed_url::{Opt, Param, Selection, SingleUrl, Target, encode_value, sense_sheet_url};
pub use embed_user::EmbedUser;
pub use hybrid::{
    DeploymentName, DeploymentStatus, DeploymentValues, HybridApp, HybridAppStatus, HybridSheet,
    HybridView, LocalBearerToken, SiteHost, hybrid_module_key, is_extension_type, odag_bindings,
};
pub use identity::{
    HOST_SUBJECT_PREFIX, PREVIEW_SUBJECT_PREFIX, Principal, QlikSubject, tenant_issuer,
};
pub use ids::{
    AppId, AssignmentId, CspEntryId, DataConnectionId, GroupId, IdpId, OauthClientId, ReloadId,
    SheetId, SpaceId, TaskId, TenantId, ThemeId, ThemeName, UserId, WebIntegrationId, WebhookId,
};
pub use look::{Lang, sheet_options};
pub use menu_options::{FixedSelection, MenuOptions};
pub use origin::Origin;
pub use privilege::{
    InactivityMinutes, LicenseAutoAssign, LifespanMinutes, PrivilegeHeld, PrivilegeSpec,
    ProfessionalAutoRoles, SessionLimits, TenantRole,
};
#[cfg(feature = "ssr")]
pub use refresh::spread::{self, ScheduledReload, SpreadError};
pub use refresh::{MAX_SPREAD_MINUTES, Refresh, RefreshSpec, Rrule, Schedule, TimeZone};
pub use region::Region;
pub use slug::{CustomerSlug, ModuleKey};
pub use states::{
    FleetItemState, FleetReloadState, JobKind, JobState, LastResult, ReloadOutcome, ReloadTrigger,
    RemovalCause, RolloutState, TenantUserOutcome, UserEvent,
};
pub use tenant_host::TenantHostname;
pub use user_policy::UserPolicy;

/// Why a value was refused; the message is meant for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ParseError(pub String);

impl ParseError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

/// A character as a refusal names it: `'é'`, or `U+000A` for a control character, so a
/// message never carries a raw newline. Not `char`'s `Debug`: its escape tables would be
/// the largest part of the parsers the browser bundle carries.
pub(crate) fn quoted_char(c: char) -> String {
    control_code(c).unwrap_or_else(|| format!("'{c}'"))
}

/// A text as a refusal names it: in quotes, each control character as `U+000A` (see
/// [`quoted_char`]; `str`'s `Debug` would bring the same escape tables).
pub(crate) fn quoted(text: &str) -> String {
    let mut out = String::from("'");
    for c in text.chars() {
        match control_code(c) {
            Some(code) => out.push_str(&code),
            None => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// `U+000A` for a control character.
fn control_code(c: char) -> Option<String> {
    c.is_control().then(|| format!("U+{:04X}", u32::from(c)))
}

/// Implements `Display`, `AsRef<str>`, `FromStr` and string serde for a newtype over `String`
/// whose only constructor is `parse`.
macro_rules! string_newtype {
    ($name:ident) => {
        impl $name {
            /// The value as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        impl ::std::str::FromStr for $name {
            type Err = $crate::domain::ParseError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(d)?;
                Self::parse(&raw).map_err(::serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use string_newtype;

/// True when `label` is a valid DNS label: 1–63 of `a-z0-9-`, not starting or ending with `-`.
pub(crate) fn is_dns_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
