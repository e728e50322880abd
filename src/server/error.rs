//! The single place that turns errors into HTTP responses: JSON bodies, 4xx for bad input,
//! an opaque 500 for faults (whose cause is logged, never sent).

use crate::wire::{ApiError, ErrorCode};
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// An error answered by a REST route or middleware.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct AppError(#[from] pub ApiError);

/// Store and engine failures answer through `ops::error`'s mapping, like every other door.
macro_rules! via_api_error {
    ($($source:ty),*) => {$(
        impl From<$source> for AppError {
            fn from(e: $source) -> Self {
                AppError(ApiError::from(e))
            }
        }
    )*};
}

via_api_error!(
    crate::store::StoreError,
    crate::provision::ProvisionError,
    crate::provision::hybrid::HybridError
);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        api_error_response(&self.0)
    }
}

/// Renders an `ApiError` with its status code.
pub fn api_error_response(err: &ApiError) -> Response {
    let status =
        StatusCode::from_u16(err.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(err)).into_response()
}

/// A JSON 4xx for a status produced by a layer (body limit, unknown route, wrong method).
pub fn status_error(status: StatusCode, message: &str) -> Response {
    let code = match status {
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::UNAUTHORIZED => ErrorCode::Unauthorized,
        StatusCode::FORBIDDEN => ErrorCode::Forbidden,
        s if s.is_client_error() => ErrorCode::BadRequest,
        _ => ErrorCode::Internal,
    };
    let mut response = api_error_response(&ApiError::new(code, message));
    *response.status_mut() = status;
    response
}
