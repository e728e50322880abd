//! The REST API's JSON body extractor: a bad body is a 400 naming the field at fault
//! (`origins[1]: wildcards are not allowed`), never a bare "invalid JSON".

use crate::server::AppError;
use crate::wire::{ApiError, ErrorCode};
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use serde::de::DeserializeOwned;

/// A JSON body parsed into `T`, with field-naming errors.
pub struct Valid<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Valid<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !is_json {
            return Err(ApiError::new(
                ErrorCode::BadRequest,
                "expected Content-Type: application/json",
            )
            .into());
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            let code = match e.status().as_u16() {
                413 => ErrorCode::PayloadTooLarge,
                _ => ErrorCode::BadRequest,
            };
            ApiError::new(code, e.body_text())
        })?;
        crate::ops::input::parse(&bytes)
            .map(Valid)
            .map_err(AppError::from)
    }
}
