//! What a server function body can reach of its HTTP exchange: request headers in, response
//! headers out (both provided by leptos_axum for the duration of the call).

use crate::api::ApiError;
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
    let options = use_context::<leptos_axum::ResponseOptions>().ok_or_else(|| {
        tracing::error!("server function called without ResponseOptions in context");
        ApiError::internal()
    })?;
    let value = HeaderValue::from_str(cookie).map_err(|_| ApiError::internal())?;
    options.append_header(header::SET_COOKIE, value);
    Ok(())
}
