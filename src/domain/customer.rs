//! A customer's desired state as the partner declares it: one document, validated on parse,
//! shared by the admin forms, the REST API, the CLI and the provisioning engine.

use super::states::text_enum;
use super::{
    AccessSpec, CustomerSlug, Lang, ModuleKey, Origin, ParseError, PrivilegeSpec, RefreshSpec,
    Region, ThemeName, UserPolicy, string_newtype,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Everything oem-hub needs to make a customer's Qlik Cloud tenant real.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CustomerSpec {
    pub slug: CustomerSlug,
    pub display_name: DisplayName,
    pub region: Region,
    /// Where the license key for the tenant comes from (`source`: the source tenant's own).
    #[serde(default)]
    pub license: LicenseRef,
    /// Host SaaS origins allowed to embed (web integration + CSP frame-ancestors).
    #[serde(default)]
    pub origins: Vec<Origin>,
    #[serde(default)]
    pub modules: Vec<ModuleKey>,
    /// Values of the load-script templates' named parameters (e.g. `region`, `database`).
    #[serde(default)]
    pub params: BTreeMap<ParamName, String>,
    /// Host SaaS group → role in the customer's published (managed) space.
    #[serde(default)]
    pub group_roles: BTreeMap<GroupName, SpaceRole>,
    /// The customer's own database, created in the tenant as data connection `customer_db`.
    #[serde(default)]
    pub data_connection: Option<DataConnectionSpec>,
    /// How embedded sheets reach the tenant from users' browsers.
    #[serde(default)]
    pub embedding: EmbeddingMode,
    /// The host users' lifecycle: e.g. remove a user after 90 days without a sign-in.
    #[serde(default, skip_serializing_if = "UserPolicy::is_default")]
    pub users: UserPolicy,
    /// How each module's published app is kept fresh after apply (`manual` when absent).
    #[serde(default, skip_serializing_if = "RefreshSpec::is_manual")]
    pub refresh: RefreshSpec,
    /// Row-level access inside the customer: which field reduces each module's data and what
    /// each host group sees (Qlik section access); absent, every user sees every row.
    #[serde(default, skip_serializing_if = "AccessSpec::is_open")]
    pub access: AccessSpec,
    /// Least privilege on the tenant: Everyone's roles, licence auto-assignment, session
    /// limits, professionals' auto-assigned roles (absent: the embedded-tenant defaults).
    #[serde(default, skip_serializing_if = "PrivilegeSpec::is_default")]
    pub privilege: PrivilegeSpec,
    /// The theme every sheet URL of the customer carries (`theme=`) where a module's menu
    /// options name none: a built-in theme (`horizon`) or a custom theme a template version
    /// ships, by its qextFilename.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<ThemeName>,
    /// The language every sheet URL carries (`lang=`) where a module's menu options name none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
}

text_enum!(
    /// How embedded sheets reach the customer's tenant.
    #[derive(Default)]
    EmbeddingMode {
        /// The browser signs in to the tenant itself (needs the tenant's cookie to stick).
        #[default]
        Direct => "direct",
        /// Through the hub's same-site tenant proxy.
        Proxy => "proxy",
        /// Direct, falling back to the proxy when the browser drops the tenant's cookie.
        Auto => "auto",
        /// qlik-embed with OAuth impersonation tokens minted by the hub: no cookie at all.
        Oauth => "oauth",
    }
);

/// Where a tenant's license key comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum LicenseRef {
    /// The license of the partner's source tenant (`GET /api/v1/licenses/overview`), as in
    /// Qlik's platform-operations tutorial.
    #[default]
    Source,
}

/// The customer's database as the tenant's data connection sees it. The connection string
/// may hold a password: it is sealed at rest and never returned by the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DataConnectionSpec {
    #[serde(rename = "type")]
    pub kind: ConnectionKind,
    /// Empty when read back: the value only travels inward.
    #[serde(default)]
    pub connection_string: Redacted,
}

/// A secret that may be sent to the server but is never sent back: it serializes as an empty
/// string and prints as `***`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Redacted(String);

impl Redacted {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for the code that must use it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when no value was given (or it was read back from storage).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

impl Serialize for Redacted {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str("")
    }
}

impl<'de> Deserialize<'de> for Redacted {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Self)
    }
}

/// Database engines a data connection may point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ConnectionKind {
    Sqlite,
    Postgres,
}

impl ConnectionKind {
    /// The data connection `type` sent to Qlik.
    pub fn as_str(self) -> &'static str {
        match self {
            ConnectionKind::Sqlite => "sqlite",
            ConnectionKind::Postgres => "postgres",
        }
    }
}

