//! Load-script templates: `{{name}}` placeholders filled with a customer's parameters so that
//! no value can change the script's structure. Pure functions, table-tested.
//!
//! Placeholder forms:
//! - `{{name}}` — a single-quoted string literal: `'` is doubled (Qlik and SQL both read `''`
//!   as one quote), so `;` and quotes stay inside the literal.
//! - `{{name|ident}}` — a bare identifier (database, schema or table name): only
//!   `A-Z a-z 0-9 _` are accepted.
//!
//! Refused everywhere: line breaks and other control characters (a statement could start on
//! the next line), and `$(` (Qlik's dollar-sign expansion runs before the statement is parsed,
//! even inside quotes). These have no safe representation, so they are errors, not escaped.

mod access;

pub use access::{SCHEDULER, section_access, with_access};

use crate::domain::ParamName;
use std::collections::BTreeMap;

/// Why a template could not be filled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScriptError {
    #[error("params.{name}: {reason}")]
    UnsafeValue { name: String, reason: String },
    #[error("params.{0}: required by the load-script template but not set")]
    Missing(String),
    #[error("script template: {0}")]
    Template(String),
}

/// The parameter names a template uses, in order of first use.
pub fn placeholders(template: &str) -> Result<Vec<String>, ScriptError> {
    let mut names = Vec::new();
    for piece in pieces(template)? {
        if let Piece::Param { name, .. } = piece
            && !names.iter().any(|n| n == name)
        {
            names.push(name.to_owned());
        }
    }
    Ok(names)
}

/// Fills `template` with `params`; every placeholder must have a safe value.
pub fn render(template: &str, params: &BTreeMap<ParamName, String>) -> Result<String, ScriptError> {
    let mut out = String::with_capacity(template.len());
    for piece in pieces(template)? {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Param { name, ident } => {
                let value = params
                    .iter()
                    .find(|(k, _)| k.as_str() == name)
                    .map(|(_, v)| v.as_str())
                    .ok_or_else(|| ScriptError::Missing(name.to_owned()))?;
                let unsafe_value = |reason: &str| ScriptError::UnsafeValue {
                    name: name.to_owned(),
                    reason: reason.to_owned(),
                };
                if ident {
                    out.push_str(&identifier(value).map_err(unsafe_value)?);
                } else {
                    out.push_str(&string_literal(value).map_err(unsafe_value)?);
                }
            }
        }
    }
    Ok(out)
}

/// The script `module` gets for `spec`: `template` filled with its parameters, behind the
/// section access block of the module's access rule, if it has one, with ADMIN rows for
/// `admins` (the hub's bot on the tenant) beside the scheduler's.
pub fn render_module(
    template: &str,
    spec: &crate::domain::CustomerSpec,
    module: &crate::domain::ModuleKey,
    admins: &[String],
) -> Result<String, ScriptError> {
    let script = render(template, &spec.params)?;
    Ok(with_access(script, spec.access.for_module(module), admins))
}

/// Qlik's limit on reload-time variables per reload (`ReloadRequest.variables`).
pub const MAX_VARIABLES: usize = 20;

/// Why `value` cannot be a reload-time variable. Qlik expands `$(name)` as text before the
/// statement is parsed, so a value must be inert wherever a template uses it: no quotes,
/// brackets or `;`, no control characters, no `$(`, and Qlik's 256-character limit.
pub fn variable_value(value: &str) -> Result<(), &'static str> {
    if value.len() > 256 {
        return Err("a reload-time variable is at most 256 characters");
    }
    if value.chars().any(char::is_control) {
        return Err("line breaks and control characters cannot be placed in a script safely");
    }
    if value.contains("$(") {
        return Err("`$(` would start a Qlik dollar-sign expansion");
    }
    if value.chars().any(|c| "'\"`[];".contains(c)) {
        return Err(
            "quotes, brackets and `;` could change the script where the variable is expanded",
        );
    }
    Ok(())
}

/// The reload-time variables a template version declares (`names`), valued from `params`.
pub fn variables(
    names: &[ParamName],
    params: &BTreeMap<ParamName, String>,
) -> Result<BTreeMap<String, String>, ScriptError> {
    let mut out = BTreeMap::new();
    for name in names {
        let value = params
            .get(name)
            .ok_or_else(|| ScriptError::Missing(name.to_string()))?;
        variable_value(value).map_err(|reason| ScriptError::UnsafeValue {
            name: name.to_string(),
            reason: reason.to_owned(),
        })?;
        out.insert(name.to_string(), value.clone());
    }
    Ok(out)
}

/// `value` as a Qlik/SQL single-quoted literal, or why it cannot be one.
pub fn string_literal(value: &str) -> Result<String, &'static str> {
    if value.chars().any(char::is_control) {
        return Err("line breaks and control characters cannot be placed in a script safely");
    }
    if value.contains("$(") {
        return Err("`$(` would start a Qlik dollar-sign expansion");
    }
    if value.len() > 1000 {
        return Err("longer than 1000 characters");
    }
    Ok(format!("'{}'", value.replace('\'', "''")))
}

