//! The local bearer token a client-managed site issues for a deployment: accepted bare or as
//! the "Qlik Cloud format" definition the QMC copies, kept out of logs and serialization.

use crate::domain::ParseError;

/// The local bearer token the client-managed site generated for a deployment ("Qlik Cloud
/// format"). A secret: it prints as `***` and is never serialized.
#[derive(Clone, PartialEq, Eq)]
pub struct LocalBearerToken(String);

impl std::fmt::Debug for LocalBearerToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LocalBearerToken(***)")
    }
}

impl LocalBearerToken {
    /// Accepts the token as the QMC copies it: either the bare base64 token or the whole
    /// identity-provider definition holding it in `base64Encoded`.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let text = raw.trim();
        let token = if text.starts_with('{') {
            from_definition(text)?
        } else {
            text.to_owned()
        };
        if token.len() < 32 || token.len() > 16 * 1024 {
            return Err(ParseError::new(
                "the local bearer token must be 32 to 16384 characters of base64; copy it again from Deployment setup",
            ));
        }
        if let Some(bad) = token
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '_')))
        {
            return Err(ParseError::new(format!(
                "the local bearer token is base64 and cannot contain {bad:?}; copy it again from Deployment setup"
            )));
        }
        Ok(Self(token))
    }

    /// The token itself, for the code that sends it to the tenant or seals it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

fn from_definition(text: &str) -> Result<String, ParseError> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| ParseError::new(format!("the pasted definition is not JSON: {e}")))?;
    if let Some(protocol) = value["protocol"].as_str()
        && protocol != "qsefw-local-bearer-token"
    {
        return Err(ParseError::new(format!(
            "the pasted definition is a {protocol} identity provider, not a multi-cloud one (qsefw-local-bearer-token)"
        )));
    }
    value["base64Encoded"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| ParseError::new("the pasted definition has no base64Encoded token"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_bare_or_in_the_definition() {
        let bare = "eyJhbGciOiJSUzI1NiJ9.QUJDREVGR0hJSktMTU5PUFFSU1RVVldY";
        let bare = bare.replace('.', "");
        assert_eq!(LocalBearerToken::parse(&bare).expect("bare").expose(), bare);
        let definition = format!(
            r#"{{"provider":"qlik","protocol":"qsefw-local-bearer-token","base64Encoded":"{bare}"}}"#
        );
        assert_eq!(
            LocalBearerToken::parse(&definition).expect("json").expose(),
            bare
        );
        let jwt = r#"{"protocol":"jwtAuth","base64Encoded":"x"}"#;
        assert!(
            LocalBearerToken::parse(jwt)
                .expect_err("jwt")
                .to_string()
                .contains("jwtAuth")
        );
        assert!(LocalBearerToken::parse("short").is_err());
        let spaced = format!("{bare} {bare}");
        assert!(
            LocalBearerToken::parse(&spaced)
                .expect_err("space")
                .to_string()
                .contains("' '")
        );
        assert_eq!(
            format!("{:?}", LocalBearerToken::parse(&bare).expect("t")),
            "LocalBearerToken(***)"
        );
    }
}
