//! Calls to the hub's embedding API with the page's embed token (CORS, no cookies). The token
//! is renewed in place (see `renew`): every clone of a client sees the new one.

mod renew;

use super::export;
use super::fetch::{Answer, Call, send};
use super::js_object::{self, object};
use super::{Boxed, EMBED_TOKEN_PREFIX};
use crate::api::{
    ApiError, Diagnosis, DiagnosisRequest, EmbedSetup, ErrorCode, MenuModule, QlikLogin,
};
use crate::wire::EmbedSessionInfo;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// The hub's API as the embed token holder sees it; clones share the token.
#[derive(Clone)]
pub struct HubClient {
    inner: Rc<Inner>,
}

struct Inner {
    base: String,
    bearer: RefCell<String>,
    /// The host's `fetchToken`, when it gave one.
    fetch_token: Option<js_sys::Function>,
    /// Customer and user of the first token: a renewed one must stand for the same.
    owner: RefCell<Option<(String, String)>>,
    /// The renewal under way, which concurrent callers wait for.
    pending: RefCell<Option<js_sys::Promise>>,
    /// Bumped by every renewal: a timer set for an older token does nothing.
    generation: Cell<u32>,
    /// The token ended and the host gave no new one.
    expired: Cell<bool>,
    on_expired: RefCell<Option<Rc<dyn Fn()>>>,
}

impl HubClient {
    /// A client for the hub at `base` (its origin) with `token`, renewed through
    /// `fetch_token` when the host gave one.
    pub fn new(base: &str, token: &str, fetch_token: Option<js_sys::Function>) -> Self {
        Self {
            inner: Rc::new(Inner {
                base: base.trim_end_matches('/').to_owned(),
                bearer: RefCell::new(format!("Bearer {token}")),
                fetch_token,
                owner: RefCell::new(None),
                pending: RefCell::new(None),
                generation: Cell::new(0),
                expired: Cell::new(false),
                on_expired: RefCell::new(None),
            }),
        }
    }

    /// The hub's origin.
    pub fn base(&self) -> &str {
        &self.inner.base
    }

    /// The `Authorization` value of the current token.
    fn bearer(&self) -> String {
        self.inner.bearer.borrow().clone()
    }

    /// Whether the token ended for good (the host gave no new one).
    pub fn expired(&self) -> bool {
        self.inner.expired.get()
    }

    /// Calls `f` once the token has ended for good.
    pub fn on_expired(&self, f: impl Fn() + 'static) {
        self.inner.on_expired.replace(Some(Rc::new(f)));
    }

    /// A client for `token`: an embed token as is, or a host app's signed JWT traded for one
    /// (`POST /api/v1/embed/host-sessions`), and the page's setup, with which its owner is
    /// learnt and its renewal timed.
    pub async fn connect(
        base: &str,
        token: &str,
        fetch_token: Option<js_sys::Function>,
    ) -> Result<(Self, EmbedSetup), ApiError> {
        let token = if token.starts_with(EMBED_TOKEN_PREFIX) {
            token.to_owned()
        } else {
            trade(base, token).await?
        };
        let client = Self::new(base, &token, fetch_token);
        let setup = client.start().await?;
        Ok((client, setup))
    }

    /// `GET /api/v1/embed/session` with `bearer`.
    async fn session_info(&self, bearer: &str) -> Result<EmbedSessionInfo, ApiError> {
        let url = format!("{}/api/v1/embed/session", self.inner.base);
        let sent = send(Call {
            method: "GET",
            url: &url,
            headers: &[("authorization", bearer)],
            json: None,
            credentials: false,
        })
        .await;
        read(sent, js_object::session_info)
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
        let sent = self.send_renewing("POST", &url, None, true).await;
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

    /// `POST /api/v1/embed/exports`: the sheet as a file, saved by the browser as
    /// `file_name`; its size in bytes.
    pub async fn export(&self, body: JsValue, file_name: &str) -> Result<f64, ApiError> {
        let url = format!("{}/api/v1/embed/exports", self.inner.base);
        let first = export::download(&url, &self.bearer(), body.clone(), file_name).await;
        match first {
            Err(e) if e.code == ErrorCode::Unauthorized && self.renewed_after_refusal().await => {
                export::download(&url, &self.bearer(), body, file_name).await
            }
            done => done,
        }
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
        let url = format!("{}{path}", self.inner.base);
        self.send_renewing(method, &url, json, false).await
    }

    /// Sends with the current token; on a 401, renews the token once and sends again.
    fn send_renewing<'a>(
        &'a self,
        method: &'a str,
        url: &'a str,
        json: Option<JsValue>,
        credentials: bool,
    ) -> Boxed<'a, Result<Answer, JsValue>> {
        Box::pin(self.send_renewing_now(method, url, json, credentials))
    }

    async fn send_renewing_now(
        &self,
        method: &str,
        url: &str,
        json: Option<JsValue>,
        credentials: bool,
    ) -> Result<Answer, JsValue> {
        let once = |bearer: String, json: Option<JsValue>| async move {
            send(Call {
                method,
                url,
                headers: &[("authorization", &bearer)],
                json,
                credentials,
            })
            .await
        };
        let answer = once(self.bearer(), json.clone()).await?;
        if answer.status != 401 || !self.renewed_after_refusal().await {
            return Ok(answer);
        }
        once(self.bearer(), json).await
    }
}

/// `POST {base}/api/v1/embed/host-sessions` `{jwt}`: the embed token a host JWT opens.
async fn trade(base: &str, jwt: &str) -> Result<String, ApiError> {
    let url = format!("{}/api/v1/embed/host-sessions", base.trim_end_matches('/'));
    let sent = send(Call {
        method: "POST",
        url: &url,
        headers: &[],
        json: Some(object(&[("jwt", jwt.into())])),
        credentials: false,
    })
    .await;
    Ok(read(sent, js_object::session)?.token)
}

fn read<T>(sent: Result<Answer, JsValue>, parse: fn(&JsValue) -> Option<T>) -> Result<T, ApiError> {
    let body = answered(sent)?;
    parse(&body)
        .ok_or_else(|| ApiError::new(ErrorCode::Internal, "the hub's answer was not understood"))
}

/// The body of a 2xx answer, else the hub's error (one copy for every answer type).
fn answered(sent: Result<Answer, JsValue>) -> Result<JsValue, ApiError> {
    let answer = sent.map_err(|_| {
        ApiError::new(
            ErrorCode::Unavailable,
            "the analytics hub cannot be reached from this page (network, or this origin is not registered for the customer)",
        )
    })?;
    if answer.ok() {
        return Ok(answer.body);
    }
    Err(js_object::api_error(&answer.body).unwrap_or_else(|| {
        ApiError::new(
            ErrorCode::Internal,
            format!("the hub answered {}", answer.status),
        )
    }))
}
