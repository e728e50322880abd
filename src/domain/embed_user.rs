//! The end user a host SaaS vouches for: its own user id, name, email and groups (the groups
//! decide what the user may see in the customer's tenant).

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
        Ok(Self {
            id: raw.id,
            name: raw.name,
            email: raw.email,
            groups: raw.groups,
            principal: Principal::Host,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_table() {
        let ok = serde_json::json!({"id": "u1", "name": "Ada", "email": "ada@acme.example", "groups": ["viewers"]});
        assert!(serde_json::from_value::<EmbedUser>(ok).is_ok());
        for bad in [
            serde_json::json!({"id": "", "name": "Ada"}),
            serde_json::json!({"id": "u1", "name": "A\nda"}),
            serde_json::json!({"id": "u1", "name": "Ada", "email": "nope"}),
            serde_json::json!({"id": "u1", "name": "Ada"}),
            serde_json::json!({"id": "u1", "name": "Ada", "groups": [" x"]}),
            serde_json::json!({"id": "u1", "name": "Ada", "admin": true}),
        ] {
            assert!(
                serde_json::from_value::<EmbedUser>(bad.clone()).is_err(),
                "{bad}"
            );
        }
    }
}
