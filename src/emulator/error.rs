//! Qlik-shaped error responses: `{"errors":[{code,title,detail,status}],"traceId":…}`.
//! Some Qlik APIs send `status` as a string (tenants), some as a number (users, groups).

pub mod generic;

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// What an emulator handler answers: `T`, or an error in Qlik's envelope.
pub type Result<T, E = QlikError> = std::result::Result<T, E>;

/// How an API writes the `status` member of its error items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusStyle {
    String,
    Number,
    /// No `status` member (spaces, items, reloads, csp-origins, apps).
    Omitted,
    /// The Tasks API's `HttpResult`: `code` is the HTTP status as a number, `title` the
    /// message, `context` the operation, `timestamp` when (see [`numeric_code_item`]).
    NumericCode,
    /// The Themes API's `Error`: one flat object (`title`, `status` as a number,
    /// `meta.message`, `traceId`), no `errors` array (see [`flat_body`]).
    Flat,
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
    /// An error with `status`, Qlik `code` and `title`; the `status` member is written the way
    /// the API the code belongs to writes it.
    pub fn new(status: StatusCode, code: &str, title: &str) -> Self {
        Self {
            status,
            code: code.to_owned(),
            title: title.to_owned(),
            detail: None,
            style: style_for(code),
        }
    }

    /// An error with `status`, titled with its reason phrase (`Method Not Allowed`), and Qlik
    /// `code`.
    pub fn of_status(status: StatusCode, code: &str) -> Self {
        Self::new(status, code, status.canonical_reason().unwrap_or("Error"))
    }

    /// The generic error of `status` (`HTTP-405`, titled with its reason phrase), as Qlik
    /// answers outside any API's own codes.
    pub fn generic(status: StatusCode) -> Self {
        Self::of_status(status, &format!("HTTP-{}", status.as_u16()))
    }

    /// Adds a detail sentence.
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// 401 for a missing, unknown or expired bearer token. Qlik's exact body is unconfirmed.
    pub fn unauthorized(detail: &str) -> Self {
        Self::generic(StatusCode::UNAUTHORIZED).detail(detail)
    }

    /// 403 for an authenticated caller without the right.
    pub fn forbidden(detail: &str) -> Self {
        Self::generic(StatusCode::FORBIDDEN).detail(detail)
    }

    /// 400 for a malformed request.
    pub fn bad_request(code: &str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, "Bad Request").detail(detail)
    }

    /// 409 with an API-specific code.
    pub fn conflict(code: &str, detail: impl Into<String>) -> Self {
        Self::of_status(StatusCode::CONFLICT, code).detail(detail)
    }

    /// 404 with an API-specific code.
    pub fn not_found(code: &str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, "Not found").detail(detail)
    }

    /// 404 for a tenant host without a tenant (or whose tenant is gone): answered before any
    /// API, so the code is the generic one, written in the envelope of the API called.
    pub fn no_tenant(at: &str) -> Self {
        Self::not_found("HTTP-404", format!("no tenant at {at}"))
    }

    /// Parses a JSON request body; a malformed one is a 400 with `code`.
    pub fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8], code: &str) -> Result<T, Self> {
        serde_json::from_slice(body)
            .map_err(|e| Self::bad_request(code, format!("invalid request body: {e}")))
    }

    /// The JSON envelope of this error.
    pub fn body(&self) -> Value {
        if self.style == StatusStyle::NumericCode {
            let message = self.detail.as_deref().unwrap_or(&self.title);
            let context = self.code.strip_prefix(TASKS_PREFIX);
            let item = numeric_code_item(self.status.as_u16(), message, context);
            return json!({ "errors": [item], "traceId": super::ids::random_token(32).to_lowercase() });
        }
        if self.style == StatusStyle::Flat {
            return flat_body(self.status.as_u16(), &self.title, self.detail.as_deref());
        }
        let mut item = json!({ "code": self.code, "title": self.title });
        if let Some(detail) = &self.detail {
            item["detail"] = json!(detail);
        }
        match self.style {
            StatusStyle::String => item["status"] = json!(self.status.as_u16().to_string()),
            StatusStyle::Number => item["status"] = json!(self.status.as_u16()),
            StatusStyle::Omitted | StatusStyle::NumericCode | StatusStyle::Flat => {}
        }
        json!({ "errors": [item], "traceId": super::ids::random_token(32).to_lowercase() })
    }
}

/// Codes of Themes API errors: `THEMES-<status>`, answered flat.
pub const THEMES_PREFIX: &str = "THEMES-";

/// The Themes API's `Error` (@qlik/api 2.19.0 `themes.d.ts`: `title` required, `status`,
/// `meta` with `message`, `traceId`; `source` and `meta.stack` are not sent here).
pub fn flat_body(status: u16, title: &str, message: Option<&str>) -> Value {
    let mut body = json!({
        "title": title, "status": status,
        "traceId": super::ids::random_token(32).to_lowercase(),
    });
    if let Some(message) = message {
        body["meta"] = json!({ "message": message });
    }
    body
}

