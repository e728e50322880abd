//! Configuration errors as one line that names the key, its source and what was expected,
//! never the offending value (it may be a secret).

use super::env;

/// Figment errors can span lines (the CLI prints one) and quote the offending value, which
/// may be a secret: this names the key, its source and what was expected, never the value.
pub(super) fn one_line(err: &figment::Error) -> String {
    err.clone()
        .into_iter()
        .map(|e| {
            let key = e.path.join(".");
            let from_env = e.metadata.as_ref().is_some_and(|m| m.name == env::SOURCE);
            let source = if from_env {
                format!(
                    " (environment variable OEM_HUB_{})",
                    e.path.join("__").to_ascii_uppercase()
                )
            } else {
                String::new()
            };
            let what = describe(&e.kind);
            if key.is_empty() {
                what
            } else {
                format!("{key}{source}: {what}")
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn describe(kind: &figment::error::Kind) -> String {
    use figment::error::{Actual, Kind};
    let shape = |actual: &Actual| match actual {
        Actual::Bool(_) => "a boolean".to_owned(),
        Actual::Unsigned(_) | Actual::Signed(_) | Actual::Float(_) => "a number".to_owned(),
        Actual::Char(_) | Actual::Str(_) => "a string".to_owned(),
        Actual::Bytes(_) => "bytes".to_owned(),
        Actual::Seq => "an array".to_owned(),
        Actual::Map => "a table".to_owned(),
        Actual::Other(_) => "another kind of value".to_owned(),
        other => other.to_string(),
    };
    match kind {
        Kind::InvalidType(actual, expected) => {
            format!("expected {expected}, found {}", shape(actual))
        }
        Kind::InvalidValue(actual, expected) => {
            format!("invalid value ({}), expected {expected}", shape(actual))
        }
        Kind::Unsupported(actual) | Kind::UnsupportedKey(actual, _) => {
            format!("unsupported {}", shape(actual))
        }
        other => other.to_string(),
    }
}
