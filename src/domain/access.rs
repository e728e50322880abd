//! Row-level access inside a customer: which field reduces the data of a module's app and the
//! values each host group may see, rendered by apply as the app's Qlik `Section Access` table.
//! Every name and value is checked here to be inert inside Qlik's inline table.

use super::attributes::{AttributeName, attribute_group, attribute_value};
use super::{GroupName, ModuleKey, ParseError};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The longest reduction value accepted (as Qlik's reload-time variables).
pub const MAX_VALUE_CHARS: usize = 256;
/// At most this many groups per rule, and values per group.
pub const MAX_ENTRIES: usize = 100;
/// Section access's own fields (help.qlik.com, "Managing data security with Section Access"):
/// a reduction field may not be one of them.
const SYSTEM_FIELDS: [&str; 5] = ["ACCESS", "USERID", "USER.EMAIL", "GROUP", "OMIT"];

/// Why a text cannot stand in a section access table: the inline table ends at `]`, its
/// cells are split at `,`, quotes and `[` start quoted cells, `$(` expands before parsing, and
/// a line break starts a new row.
fn inline_safe(raw: &str) -> Result<(), ParseError> {
    if raw.chars().any(char::is_control) {
        return Err(ParseError::new(
            "line breaks and control characters cannot stand in a section access table",
        ));
    }
    if let Some(bad) = raw
        .chars()
        .find(|c| matches!(c, '[' | ']' | ',' | '"' | '\'' | ';'))
    {
        return Err(ParseError::new(format!(
            "{bad:?} cannot stand in a section access table"
        )));
    }
    if raw.contains("$(") {
        return Err(ParseError::new("\"$(\" would be expanded by Qlik"));
    }
    Ok(())
}

/// True when `raw` can stand in a section access table as it is (a name Qlik gave, say).
pub fn is_inline_safe(raw: &str) -> bool {
    inline_safe(raw).is_ok()
}

/// The field that reduces the data: upper case (Qlik upper-cases section access), `A-Z`,
/// `0-9`, `_`, starting with a letter, at most 64 characters, not a system field.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReductionField(String);

impl ReductionField {
    /// Checks a reduction field name.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let ok = (1..=64).contains(&raw.len())
            && raw.starts_with(|c: char| c.is_ascii_uppercase())
            && raw
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
        if !ok {
            return Err(ParseError::new(format!(
                "field {raw:?} must be A-Z, 0-9 or _, start with a letter, ≤ 64 characters \
                 (Qlik reduces on upper-case fields)"
            )));
        }
        if SYSTEM_FIELDS.contains(&raw) {
            return Err(ParseError::new(format!(
                "{raw} is a section access system field"
            )));
        }
        Ok(Self(raw.to_owned()))
    }
}
super::string_newtype!(ReductionField);

/// A value a group may see: `*` for every value, else one value of the field.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AccessValue {
    All,
    Value(String),
}

impl AccessValue {
    /// Checks a value: `*`, or 1–256 characters, trimmed and inert in an inline table.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        if raw == "*" {
            return Ok(AccessValue::All);
        }
        if raw.is_empty() || raw.chars().count() > MAX_VALUE_CHARS || raw.trim() != raw {
            return Err(ParseError::new(format!(
                "a value must be 1–{MAX_VALUE_CHARS} characters without surrounding spaces"
            )));
        }
        inline_safe(raw)?;
        if raw.contains('*') {
            return Err(ParseError::new("\"*\" stands alone: every value"));
        }
        Ok(AccessValue::Value(raw.to_owned()))
    }

    /// The value as written in the spec.
    pub fn as_str(&self) -> &str {
        match self {
            AccessValue::All => "*",
            AccessValue::Value(v) => v,
        }
    }
}

impl Serialize for AccessValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for AccessValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        AccessValue::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// One module's (or the customer's) row-level access: the reduction field and, per host
/// group, the values its members see; per host attribute, the values it can unlock (a user
/// whose `region` holds `North` sees `North`). A user matching nothing sees nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AccessRule {
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub field: ReductionField,
    #[cfg_attr(feature = "ssr", schema(value_type = BTreeMap<String, Vec<String>>))]
    #[serde(default, deserialize_with = "groups")]
    pub groups: BTreeMap<GroupName, Vec<AccessValue>>,
    #[cfg_attr(feature = "ssr", schema(value_type = BTreeMap<String, Vec<String>>))]
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "attributes"
    )]
    pub attributes: BTreeMap<AttributeName, Vec<String>>,
}

