//! Input from any door (a REST body, a console field, a CLI file) parsed into the domain's
//! types, with a refusal that names the field at fault (`region`, `origins[1]`).

use crate::wire::{ApiError, ErrorCode};
use serde::de::DeserializeOwned;

/// Parses `bytes` as `T`, naming the field path of the first problem.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let mut path = e.path().to_string();
        let message = without_location(&e.inner().to_string());
        // A missing field is named itself, under the object that lacks it.
        if let Some(name) = missing_field(&message) {
            path = match path.as_str() {
                "." | "" => name.to_owned(),
                parent => format!("{parent}.{name}"),
            };
        }
        // A syntax error has no field to name (serde_path_to_error shows `.` or `?`).
        if e.inner().is_syntax() || e.inner().is_eof() || path == "." || path.is_empty() {
            ApiError::new(
                ErrorCode::BadRequest,
                format!("invalid JSON body: {message}"),
            )
        } else {
            ApiError::invalid(&path, message)
        }
    })
}

/// The field serde reports missing (`missing field `name``).
/// [`parse`] for a value a door already holds as JSON (a server function's argument).
pub fn parse_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    parse(value.to_string().as_bytes())
}

fn missing_field(message: &str) -> Option<&str> {
    message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split_once('`'))
        .map(|(name, _)| name)
}

/// serde_json appends ` at line L column C`; the field path says more.
fn without_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::CustomerSpec;

    #[test]
    fn errors_name_the_field() {
        let cases = [
            (
                r#"{"slug":"acme","display_name":"A","region":"mars"}"#,
                "region",
            ),
            (r#"{"slug":"A B","display_name":"A","region":"us"}"#, "slug"),
            (
                r#"{"slug":"acme","display_name":"A","region":"us","origins":["https://ok.example","https://*.x.com"]}"#,
                "origins[1]",
            ),
            (
                r#"{"slug":"acme","display_name":"A","region":"us","group_roles":{"viewers":"king"}}"#,
                "group_roles.viewers",
            ),
            (r#"{"slug":"acme","region":"us"}"#, "display_name"),
            (
                r#"{"slug":"acme","display_name":"A","region":"us","data_connection":{}}"#,
                "data_connection.type",
            ),
        ];
        for (body, field) in cases {
            let err = parse::<CustomerSpec>(body.as_bytes()).expect_err(body);
            assert_eq!(err.field.as_deref(), Some(field), "{body}: {}", err.message);
            assert!(!err.message.contains("line 1"), "{}", err.message);
        }
        let err = parse::<CustomerSpec>(b"{not json").expect_err("syntax");
        assert!(err.field.is_none() && err.message.starts_with("invalid JSON body"));
    }
}
