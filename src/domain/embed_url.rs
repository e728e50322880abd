//! Typed embed URLs for a customer's tenant: Qlik's Single Integration API
//! (`/single/?appid=…&sheet=…|obj=…&opt=…&select=…`) and the App Integration API sheet form
//! (`/sense/app/{app}/sheet/{sheet}/state/analysis`). Pure; shared by the UI and the server.

use super::{AppId, Origin, ParseError, SheetId};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986 unreserved characters is escaped inside a parameter value, so
/// the `,` and `::` that structure a selection can only come from the builder.
const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// What the frame shows: a sheet, or one visualization (`obj`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Sheet(SheetId),
    Object(SheetId),
}

/// Qlik's `opt` values (qlik.dev Single Integrations v1.2.2); nothing else can be expressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Opt {
    Currsel,
    CurrselDark,
    Ctxmenu,
    Noselections,
    Nointeraction,
    Noanimate,
    Debug,
}

impl Opt {
    /// The value as Qlik spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Opt::Currsel => "currsel",
            Opt::CurrselDark => "currsel-dark",
            Opt::Ctxmenu => "ctxmenu",
            Opt::Noselections => "noselections",
            Opt::Nointeraction => "nointeraction",
            Opt::Noanimate => "noanimate",
            Opt::Debug => "debug",
        }
    }

    /// Parses one of Qlik's option names.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        const ALL: [Opt; 7] = [
            Opt::Currsel,
            Opt::CurrselDark,
            Opt::Ctxmenu,
            Opt::Noselections,
            Opt::Nointeraction,
            Opt::Noanimate,
            Opt::Debug,
        ];
        ALL.into_iter()
            .find(|o| o.as_str() == raw)
            .ok_or_else(|| ParseError::new(format!("unknown opt {raw:?}")))
    }
}

/// One field's selection, optionally in an alternate state (`State::Field,v1,v2`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    state: Option<String>,
    field: String,
    values: Vec<String>,
}

impl Selection {
    /// A selection of `values` in `field`. How Qlik would read a comma inside a value is not
    /// documented, so such values are refused rather than guessed at.
    pub fn new(state: Option<&str>, field: &str, values: &[&str]) -> Result<Self, ParseError> {
        let clean = |what: &str, s: &str| {
            if s.is_empty() || s.chars().any(char::is_control) {
                return Err(ParseError::new(format!("{what} must be non-empty text")));
            }
            if s.contains(',') {
                return Err(ParseError::new(format!(
                    "{what} \"{s}\" contains a comma, which the single API cannot carry"
                )));
            }
            Ok(s.to_owned())
        };
        if let Some(st) = state
            && (st.contains("::") || st.is_empty())
        {
            return Err(ParseError::new(
                "state must be a non-empty name without '::'",
            ));
        }
        if field.contains("::") {
            return Err(ParseError::new("field must not contain '::'"));
        }
        if values.is_empty() {
            return Err(ParseError::new("a selection needs at least one value"));
        }
        Ok(Self {
            state: state.map(str::to_owned),
            field: clean("field", field)?,
            values: values
                .iter()
                .map(|v| clean("value", v))
                .collect::<Result<_, _>>()?,
        })
    }

    /// The field selected in.
    pub fn field(&self) -> &str {
        &self.field
    }

    /// The values selected.
    pub fn values(&self) -> &[String] {
        &self.values
    }

    /// The `select` parameter's value, escaped (`State::Field,v1,v2`).
    pub fn encode(&self) -> String {
        let mut out = String::new();
        if let Some(state) = &self.state {
            out.push_str(&utf8_percent_encode(state, VALUE).to_string());
            out.push_str("::");
        }
        out.push_str(&utf8_percent_encode(&self.field, VALUE).to_string());
        for value in &self.values {
            out.push(',');
            out.push_str(&utf8_percent_encode(value, VALUE).to_string());
        }
        out
    }
}

