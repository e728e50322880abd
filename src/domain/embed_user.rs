//! The end user a host SaaS vouches for: its own user id, name, email, groups and attributes
//! (groups and attributes decide what the user may see in the customer's tenant).

use super::attributes::{Attributes, GROUP_PREFIX};
use super::{GroupName, ParseError, Principal};
use serde::{Deserialize, Serialize};

/// A host SaaS user, checked on parse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields, try_from = "RawUser")]
pub struct EmbedUser {
    pub id: String,
    pub name: String,
    /// Required on input (Qlik's JWT sign-in needs an email claim).
    #[cfg_attr(feature = "ssr", schema(required = true, value_type = String, format = Email))]
    pub email: Option<String>,
    #[cfg_attr(feature = "ssr", schema(required = false))]
    pub groups: Vec<GroupName>,
    /// What the host knows of the user that reduces data (`{"region": ["North"]}`); each
    /// value reaches Qlik as a group the hub manages (`attributes::attribute_group`).
    #[serde(default, skip_serializing_if = "Attributes::is_empty")]
    #[cfg_attr(feature = "ssr", schema(required = false, value_type = std::collections::BTreeMap<String, Vec<String>>))]
    pub attributes: Attributes,
    /// Who vouched for the user. Never read from input: hosts cannot claim to be a preview.
    #[serde(skip)]
    pub principal: Principal,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUser {
    id: String,
    name: String,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    groups: Vec<GroupName>,
    #[serde(default)]
    attributes: Attributes,
}

impl TryFrom<RawUser> for EmbedUser {
    type Error = ParseError;

    fn try_from(raw: RawUser) -> Result<Self, ParseError> {
        let printable =
            |s: &str| !s.trim().is_empty() && s.len() <= 256 && !s.chars().any(char::is_control);
        if !printable(&raw.id) {
            return Err(ParseError::new(
                "user.id must be 1–256 printable characters",
            ));
        }
        if !printable(&raw.name) {
            return Err(ParseError::new(
                "user.name must be 1–256 printable characters",
            ));
        }
        let Some(email) = &raw.email else {
            return Err(ParseError::new(
                "user.email is required: Qlik's JWT sign-in needs an email claim",
            ));
        };
        if !(printable(email)
            && email
                .split_once('@')
                .is_some_and(|(l, d)| !l.is_empty() && d.contains('.')))
        {
            return Err(ParseError::new("user.email is not an email address"));
        }
        if let Some(g) = raw
            .groups
            .iter()
            .find(|g| g.as_str().starts_with(GROUP_PREFIX))
        {
            return Err(ParseError::new(format!(
                "user.groups: {g:?} is in the hub's own namespace {GROUP_PREFIX:?}; pass \
                 user.attributes instead"
            )));
        }
        Ok(Self {
            id: raw.id,
            name: raw.name,
            email: raw.email,
            groups: raw.groups,
            attributes: raw.attributes,
            principal: Principal::Host,
        })
    }
}

impl EmbedUser {
    /// The groups Qlik is told the user is in: the host's own and one per attribute value.
    pub fn qlik_groups(&self) -> Vec<GroupName> {
        let mut groups = self.groups.clone();
        groups.extend(self.attributes.groups());
        groups
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_table() {
        let ok = serde_json::json!({"id": "u1", "name": "Ada", "email": "ada@acme.example", "groups": ["viewers"]});
        assert!(serde_json::from_value::<EmbedUser>(ok).is_ok());
        let with: EmbedUser = serde_json::from_value(serde_json::json!({
            "id": "u2", "name": "Bob", "email": "bob@acme.example", "groups": ["viewers"],
            "attributes": {"region": ["North"]}
        }))
        .expect("attributes");
        let groups: Vec<String> = with.qlik_groups().iter().map(|g| g.to_string()).collect();
        assert_eq!(groups, ["viewers", "oemhub:region=North"]);
        for bad in [
            serde_json::json!({"id": "", "name": "Ada"}),
            serde_json::json!({"id": "u1", "name": "A\nda"}),
            serde_json::json!({"id": "u1", "name": "Ada", "email": "nope"}),
            serde_json::json!({"id": "u1", "name": "Ada"}),
            serde_json::json!({"id": "u1", "name": "Ada", "groups": [" x"]}),
            serde_json::json!({"id": "u1", "name": "Ada", "admin": true}),
            serde_json::json!({"id": "u1", "name": "Ada", "email": "ada@acme.example", "groups": ["oemhub:region=North"]}),
            serde_json::json!({"id": "u1", "name": "Ada", "email": "ada@acme.example", "attributes": {"region": ["a;b"]}}),
        ] {
            assert!(
                serde_json::from_value::<EmbedUser>(bad.clone()).is_err(),
                "{bad}"
            );
        }
    }
}
