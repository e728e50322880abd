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

    /// A client for `token`: an embed token as is, or a host app's signed JWT traded for one
    /// (`POST /api/v1/embed/host-sessions`).
    pub async fn connect(base: &str, token: &str) -> Result<Self, ApiError> {
        let direct = Self::new(base, token);
        if token.starts_with("ohe_") {
            return Ok(direct);
        }
        let body = to_js(&Exchange { jwt: token });
        let url = format!("{}/api/v1/embed/host-sessions", direct.base);
        let sent = send(Call {
            method: "POST",
            url: &url,
            headers: &[],
            json: Some(body),
            credentials: false,
        })
        .await;
        let session: SessionToken = read(sent)?;
        Ok(Self::new(base, &session.token))
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

#[derive(serde::Serialize)]
struct Exchange<'a> {
    jwt: &'a str,
}

#[derive(serde::Deserialize)]
struct SessionToken {
    token: String,
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
