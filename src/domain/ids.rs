//! Identifiers Qlik Cloud hands out: tenants, apps and sheets.
//! They are opaque to oem-hub, but they end up in URLs, so their alphabet is checked.

use super::{ParseError, string_newtype};

fn parse_id(kind: &str, raw: &str, max: usize) -> Result<String, ParseError> {
    if raw.is_empty() || raw.len() > max {
        return Err(ParseError::new(format!(
            "{kind} must be 1 to {max} characters long"
        )));
    }
    if let Some(bad) = raw
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(ParseError::new(format!(
            "{kind} may only contain letters, digits, '-' and '_', found {bad:?}"
        )));
    }
    Ok(raw.to_owned())
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $kind:literal, $max:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// Parses the identifier, refusing characters that would need escaping in a URL.
            pub fn parse(raw: &str) -> Result<Self, ParseError> {
                parse_id($kind, raw, $max).map(Self)
            }
        }

        string_newtype!($name);
    };
}

id_type!(
    /// A tenant id, e.g. `TiQ8GPVr8qI714Lp5ChAAFFaU24MJy69`.
    TenantId,
    "tenant id",
    64
);
id_type!(
    /// An app id (a GUID in Qlik Cloud).
    AppId,
    "app id",
    64
);
id_type!(
    /// A sheet id inside an app; it survives copy, import and publish.
    SheetId,
    "sheet id",
    64
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_accept_qlik_shapes_and_refuse_url_metacharacters() {
        assert!(AppId::parse("f9e7a1c2-7a59-4bb9-9d8c-1f0bd1c8e2b4").is_ok());
        assert!(SheetId::parse("JRfvvQ").is_ok());
        assert!(TenantId::parse("TiQ8GPVr8qI714Lp5ChAAFFaU24MJy69").is_ok());
        for bad in ["", "a/b", "a&sheet=x", "a b", "é", &"x".repeat(65)] {
            assert!(AppId::parse(bad).is_err(), "{bad:?} should be refused");
        }
        let err = SheetId::parse("a?b").expect_err("a?b").to_string();
        assert!(err.starts_with("sheet id"), "{err}");
    }
}
