//! The one error type every server function returns, with its HTTP status.
//! Serialised as `{"code": "...", "message": "...", "field": "..."}` in every 4xx/5xx body.

use crate::domain::text_enum;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

text_enum!(
    /// What kind of failure happened; decides the HTTP status.
    ErrorCode {
        BadRequest => "bad_request",
        Unauthorized => "unauthorized",
        Forbidden => "forbidden",
        NotFound => "not_found",
        Conflict => "conflict",
        PayloadTooLarge => "payload_too_large",
        RateLimited => "rate_limited",
        Unavailable => "unavailable",
        Internal => "internal",
    }
);

impl ErrorCode {
    /// The HTTP status for this kind of failure.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::BadRequest => 400,
            ErrorCode::Unauthorized => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::Conflict => 409,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::RateLimited => 429,
            ErrorCode::Unavailable => 503,
            ErrorCode::Internal => 500,
        }
    }
}

/// An error for the caller: a code, a human message and, for bad input, the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ApiError {
    /// A failure of `code` with a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
        }
    }

    /// Bad input in `field`.
    pub fn invalid(field: &str, message: impl std::fmt::Display) -> Self {
        Self {
            code: ErrorCode::BadRequest,
            message: format!("{field}: {message}"),
            field: Some(field.to_owned()),
        }
    }

    /// A server-side fault; the cause is logged by the caller, never sent.
    pub fn internal() -> Self {
        Self::new(ErrorCode::Internal, "internal error; see the server log")
    }
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(msg) => {
                Self::new(ErrorCode::BadRequest, format!("malformed arguments: {msg}"))
            }
            ServerFnErrorErr::MissingArg(arg) => Self::invalid(&arg, "missing argument"),
            ServerFnErrorErr::Request(msg) => {
                Self::new(ErrorCode::Unavailable, format!("server unreachable: {msg}"))
            }
            // On the server this is the request body (its size is checked before, by the
            // router); in the browser, the server's response.
            ServerFnErrorErr::Deserialization(msg) if cfg!(feature = "ssr") => Self::new(
                ErrorCode::BadRequest,
                format!("unreadable request body: {msg}"),
            ),
            ServerFnErrorErr::Deserialization(msg) => {
                Self::new(ErrorCode::Internal, format!("unreadable response: {msg}"))
            }
            other => Self::new(ErrorCode::Internal, other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::assert_texts_round_trip;

    #[test]
    fn code_names_match_their_wire_form() {
        assert_texts_round_trip(ErrorCode::ALL, ErrorCode::as_str, ErrorCode::parse);
    }

    #[test]
    fn argument_errors_are_client_errors() {
        let err = ApiError::from_server_fn_error(ServerFnErrorErr::Args("bad".into()));
        assert_eq!(err.code.http_status(), 400);
        let err = ApiError::from_server_fn_error(ServerFnErrorErr::MissingArg("slug".into()));
        assert_eq!(
            (err.code.http_status(), err.field.as_deref()),
            (400, Some("slug"))
        );
    }

    #[test]
    fn serialises_flat_with_snake_case_code() {
        let json = serde_json::to_value(ApiError::invalid("slug", "too short")).expect("json");
        assert_eq!(
            json,
            serde_json::json!({"code": "bad_request", "message": "slug: too short", "field": "slug"})
        );
    }
}