/// A `/single/` URL being built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SingleUrl {
    tenant: Origin,
    app: AppId,
    target: Target,
    opts: Vec<Opt>,
    selections: Vec<Selection>,
    params: Vec<(&'static str, String)>,
}

/// Qlik's `lang` values (short or long forms).
const LANGS: &[&str] = &[
    "de", "de-de", "en", "en-us", "es", "es-es", "fr", "fr-fr", "it", "it-it", "ja", "ja-jp", "ko",
    "ko-kr", "nl", "nl-nl", "pl", "pl-pl", "pt", "pt-br", "ru", "ru-ru", "sv", "sv-se", "tr",
    "tr-tr", "zh-cn", "zh-tw",
];

impl SingleUrl {
    /// `tenant` (e.g. `https://acme.eu.qlikcloud.com`) showing `target` of `app`.
    pub fn new(tenant: Origin, app: AppId, target: Target) -> Self {
        Self {
            tenant,
            app,
            target,
            opts: Vec::new(),
            selections: Vec::new(),
            params: Vec::new(),
        }
    }

    /// Adds an option (once).
    pub fn opt(mut self, opt: Opt) -> Self {
        if !self.opts.contains(&opt) {
            self.opts.push(opt);
        }
        self
    }

    /// Adds a selection (one `select` parameter per field, as Qlik documents).
    pub fn select(mut self, selection: Selection) -> Self {
        self.selections.push(selection);
        self
    }

    /// Sets `theme`, `bookmark` or `identity` (any text; it is encoded).
    pub fn param(mut self, name: Param, value: &str) -> Self {
        self.params.retain(|(n, _)| *n != name.as_str());
        self.params.push((name.as_str(), value.to_owned()));
        self
    }

    /// Sets `lang`, one of Qlik's locales.
    pub fn lang(mut self, lang: &str) -> Result<Self, ParseError> {
        check_lang(lang)?;
        self.params.retain(|(n, _)| *n != "lang");
        self.params.push(("lang", lang.to_owned()));
        Ok(self)
    }

    /// The URL.
    pub fn build(&self) -> String {
        let mut url = format!("{}/single/?appid={}", self.tenant, self.app);
        match &self.target {
            Target::Sheet(id) => url.push_str(&format!("&sheet={id}")),
            Target::Object(id) => url.push_str(&format!("&obj={id}")),
        }
        if !self.opts.is_empty() {
            let opts: Vec<&str> = self.opts.iter().map(|o| o.as_str()).collect();
            url.push_str(&format!("&opt={}", opts.join(",")));
        }
        for selection in &self.selections {
            url.push_str(&format!("&select={}", selection.encode()));
        }
        for (name, value) in &self.params {
            url.push_str(&format!("&{name}={}", utf8_percent_encode(value, VALUE)));
        }
        url
    }
}

/// A free-text parameter value escaped for a `/single/` URL.
pub fn encode_value(value: &str) -> String {
    utf8_percent_encode(value, VALUE).to_string()
}

/// Refuses a `lang` that is not one of Qlik's locales.
pub(crate) fn check_lang(lang: &str) -> Result<(), ParseError> {
    if LANGS.contains(&lang.to_ascii_lowercase().as_str()) {
        Ok(())
    } else {
        Err(ParseError::new(format!(
            "lang {lang:?} is not one of Qlik's locales"
        )))
    }
}

/// Free-text parameters of the single API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    Theme,
    Bookmark,
    Identity,
}

impl Param {
    fn as_str(self) -> &'static str {
        match self {
            Param::Theme => "theme",
            Param::Bookmark => "bookmark",
            Param::Identity => "identity",
        }
    }
}

/// The App Integration API's sheet URL: `<tenant>/sense/app/{app}/sheet/{sheet}/state/analysis`.
pub fn sense_sheet_url(tenant: &Origin, app: &AppId, sheet: &SheetId) -> String {
    format!("{tenant}/sense/app/{app}/sheet/{sheet}/state/analysis")
}

#[cfg(test)]
#[path = "embed_url_tests.rs"]
mod tests;