impl AccessRule {
    /// The table's user rows: each group with a value its members see, the groups standing
    /// for attribute values included.
    pub fn rows(&self) -> Vec<(GroupName, AccessValue)> {
        let mut rows: Vec<(GroupName, AccessValue)> = self
            .groups
            .iter()
            .flat_map(|(g, values)| values.iter().map(|v| (g.clone(), v.clone())))
            .collect();
        for (name, values) in &self.attributes {
            for value in values {
                rows.push((
                    attribute_group(name, value),
                    AccessValue::Value(value.clone()),
                ));
            }
        }
        rows
    }

    /// True when a user in `groups` matches a row (Qlik compares section access upper-cased).
    pub fn admits(&self, groups: &[GroupName]) -> bool {
        self.rows().iter().any(|(row, _)| {
            groups
                .iter()
                .any(|g| g.as_str().to_uppercase() == row.as_str().to_uppercase())
        })
    }

    /// Every group the rule names, the hub's attribute groups included.
    pub fn group_names(&self) -> BTreeSet<GroupName> {
        self.rows().into_iter().map(|(g, _)| g).collect()
    }
}

/// Reads `attributes`: each value inert and no `*` (the table must list what it unlocks).
fn attributes<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<AttributeName, Vec<String>>, D::Error> {
    use serde::de::Error;
    let raw = BTreeMap::<AttributeName, Vec<String>>::deserialize(d)?;
    if raw.len() > MAX_ENTRIES {
        return Err(D::Error::custom(format!(
            "at most {MAX_ENTRIES} attributes"
        )));
    }
    for (name, values) in &raw {
        if values.is_empty() || values.len() > MAX_ENTRIES {
            return Err(D::Error::custom(format!(
                "attribute {name}: 1 to {MAX_ENTRIES} values"
            )));
        }
        for value in values {
            attribute_value(value)
                .map_err(|e| D::Error::custom(format!("attribute {name}: {e}")))?;
        }
    }
    Ok(raw)
}

/// Reads `groups`: each name inert in the table, at most [`MAX_ENTRIES`] groups and values.
fn groups<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<GroupName, Vec<AccessValue>>, D::Error> {
    use serde::de::Error;
    let groups = BTreeMap::<GroupName, Vec<AccessValue>>::deserialize(d)?;
    if groups.len() > MAX_ENTRIES {
        return Err(D::Error::custom(format!("at most {MAX_ENTRIES} groups")));
    }
    for (name, values) in &groups {
        inline_safe(name.as_str()).map_err(|e| D::Error::custom(format!("group {name:?}: {e}")))?;
        if values.is_empty() || values.len() > MAX_ENTRIES {
            return Err(D::Error::custom(format!(
                "group {name:?}: 1 to {MAX_ENTRIES} values (\"*\" for all)"
            )));
        }
    }
    Ok(groups)
}

/// A module's own access: `"none"` (every user of the customer sees every row) or
/// `{"rule": {...}}`, as a module's `refresh` is `"manual"` or `{"schedule": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ModuleAccess {
    None,
    Rule(AccessRule),
}

/// Row-level access in a customer's spec: a default for every module and per-module rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AccessSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<AccessRule>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub modules: BTreeMap<ModuleKey, ModuleAccess>,
}

impl AccessSpec {
    /// True when no module has section access.
    pub fn is_open(&self) -> bool {
        self.default.is_none() && self.modules.is_empty()
    }

    /// Every group a rule of `modules` names: the groups apply makes on the tenant, so an
    /// impersonated user (OAuth mode) can be put in them.
    pub fn group_names<'a>(
        &self,
        modules: impl IntoIterator<Item = &'a ModuleKey>,
    ) -> BTreeSet<GroupName> {
        modules
            .into_iter()
            .filter_map(|m| self.for_module(m))
            .flat_map(AccessRule::group_names)
            .collect()
    }

    /// The rule that applies to `module`, if any.
    pub fn for_module(&self, module: &ModuleKey) -> Option<&AccessRule> {
        match self.modules.get(module) {
            Some(ModuleAccess::Rule(rule)) => Some(rule),
            Some(ModuleAccess::None) => None,
            None => self.default.as_ref(),
        }
    }
}

#[cfg(test)]
#[path = "access_tests.rs"]
mod tests;
