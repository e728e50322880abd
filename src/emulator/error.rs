//! Qlik-shaped error responses: `{"errors":[{code,title,detail,status}],"traceId":…}`.
//! Some Qlik APIs send `status` as a string (tenants), some as a number (users, groups).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// How an API writes the `status` member of its error items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusStyle {
    String,
    Number,
}

/// An error answered in Qlik's envelope.
#[derive(Debug, Clone)]
pub struct QlikError {
    pub status: StatusCode,
    pub code: String,
    pub title: String,
    pub detail: Option<String>,
    pub style: StatusStyle,
}

impl QlikError {
    /// An error with `status`, Qlik `code` and `title`; `status` rendered as a string.
    pub fn new(status: StatusCode, code: &str, title: &str) -> Self {
        Self {
            status,
            code: code.to_owned(),
            title: title.to_owned(),
            detail: None,
            style: StatusStyle::String,
        }
    }

    /// Adds a detail sentence.
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Changes how `status` is written.
    pub fn style(mut self, style: StatusStyle) -> Self {
        self.style = style;
        self
    }

    /// 401 for a missing, unknown or expired bearer token. Qlik's exact body is unconfirmed.
    pub fn unauthorized(detail: &str) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "HTTP-401", "Unauthorized").detail(detail)
    }

    /// 403 for an authenticated caller without the right.
    pub fn forbidden(detail: &str) -> Self {
        Self::new(StatusCode::FORBIDDEN, "HTTP-403", "Forbidden").detail(detail)
    }

    /// 400 for a malformed request.
    pub fn bad_request(code: &str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, "Bad Request").detail(detail)
    }

    /// 404 with an API-specific code.
    pub fn not_found(code: &str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, "Not found").detail(detail)
    }

    /// Parses a JSON request body; a malformed one is a 400 with `code`.
    pub fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8], code: &str) -> Result<T, Self> {
        serde_json::from_slice(body)
            .map_err(|e| Self::bad_request(code, format!("invalid request body: {e}")))
    }

    fn body(&self) -> Value {
        let mut item = json!({ "code": self.code, "title": self.title });
        if let Some(detail) = &self.detail {
            item["detail"] = json!(detail);
        }
        match self.style {
            StatusStyle::String => item["status"] = json!(self.status.as_u16().to_string()),
            StatusStyle::Number => item["status"] = json!(self.status.as_u16()),
        }
        json!({ "errors": [item], "traceId": super::ids::random_token(32).to_lowercase() })
    }
}

impl IntoResponse for QlikError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body())).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_member_follows_the_api_style() {
        let e = QlikError::not_found("TENANTS-8", "no such tenant");
        assert_eq!(e.body()["errors"][0]["status"], json!("404"));
        let e = e.style(StatusStyle::Number);
        assert_eq!(e.body()["errors"][0]["status"], json!(404));
        assert_eq!(e.body()["errors"][0]["code"], json!("TENANTS-8"));
    }
}
