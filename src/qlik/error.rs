//! The client's error: Qlik's own code/title/detail and HTTP status when Qlik answered,
//! otherwise the transport or decoding failure.

use serde::Deserialize;

/// A failed Qlik call.
#[derive(Debug, thiserror::Error)]
pub enum QlikError {
    #[error("Qlik answered {status} {code}: {title}{}", detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    Api {
        status: u16,
        code: String,
        title: String,
        detail: Option<String>,
    },
    #[error("cannot reach Qlik at {url}: {message}")]
    Transport { url: String, message: String },
    #[error("unexpected response from {url}: {message}")]
    Decode { url: String, message: String },
    #[error("client misconfigured: {0}")]
    Config(String),
}

impl QlikError {
    /// The HTTP status Qlik answered with, if it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            QlikError::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Qlik's error code (`TENANTS-8`, `HTTP-429`, …), if it answered.
    pub fn code(&self) -> Option<&str> {
        match self {
            QlikError::Api { code, .. } => Some(code),
            _ => None,
        }
    }

    /// Builds an `Api` error from a status and an error body in Qlik's envelope (or anything
    /// else, which is kept as the title).
    pub fn from_body(status: u16, body: &[u8]) -> Self {
        #[derive(Deserialize)]
        struct Envelope {
            errors: Vec<Item>,
        }
        #[derive(Deserialize)]
        struct Item {
            code: Option<serde_json::Value>,
            title: Option<String>,
            detail: Option<String>,
        }
        let first = serde_json::from_slice::<Envelope>(body)
            .ok()
            .and_then(|e| e.errors.into_iter().next());
        // The themes and extensions APIs answer one flat `Error`: `title`, `meta.message`.
        #[derive(Deserialize)]
        struct Flat {
            title: String,
            meta: Option<Meta>,
        }
        #[derive(Deserialize)]
        struct Meta {
            message: Option<String>,
        }
        let http = || format!("HTTP-{status}");
        let (code, title, detail) = match first {
            Some(item) => {
                let code = match item.code {
                    Some(serde_json::Value::String(s)) => s,
                    Some(other) => other.to_string(),
                    None => http(),
                };
                (code, item.title.unwrap_or_default(), item.detail)
            }
            None => match serde_json::from_slice::<Flat>(body) {
                Ok(flat) => (http(), flat.title, flat.meta.and_then(|m| m.message)),
                Err(_) => {
                    let text = String::from_utf8_lossy(&body[..body.len().min(200)]);
                    (http(), text.into_owned(), None)
                }
            },
        };
        QlikError::Api {
            status,
            code,
            title,
            detail,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_qlik_code_title_detail_and_status() {
        let body =
            br#"{"errors":[{"code":"TENANTS-8","title":"Not found","detail":"x","status":"404"}]}"#;
        let err = QlikError::from_body(404, body);
        assert_eq!((err.status(), err.code()), (Some(404), Some("TENANTS-8")));
        assert_eq!(
            err.to_string(),
            "Qlik answered 404 TENANTS-8: Not found (x)"
        );
    }

    #[test]
    fn numeric_codes_and_non_json_bodies_are_kept() {
        let err = QlikError::from_body(207, br#"{"errors":[{"code":1001,"title":"Active User"}]}"#);
        assert_eq!(err.code(), Some("1001"));
        let flat = br#"{"title":"Conflict","status":409,"meta":{"message":"exists"}}"#;
        let err = QlikError::from_body(409, flat);
        assert_eq!(
            err.to_string(),
            "Qlik answered 409 HTTP-409: Conflict (exists)"
        );
        let err = QlikError::from_body(502, b"Bad Gateway");
        assert_eq!(
            (err.code(), err.to_string().contains("Bad Gateway")),
            (Some("HTTP-502"), true)
        );
    }
}