/// Codes of Tasks API errors: `TASKS-<operation>`, the operation answered as `context`.
pub const TASKS_PREFIX: &str = "TASKS-";

/// An error item of the Tasks API, whose `HttpResult` types `code` as a number (@qlik/api
/// 2.19.0 `tasks.d.ts`, unlike the other APIs). UNCONFIRMED: that `code` is the HTTP status,
/// the message is in `title`, and `context` names the operation, as in the `actions/start`
/// answer of Qlik's migration guide (`"code":"CHO-000","context":"StartTask"`).
pub fn numeric_code_item(status: u16, message: &str, context: Option<&str>) -> Value {
    let mut item = json!({
        "code": status, "title": message, "timestamp": chrono::Utc::now(),
    });
    if let Some(context) = context {
        item["context"] = json!(context);
    }
    item
}

/// Each API @qlik/api 2.19.0 types, by the path it is served under and the prefix of its own
/// codes, with how its error items write `status`: a string (tenants, web-integrations), a
/// number (identity-providers, groups, users, data-connections) or not at all (spaces, items,
/// reloads, csp-origins, apps, temp-contents, roles: `IDENTITIES-`, webhooks, reports:
/// `REP-`). The CSRF endpoint has no codes of its own, only generic ones.
const APIS: [(&str, Option<&str>, StatusStyle); 18] = {
    use StatusStyle::{Flat, Number, NumericCode, Omitted};
    [
        ("/api/v1/tasks", Some(TASKS_PREFIX), NumericCode),
        ("/api/v1/themes", Some(THEMES_PREFIX), Flat),
        (
            "/api/v1/identity-providers",
            Some("IDENTITY-PROVIDERS-"),
            Number,
        ),
        ("/api/v1/groups", Some("GROUPS-"), Number),
        ("/api/v1/users", Some("USERS-"), Number),
        (
            "/api/v1/data-connections",
            Some("DATA-CONNECTIONS-"),
            Number,
        ),
        ("/api/v1/tenants", Some("TENANTS-"), StatusStyle::String),
        (
            "/api/v1/web-integrations",
            Some("WEB-INTEGRATIONS-"),
            StatusStyle::String,
        ),
        ("/api/v1/csrf-token", None, StatusStyle::String),
        ("/api/v1/spaces", Some("SPACES-"), Omitted),
        ("/api/v1/items", Some("ITEMS-"), Omitted),
        ("/api/v1/reloads", Some("RELOADS-"), Omitted),
        ("/api/v1/csp-origins", Some("CSP-ORIGINS-"), Omitted),
        ("/api/v1/apps", Some("APPS-"), Omitted),
        ("/api/v1/temp-contents", Some("TEMP-CONTENTS-"), Omitted),
        ("/api/v1/roles", Some("IDENTITIES-"), Omitted),
        ("/api/v1/webhooks", Some("WEBHOOKS-"), Omitted),
        ("/api/v1/reports", Some("REP-"), Omitted),
    ]
};

/// How the API a `code` belongs to writes `errors[].status` (see `APIS`); a code of no API
/// there, such as the generic `HTTP-` ones, as a string.
pub fn style_for(code: &str) -> StatusStyle {
    APIS.iter()
        .find(|(_, prefix, _)| prefix.is_some_and(|p| code.starts_with(p)))
        .map_or(StatusStyle::String, |&(_, _, style)| style)
}

/// How the API serving `path` writes `errors[].status` (see `APIS`); a path of no API
/// there without it.
pub fn style_for_path(path: &str) -> StatusStyle {
    APIS.iter()
        .find(|(api, _, _)| path.starts_with(api))
        .map_or(StatusStyle::Omitted, |&(_, _, style)| style)
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
    fn style_table() {
        for (code, want) in [
            ("TENANTS-8", StatusStyle::String),
            ("HTTP-401", StatusStyle::String),
            ("GROUPS-7", StatusStyle::Number),
            ("DATA-CONNECTIONS-409", StatusStyle::Number),
            ("RELOADS-013", StatusStyle::Omitted),
            ("APPS-404", StatusStyle::Omitted),
        ] {
            assert_eq!(style_for(code), want, "{code}");
        }
    }

    #[test]
    fn status_member_follows_the_api_style() {
        let e = QlikError::not_found("TENANTS-8", "no such tenant");
        assert_eq!(e.body()["errors"][0]["status"], json!("404"));
        assert_eq!(e.body()["errors"][0]["code"], json!("TENANTS-8"));
        let e = QlikError::not_found("GROUPS-7", "no such group");
        assert_eq!(e.body()["errors"][0]["status"], json!(404));
        let e = QlikError::not_found("APPS-404", "no such app");
        assert!(e.body()["errors"][0].get("status").is_none());
    }
}
