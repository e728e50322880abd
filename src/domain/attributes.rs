//! User attributes the host backend vouches for (`{"region": ["North"]}`), and the naming rule
//! that turns each into a group the hub manages, since Qlik's JWT and section access read groups.

use super::{AccessValue, GroupName, ParseError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Every group the hub derives from an attribute starts so; a host's own group may not.
pub const GROUP_PREFIX: &str = "oemhub:";
/// At most this many attributes per user, and values per attribute.
pub const MAX_ATTRIBUTES: usize = 20;
pub const MAX_VALUES: usize = 100;
/// The longest attribute value: the group `oemhub:<name>=<value>` stays within Qlik's 256.
pub const MAX_VALUE_CHARS: usize = 200;

/// An attribute's name: `a-z`, `0-9`, `_`, starting with a letter, at most 32 characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AttributeName(String);

impl AttributeName {
    /// Checks an attribute name.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        if !super::customer::is_snake_name(raw, 32) {
            return Err(ParseError::new(format!(
                "attribute {raw:?} must be a-z, 0-9 or _, start with a letter, ≤ 32 characters"
            )));
        }
        Ok(Self(raw.to_owned()))
    }
}
super::string_newtype!(AttributeName);

/// One attribute value: inert in a section access table (as [`AccessValue`]), not `*`, at
/// most [`MAX_VALUE_CHARS`] characters.
pub fn attribute_value(raw: &str) -> Result<String, ParseError> {
    match AccessValue::parse(raw)? {
        AccessValue::All => Err(ParseError::new(
            "\"*\" is not an attribute value: list the values",
        )),
        AccessValue::Value(v) if v.chars().count() > MAX_VALUE_CHARS => Err(ParseError::new(
            format!("an attribute value is at most {MAX_VALUE_CHARS} characters"),
        )),
        AccessValue::Value(v) => Ok(v),
    }
}

/// The group the hub manages for `value` of attribute `name`: `oemhub:<name>=<value>`.
pub fn attribute_group(name: &AttributeName, value: &str) -> GroupName {
    // Both parts were checked: the name is short ASCII, the value ≤ 200 printable characters.
    GroupName::parse(&format!("{GROUP_PREFIX}{name}={value}"))
        .unwrap_or_else(|_| unreachable!("checked attribute parts make a valid group name"))
}

/// A user's attributes, by name: each a list of values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Attributes(BTreeMap<AttributeName, Vec<String>>);

impl Attributes {
    /// Checks every name and value.
    pub fn parse(raw: BTreeMap<String, Vec<String>>) -> Result<Self, ParseError> {
        if raw.len() > MAX_ATTRIBUTES {
            return Err(ParseError::new(format!(
                "at most {MAX_ATTRIBUTES} attributes"
            )));
        }
        let mut checked = BTreeMap::new();
        for (name, values) in raw {
            let name = AttributeName::parse(&name)?;
            if values.len() > MAX_VALUES {
                return Err(ParseError::new(format!(
                    "attribute {name}: at most {MAX_VALUES} values"
                )));
            }
            let values = values
                .iter()
                .map(|v| attribute_value(v))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| ParseError::new(format!("attribute {name}: {e}")))?;
            checked.insert(name, values);
        }
        Ok(Self(checked))
    }

    /// True when the user has no attribute.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The groups these attributes stand for on the tenant.
    pub fn groups(&self) -> impl Iterator<Item = GroupName> + '_ {
        self.0
            .iter()
            .flat_map(|(name, values)| values.iter().map(move |v| attribute_group(name, v)))
    }
}

impl<'de> Deserialize<'de> for Attributes {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = BTreeMap::<String, Vec<String>>::deserialize(d)?;
        Attributes::parse(raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn attributes_become_the_hubs_groups() {
        let a: Attributes =
            serde_json::from_value(json!({"region": ["North", "Süd"], "tier": ["gold"]}))
                .expect("attributes");
        let groups: Vec<String> = a.groups().map(|g| g.to_string()).collect();
        assert_eq!(
            groups,
            [
                "oemhub:region=North",
                "oemhub:region=Süd",
                "oemhub:tier=gold"
            ]
        );
        let longest = "x".repeat(MAX_VALUE_CHARS);
        let a = Attributes::parse(BTreeMap::from([(
            "a_long_attribute_name_of_32_char".to_owned(),
            vec![longest],
        )]))
        .expect("longest");
        assert_eq!(a.groups().count(), 1);
    }

    #[test]
    fn bad_attributes_are_refused_naming_the_cause() {
        for (bad, says) in [
            (json!({"Region": ["North"]}), "a-z"),
            (json!({"region": ["*"]}), "list the values"),
            (json!({"region": ["a,b"]}), "','"),
            (json!({"region": ["x]"]}), "']'"),
            (json!({"region": ["$(v)"]}), "$("),
            (json!({"region": ["a\nb"]}), "line breaks"),
            (json!({"region": ["a\u{0}b"]}), "control"),
            (json!({"region": ["x".repeat(201)]}), "200"),
            (json!({"region": "North"}), "sequence"),
        ] {
            let err = serde_json::from_value::<Attributes>(bad.clone()).expect_err("refused");
            assert!(err.to_string().contains(says), "{bad}: {err}");
        }
        let many: BTreeMap<String, Vec<String>> =
            (0..21).map(|i| (format!("a{i}"), vec![])).collect();
        assert!(Attributes::parse(many).is_err());
    }
}
