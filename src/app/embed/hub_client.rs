//! Calls to the hub's embedding API with the page's embed token (CORS, no cookies).

use super::fetch::{Answer, Call, send, to_js};
use crate::api::{ApiError, Diagnosis, DiagnosisRequest, ErrorCode, MenuModule, QlikLogin};
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
        self.call("GET", "/api/v1/embed/menu", None).await
    }

    /// `POST /api/v1/embed/qlik-jwt`.
    pub async fn qlik_login(&self) -> Result<QlikLogin, ApiError> {
        self.call("POST", "/api/v1/embed/qlik-jwt", None).await
    }

    /// `POST /api/v1/embed/diagnosis`.
    pub async fn diagnose(&self, body: &DiagnosisRequest) -> Result<Diagnosis, ApiError> {
        self.call("POST", "/api/v1/embed/diagnosis", Some(to_js(body)))
            .await
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        json: Option<wasm_bindgen::JsValue>,
    ) -> Result<T, ApiError> {
        let url = format!("{}{path}", self.base);
        let sent = send(Call {
            method,
            url: &url,
            headers: &[("authorization", &self.bearer)],
            json,
            credentials: false,
        })
        .await;
        read(sent)
    }
}

fn read<T: DeserializeOwned>(sent: Result<Answer, wasm_bindgen::JsValue>) -> Result<T, ApiError> {
    let answer = sent.map_err(|_| {
        ApiError::new(
            ErrorCode::Unavailable,
            "the analytics hub cannot be reached from this page (network, or this origin is not registered for the customer)",
        )
    })?;
    if answer.ok() {
        return answer.parse().ok_or_else(|| {
            ApiError::new(ErrorCode::Internal, "the hub's answer was not understood")
        });
    }
    Err(answer.parse::<ApiError>().unwrap_or_else(|| {
        ApiError::new(
            ErrorCode::Internal,
            format!("the hub answered {}", answer.status),
        )
    }))
}
