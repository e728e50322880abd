//! Calls to the hub's embedding API with the page's embed token (CORS, no cookies).

use super::fetch::{Answer, Call, send};
use super::js_object::{self, object};
use crate::api::{
    ApiError, Diagnosis, DiagnosisRequest, EmbedSetup, ErrorCode, MenuModule, QlikLogin,
};
use wasm_bindgen::JsValue;

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

    /// The hub's origin.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// A client for `token`: an embed token as is, or a host app's signed JWT traded for one
    /// (`POST /api/v1/embed/host-sessions`).
    pub async fn connect(base: &str, token: &str) -> Result<Self, ApiError> {
        let direct = Self::new(base, token);
        if token.starts_with("ohe_") {
            return Ok(direct);
        }
        let url = format!("{}/api/v1/embed/host-sessions", direct.base);
        let sent = send(Call {
            method: "POST",
            url: &url,
            headers: &[],
            json: Some(object(&[("jwt", token.into())])),
            credentials: false,
        })
        .await;
        let session = read(sent, js_object::session)?;
        Ok(Self::new(base, &session.token))
    }

    /// `GET /api/v1/embed/menu`.
    pub async fn menu(&self) -> Result<Vec<MenuModule>, ApiError> {
        let sent = self.call("GET", "/api/v1/embed/menu", None).await;
        read(sent, js_object::menu)
    }

    /// `GET /api/v1/embed/setup`.
    pub async fn setup(&self) -> Result<EmbedSetup, ApiError> {
        let sent = self.call("GET", "/api/v1/embed/setup", None).await;
        read(sent, js_object::setup)
    }

    /// `POST /api/v1/embed/fallback`: this browser needed the proxy.
    pub async fn report_fallback(&self) -> Result<(), ApiError> {
        let sent = self.call("POST", "/api/v1/embed/fallback", None).await;
        read(sent, js_object::nothing)
    }

    /// `POST {proxy}/oem-hub/session`: the proxy's first-party cookie for this user.
    pub async fn open_proxy(&self, proxy: &str) -> Result<(), ApiError> {
        let url = format!("{}/oem-hub/session", proxy.trim_end_matches('/'));
        let sent = send(Call {
            method: "POST",
            url: &url,
            headers: &[("authorization", &self.bearer)],
            json: None,
            credentials: true,
        })
        .await;
        read(sent, js_object::nothing)
    }

    /// `POST /api/v1/embed/qlik-jwt`.
    pub async fn qlik_login(&self) -> Result<QlikLogin, ApiError> {
        let sent = self.call("POST", "/api/v1/embed/qlik-jwt", None).await;
        read(sent, js_object::qlik_login)
    }

    /// `POST /api/v1/embed/qlik-token`: the user's impersonation access token (mode `oauth`).
    #[cfg(target_arch = "wasm32")]
    pub async fn qlik_token(&self) -> Result<crate::wire::QlikToken, ApiError> {
        let sent = self.call("POST", "/api/v1/embed/qlik-token", None).await;
        read(sent, js_object::qlik_token)
    }

    /// `POST /api/v1/embed/diagnosis`.
    pub async fn diagnose(&self, body: &DiagnosisRequest) -> Result<Diagnosis, ApiError> {
        let module = body.module.as_deref().map_or(JsValue::NULL, JsValue::from);
        let json = object(&[
            ("symptom", body.symptom.as_str().into()),
            ("module", module),
        ]);
        let sent = self
            .call("POST", "/api/v1/embed/diagnosis", Some(json))
            .await;
        read(sent, js_object::diagnosis)
    }

    async fn call(
        &self,
        method: &str,
        path: &str,
        json: Option<JsValue>,
    ) -> Result<Answer, JsValue> {
        let url = format!("{}{path}", self.base);
        send(Call {
            method,
            url: &url,
            headers: &[("authorization", &self.bearer)],
            json,
            credentials: false,
        })
        .await
    }
}

fn read<T>(sent: Result<Answer, JsValue>, parse: fn(&JsValue) -> Option<T>) -> Result<T, ApiError> {
    let answer = sent.map_err(|_| {
        ApiError::new(
            ErrorCode::Unavailable,
            "the analytics hub cannot be reached from this page (network, or this origin is not registered for the customer)",
        )
    })?;
    if answer.ok() {
        return parse(&answer.body).ok_or_else(|| {
            ApiError::new(ErrorCode::Internal, "the hub's answer was not understood")
        });
    }
    Err(js_object::api_error(&answer.body).unwrap_or_else(|| {
        ApiError::new(
            ErrorCode::Internal,
            format!("the hub answered {}", answer.status),
        )
    }))
}