/// `value` as a bare identifier, or why it cannot be one.
pub fn identifier(value: &str) -> Result<String, &'static str> {
    let ok = !value.is_empty()
        && value.len() <= 63
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if ok {
        Ok(value.to_owned())
    } else {
        Err("an identifier must be 1–63 characters of A-Z, a-z, 0-9 or _")
    }
}

enum Piece<'a> {
    Text(&'a str),
    Param { name: &'a str, ident: bool },
}

fn pieces(template: &str) -> Result<Vec<Piece<'_>>, ScriptError> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        pieces.push(Piece::Text(&rest[..start]));
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| ScriptError::Template("`{{` without a closing `}}`".to_owned()))?;
        let inner = after[..end].trim();
        let (name, ident) = match inner.split_once('|') {
            Some((name, "ident")) => (name.trim(), true),
            Some((_, filter)) => {
                return Err(ScriptError::Template(format!(
                    "unknown placeholder filter {filter:?} (only `ident`)"
                )));
            }
            None => (inner, false),
        };
        ParamName::parse(name).map_err(|e| ScriptError::Template(e.to_string()))?;
        pieces.push(Piece::Param { name, ident });
        rest = &after[end + 2..];
    }
    pieces.push(Piece::Text(rest));
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variable_values_table() {
        let long = "x".repeat(257);
        let cases = [
            ("North", true),
            ("Nord-Ost 2", true),
            ("it's", false),
            ("a]b", false),
            ("a;b", false),
            ("a\nb", false),
            ("$(vOther)", false),
            ("a\0b", false),
            (long.as_str(), false),
        ];
        for (value, ok) in cases {
            assert_eq!(variable_value(value).is_ok(), ok, "{value:?}");
        }
        let params = BTreeMap::from([(
            ParamName::parse("region").expect("name"),
            "North".to_owned(),
        )]);
        let names = [ParamName::parse("region").expect("name")];
        assert_eq!(variables(&names, &params).expect("vars")["region"], "North");
        let missing = [ParamName::parse("db").expect("name")];
        assert!(matches!(variables(&missing, &params), Err(ScriptError::Missing(n)) if n == "db"));
    }

    fn params(pairs: &[(&str, &str)]) -> BTreeMap<ParamName, String> {
        pairs
            .iter()
            .map(|(k, v)| (ParamName::parse(k).expect(k), (*v).to_owned()))
            .collect()
    }

    const TEMPLATE: &str = "LIB CONNECT TO 'customer_db';\nOrders: SQL SELECT * FROM {{table|ident}} WHERE region = {{region}};\n";

    #[test]
    fn renders_literals_and_identifiers() {
        let cases = [
            ("North", "'North'"),
            ("O'Brien", "'O''Brien'"),
            ("a;b", "'a;b'"),
            ("'; DROP TABLE x; --", "'''; DROP TABLE x; --'"),
            ("$ 5", "'$ 5'"),
            ("", "''"),
        ];
        for (value, literal) in cases {
            let got =
                render(TEMPLATE, &params(&[("table", "orders"), ("region", value)])).expect(value);
            assert_eq!(
                got,
                format!(
                    "LIB CONNECT TO 'customer_db';\nOrders: SQL SELECT * FROM orders WHERE region = {literal};\n"
                )
            );
        }
    }

    #[test]
    fn refuses_values_that_would_change_the_structure() {
        let cases = [
            ("region", "North\nDROP", "line breaks"),
            ("region", "North\r", "line breaks"),
            ("region", "$(vSecret)", "dollar-sign"),
            ("table", "orders; x", "identifier"),
            ("table", "", "identifier"),
            ("table", "a b", "identifier"),
        ];
        for (name, value, reason) in cases {
            let mut p = params(&[("table", "orders"), ("region", "North")]);
            p.insert(ParamName::parse(name).expect(name), value.to_owned());
            let err = render(TEMPLATE, &p).expect_err(value).to_string();
            assert!(
                err.starts_with(&format!("params.{name}:")) && err.contains(reason),
                "{value:?}: {err}"
            );
        }
    }

    #[test]
    fn template_errors_and_missing_parameters() {
        let p = params(&[("region", "x")]);
        assert_eq!(
            render("{{table|ident}}", &p),
            Err(ScriptError::Missing("table".to_owned()))
        );
        for bad in ["{{region", "{{Region}}", "{{region|upper}}", "{{}}"] {
            assert!(
                matches!(render(bad, &p), Err(ScriptError::Template(_))),
                "{bad}"
            );
        }
        assert_eq!(
            placeholders(TEMPLATE).expect("placeholders"),
            ["table", "region"]
        );
        assert_eq!(render("no params", &p).expect("plain"), "no params");
    }
}
