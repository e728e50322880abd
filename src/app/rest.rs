//! The admin console's calls to the hub's own REST API (same origin, admin session cookie);
//! failures arrive as the API's `ApiError` bodies.

use crate::api::{ApiError, ErrorCode};
use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;

/// `GET path` as JSON.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    read(Request::get(path).send().await).await
}

/// `POST path` with a JSON body.
pub async fn post<T: DeserializeOwned>(
    path: &str,
    body: &serde_json::Value,
) -> Result<T, ApiError> {
    let request = Request::post(path)
        .json(body)
        .map_err(|e| ApiError::new(ErrorCode::BadRequest, e.to_string()))?;
    read(request.send().await).await
}

async fn read<T: DeserializeOwned>(sent: Result<Response, gloo_net::Error>) -> Result<T, ApiError> {
    let response = sent.map_err(|e| {
        ApiError::new(
            ErrorCode::Unavailable,
            format!("the hub cannot be reached: {e}"),
        )
    })?;
    if response.ok() {
        return response
            .json()
            .await
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()));
    }
    let status = response.status();
    Err(response.json::<ApiError>().await.unwrap_or_else(|_| {
        ApiError::new(ErrorCode::Internal, format!("the hub answered {status}"))
    }))
}
