//! What a server function body can reach of its HTTP exchange: request headers in, response
//! headers out (both provided by leptos_axum for the duration of the call).

use crate::wire::ApiError;
use axum::http::{HeaderMap, HeaderValue, header};
use leptos::prelude::use_context;

/// The headers of the request being served.
pub fn request_headers() -> HeaderMap {
    use_context::<axum::http::request::Parts>()
        .map(|parts| parts.headers)
        .unwrap_or_default()
}

/// Adds a `Set-Cookie` header to the response being built.
pub fn set_cookie(cookie: &str) -> Result<(), ApiError> {
    append_header(header::SET_COOKIE, cookie)
}

/// Sets a header of the response being built (kept on error answers too), e.g. `retry-after`.
pub fn set_header(name: &'static str, value: &str) -> Result<(), ApiError> {
    append_header(header::HeaderName::from_static(name), value)
}

fn append_header(name: header::HeaderName, value: &str) -> Result<(), ApiError> {
    let options = use_context::<leptos_axum::ResponseOptions>().ok_or_else(|| {
        tracing::error!("server function called without ResponseOptions in context");
        ApiError::internal()
    })?;
    let value = HeaderValue::from_str(value).map_err(|_| ApiError::internal())?;
    options.append_header(name, value);
    Ok(())
}
