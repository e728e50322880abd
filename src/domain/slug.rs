//! The customer slug: the stable, URL-safe key of a customer everywhere in oem-hub.

use super::{ParseError, quoted_char, string_newtype};

/// A customer's key: 3–40 characters of `a-z`, `0-9` and single `-`, starting with a letter.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CustomerSlug(String);

impl CustomerSlug {
    /// Parses a slug, explaining what is wrong when it is refused.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        parse_slug(raw, 3).map(Self)
    }
}

/// A module's key (`sales`, `finance`): the same alphabet as customer slugs, 2–40 characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ModuleKey(String);

impl ModuleKey {
    /// Parses a module key, explaining what is wrong when it is refused.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        parse_slug(raw, 2).map(Self)
    }
}

string_newtype!(ModuleKey);

fn parse_slug(raw: &str, min: usize) -> Result<String, ParseError> {
    let len = raw.chars().count();
    if !(min..=40).contains(&len) {
        return Err(ParseError::new(format!(
            "must be {min} to 40 characters long"
        )));
    }
    if !raw.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err(ParseError::new("must start with a lowercase letter"));
    }
    if let Some(bad) = raw
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Err(ParseError::new(format!(
            "may only contain a-z, 0-9 and '-', found {}",
            quoted_char(bad)
        )));
    }
    if raw.ends_with('-') || raw.contains("--") {
        return Err(ParseError::new("must not end with '-' or contain '--'"));
    }
    Ok(raw.to_owned())
}

string_newtype!(CustomerSlug);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::assert_refused;

    #[test]
    fn accepts_valid_slugs() {
        for ok in ["acme", "globex-corp", "a1b", "x".repeat(40).as_str()] {
            assert!(CustomerSlug::parse(ok).is_ok(), "{ok} should parse");
        }
    }

    #[test]
    fn refuses_invalid_slugs_with_a_reason() {
        let cases = [
            ("ab", "3 to 40"),
            ("Acme", "lowercase letter"),
            ("1acme", "lowercase letter"),
            ("ac me", "found ' '"),
            ("acmé", "found 'é'"),
            ("ac\nme", "found U+000A"),
            ("acme-", "end with"),
            ("ac--me", "contain '--'"),
            ("../etc", "lowercase letter"),
        ];
        assert_refused(CustomerSlug::parse, &cases);
    }

    #[test]
    fn module_keys_allow_two_characters() {
        assert!(ModuleKey::parse("bi").is_ok());
        assert!(ModuleKey::parse("b").is_err());
    }

    #[test]
    fn deserialising_runs_the_parser() {
        assert!(serde_json::from_str::<CustomerSlug>("\"acme\"").is_ok());
        assert!(serde_json::from_str::<CustomerSlug>("\"ACME\"").is_err());
    }
}
