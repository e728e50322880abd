//! Calls to the hub's embedding API with the page's embed token (CORS, no cookies).

use crate::api::{ApiError, Diagnosis, DiagnosisRequest, ErrorCode, MenuModule, QlikLogin};
use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;

/// The hub's API as the embed token holder sees it.
#[derive(Debug, Clone)]
pub struct HubClient {
    base: String,
    bearer: String,
}

impl HubClient {
    /// A client for the hub at `base` (its origin) with `token`.
    pub fn new(base: &str, token: &str) -> Self {
        Self {
            base: base.trim_end_matches('/').to_owned(),
            bearer: format!("Bearer {token}"),
        }
    }

    /// `GET /api/v1/embed/menu`.
    pub async fn menu(&self) -> Result<Vec<MenuModule>, ApiError> {
        let req =
            Request::get(&self.url("/api/v1/embed/menu")).header("Authorization", &self.bearer);
        read(req.send().await).await
    }

    /// `POST /api/v1/embed/qlik-jwt`.
    pub async fn qlik_login(&self) -> Result<QlikLogin, ApiError> {
        let req = Request::post(&self.url("/api/v1/embed/qlik-jwt"))
            .header("Authorization", &self.bearer);
        read(req.send().await).await
    }

    /// `POST /api/v1/embed/diagnosis`.
    pub async fn diagnose(&self, body: &DiagnosisRequest) -> Result<Diagnosis, ApiError> {
        let req = Request::post(&self.url("/api/v1/embed/diagnosis"))
            .header("Authorization", &self.bearer)
            .json(body)
            .map_err(|e| ApiError::new(ErrorCode::BadRequest, e.to_string()))?;
        read(req.send().await).await
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

async fn read<T: DeserializeOwned>(sent: Result<Response, gloo_net::Error>) -> Result<T, ApiError> {
    let response = sent.map_err(|_| {
        ApiError::new(
            ErrorCode::Unavailable,
            "the analytics hub cannot be reached from this page (network or CORS: is this origin registered for the customer?)",
        )
    })?;
    if response.ok() {
        return response
            .json()
            .await
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()));
    }
    let status = response.status();
    Err(match response.json::<ApiError>().await {
        Ok(err) => err,
        Err(_) => ApiError::new(ErrorCode::Internal, format!("the hub answered {status}")),
    })
}