/// A role a group may hold in a managed space (Qlik's `assignableRoles` for `managed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum SpaceRole {
    Consumer,
    Contributor,
    Dataconsumer,
    Facilitator,
    Publisher,
    Basicconsumer,
}

impl SpaceRole {
    /// The role name as Qlik spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            SpaceRole::Consumer => "consumer",
            SpaceRole::Contributor => "contributor",
            SpaceRole::Dataconsumer => "dataconsumer",
            SpaceRole::Facilitator => "facilitator",
            SpaceRole::Publisher => "publisher",
            SpaceRole::Basicconsumer => "basicconsumer",
        }
    }
}

/// A customer's display name: 1–100 printable characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DisplayName(String);

impl DisplayName {
    /// Trims and checks a display name.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let name = raw.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(ParseError::new("must be 1–100 characters"));
        }
        if name.chars().any(char::is_control) {
            return Err(ParseError::new("must not contain control characters"));
        }
        Ok(Self(name.to_owned()))
    }
}
string_newtype!(DisplayName);

/// A group name as the host SaaS puts it in the JWT `groups` claim: 1–256 characters, no
/// control characters (Qlik group names are case-sensitive).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GroupName(String);

impl GroupName {
    /// Checks a group name.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        if raw.is_empty() || raw.chars().count() > 256 || raw.trim() != raw {
            return Err(ParseError::new(
                "must be 1–256 characters without surrounding spaces",
            ));
        }
        if raw.chars().any(char::is_control) {
            return Err(ParseError::new("must not contain control characters"));
        }
        Ok(Self(raw.to_owned()))
    }
}
string_newtype!(GroupName);

/// True for `a-z`, `0-9` and `_`, starting with a letter, 1 to `max` characters: the names
/// that stand safely in a script or a group name (parameters, attributes).
pub(super) fn is_snake_name(raw: &str, max: usize) -> bool {
    raw.len() <= max
        && raw.starts_with(|c: char| c.is_ascii_lowercase())
        && raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// A load-script parameter name: `a-z`, `0-9`, `_`, starting with a letter, ≤ 40 characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ParamName(String);

impl ParamName {
    /// Checks a parameter name.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        if !is_snake_name(raw, 40) {
            return Err(ParseError::new(format!(
                "parameter name {raw:?} must be a-z, 0-9 or _, start with a letter, ≤ 40 characters"
            )));
        }
        Ok(Self(raw.to_owned()))
    }
}
string_newtype!(ParamName);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_spec_parses_and_unknown_fields_are_refused() {
        let spec: CustomerSpec = serde_json::from_value(serde_json::json!({
            "slug": "acme", "display_name": "Acme Corp", "region": "eu",
            "origins": ["https://app.acme.example"], "modules": ["sales"],
            "params": {"region": "North"}, "group_roles": {"viewers": "consumer"},
            "data_connection": {"type": "sqlite", "connection_string": "/data/acme.db"}
        }))
        .expect("valid spec");
        assert_eq!(spec.license, LicenseRef::Source);
        assert_eq!(spec.group_roles.values().next(), Some(&SpaceRole::Consumer));
        let connection = spec.data_connection.as_ref().expect("connection");
        assert_eq!(connection.connection_string.expose(), "/data/acme.db");
        let echoed = serde_json::to_string(&spec).expect("serialize");
        assert!(!echoed.contains("/data/acme.db"), "{echoed}");
        assert_eq!(format!("{:?}", connection.connection_string), "***");
        let err = serde_json::from_value::<CustomerSpec>(serde_json::json!({
            "slug": "acme", "display_name": "Acme", "region": "eu", "colour": "red"
        }))
        .expect_err("unknown field");
        assert!(err.to_string().contains("colour"), "{err}");
    }

    #[test]
    fn names_table() {
        assert!(DisplayName::parse("  Acme  ").is_ok());
        for bad in ["", "   ", "a\nb"] {
            assert!(DisplayName::parse(bad).is_err(), "{bad:?}");
        }
        assert!(GroupName::parse("Sales Analysts").is_ok());
        for bad in ["", " x", "a\u{0}b"] {
            assert!(GroupName::parse(bad).is_err(), "{bad:?}");
        }
        assert!(ParamName::parse("row_filter").is_ok());
        for bad in ["", "Row", "1a", "a-b", "a b"] {
            assert!(ParamName::parse(bad).is_err(), "{bad:?}");
        }
    }
}
