//! A customer's look in embedded sheets: the theme and language every sheet URL carries
//! (`theme=`, `lang=`), and how they combine with a module's own menu options.
//!
//! Precedence, per parameter: the module's menu options when they name one (a module may need
//! its own theme, e.g. a dark one for a wallboard), else the customer's, else none (Qlik's
//! default for the app and the user's browser language).

use super::embed_url::check_lang;
use super::{CustomerSpec, MenuOptions, ParseError, string_newtype};

/// A language a sheet URL may carry: one of Qlik's locales (`de`, `de-DE`, `zh-TW`, …).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Lang(String);

impl Lang {
    /// Parses a locale, refusing one Qlik does not offer.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        check_lang(raw)?;
        Ok(Self(raw.to_owned()))
    }
}

string_newtype!(Lang);

/// The menu options a module's sheet URLs are built with for `spec`'s customer: the module's
/// own, with the customer's theme and language where the module names none.
pub fn sheet_options(module: &MenuOptions, spec: &CustomerSpec) -> MenuOptions {
    let mut options = module.clone();
    if options.theme.is_none() {
        options.theme = spec.theme.as_ref().map(|t| t.to_string());
    }
    if options.lang.is_none() {
        options.lang = spec.lang.as_ref().map(|l| l.to_string());
    }
    options
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(extra: serde_json::Value) -> CustomerSpec {
        let mut raw = json!({"slug": "acme", "display_name": "Acme", "region": "us"});
        raw.as_object_mut()
            .expect("object")
            .extend(extra.as_object().cloned().expect("object"));
        serde_json::from_value(raw).expect("spec")
    }

    #[test]
    fn module_explicit_wins_then_customer_then_none() {
        let module = |v| serde_json::from_value::<MenuOptions>(v).expect("options");
        let cases = [
            (json!({}), json!({}), None, None),
            (
                json!({"theme": "acme-brand", "lang": "de"}),
                json!({}),
                Some("acme-brand"),
                Some("de"),
            ),
            (
                json!({"theme": "acme-brand"}),
                json!({"theme": "dark"}),
                Some("dark"),
                None,
            ),
            (
                json!({"lang": "fr"}),
                json!({"lang": "de-DE"}),
                None,
                Some("de-DE"),
            ),
            (
                json!({"theme": "acme-brand", "lang": "fr"}),
                json!({"theme": "dark", "lang": "de-DE"}),
                Some("dark"),
                Some("de-DE"),
            ),
        ];
        for (customer, own, theme, lang) in cases {
            let got = sheet_options(&module(own.clone()), &spec(customer.clone()));
            assert_eq!(got.theme.as_deref(), theme, "{customer} {own}");
            assert_eq!(got.lang.as_deref(), lang, "{customer} {own}");
        }
    }

    #[test]
    fn a_customer_theme_or_lang_is_checked_when_read() {
        for (bad, needle) in [
            (json!({"theme": "no spaces"}), "theme name"),
            (json!({"theme": ""}), "theme name"),
            (json!({"lang": "klingon"}), "not one of Qlik's locales"),
        ] {
            let mut raw = json!({"slug": "acme", "display_name": "Acme", "region": "us"});
            raw.as_object_mut()
                .expect("o")
                .extend(bad.as_object().cloned().expect("o"));
            let err = serde_json::from_value::<CustomerSpec>(raw).expect_err("refused");
            assert!(err.to_string().contains(needle), "{bad}: {err}");
        }
    }
}
