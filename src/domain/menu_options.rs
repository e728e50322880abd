//! What a module's menu entries carry into every sheet URL: Qlik `opt` flags, fixed
//! selections, theme and language; checked once when configured, applied when URLs are built.

use super::ParseError;
use super::embed_url::{Opt, Param, Selection, SingleUrl, check_lang};
use serde::{Deserialize, Serialize};

/// A fixed selection as configured: `field` = one of `values`, optionally in a `state`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FixedSelection {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    pub field: String,
    pub values: Vec<String>,
}

impl FixedSelection {
    fn selection(&self) -> Result<Selection, ParseError> {
        let values: Vec<&str> = self.values.iter().map(String::as_str).collect();
        Selection::new(self.state.as_deref(), &self.field, &values)
    }
}

/// A module's menu options; valid by construction (deserializing checks every part).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(try_from = "RawOptions")]
pub struct MenuOptions {
    pub opt: Vec<String>,
    pub select: Vec<FixedSelection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOptions {
    #[serde(default)]
    opt: Vec<String>,
    #[serde(default)]
    select: Vec<FixedSelection>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    lang: Option<String>,
}

impl TryFrom<RawOptions> for MenuOptions {
    type Error = ParseError;

    fn try_from(raw: RawOptions) -> Result<Self, ParseError> {
        for (i, o) in raw.opt.iter().enumerate() {
            Opt::parse(o).map_err(|e| ParseError::new(format!("opt[{i}]: {e}")))?;
        }
        for (i, s) in raw.select.iter().enumerate() {
            s.selection()
                .map_err(|e| ParseError::new(format!("select[{i}]: {e}")))?;
        }
        if let Some(theme) = &raw.theme
            && (theme.is_empty() || theme.len() > 100 || theme.chars().any(char::is_control))
        {
            return Err(ParseError::new("theme: must be 1–100 printable characters"));
        }
        if let Some(lang) = &raw.lang {
            check_lang(lang).map_err(|e| ParseError::new(format!("lang: {e}")))?;
        }
        let options = MenuOptions {
            opt: raw.opt,
            select: raw.select,
            theme: raw.theme,
            lang: raw.lang,
        };
        Ok(options)
    }
}

impl MenuOptions {
    /// `url` with these options added.
    pub fn apply(&self, mut url: SingleUrl) -> SingleUrl {
        for opt in self.opt.iter().filter_map(|o| Opt::parse(o).ok()) {
            url = url.opt(opt);
        }
        for selection in self.select.iter().filter_map(|s| s.selection().ok()) {
            url = url.select(selection);
        }
        if let Some(theme) = &self.theme {
            url = url.param(Param::Theme, theme);
        }
        if let Some(lang) = &self.lang {
            url = match url.clone().lang(lang) {
                Ok(with) => with,
                Err(_) => url,
            };
        }
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn options_are_checked_when_read_and_land_in_urls() {
        let refused = [
            (json!({"opt": ["fullscreen"]}), "opt[0]"),
            (
                json!({"select": [{"field": "Region", "values": []}]}),
                "select[0]",
            ),
            (
                json!({"select": [{"field": "Region", "values": ["a,b"]}]}),
                "select[0]",
            ),
            (json!({"theme": ""}), "theme"),
            (json!({"lang": "english please"}), "lang"),
            (json!({"colour": "red"}), "unknown field"),
        ];
        for (raw, needle) in refused {
            let err = serde_json::from_value::<MenuOptions>(raw.clone()).expect_err("refused");
            assert!(err.to_string().contains(needle), "{raw}: {err}");
        }
        let options: MenuOptions = serde_json::from_value(json!({
            "opt": ["ctxmenu"], "select": [{"field": "Region", "values": ["North", "Süd"]}],
            "theme": "card", "lang": "de-DE"
        }))
        .expect("test value");
        let url = options
            .apply(SingleUrl::new(
                super::super::Origin::parse("https://t.example").expect("test value"),
                super::super::AppId::parse("00000000-0000-0000-0000-000000000000")
                    .expect("test value"),
                super::super::embed_url::Target::Sheet(
                    super::super::SheetId::parse("s1").expect("test value"),
                ),
            ))
            .build();
        for part in [
            "opt=ctxmenu",
            "select=Region,North,S%C3%BCd",
            "theme=card",
            "lang=de-DE",
        ] {
            assert!(url.contains(part), "{url} lacks {part}");
        }
        assert_eq!(
            serde_json::from_value::<MenuOptions>(
                serde_json::to_value(&options).expect("test value")
            )
            .expect("test value"),
            options
        );
    }
}
