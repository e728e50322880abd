//! Reading and writing the few JSON shapes the end-user bundle exchanges, straight from and to
//! JS objects (the browser parsed them): no serde deserializer in the bundle, which keeps it
//! small. A reader answers `None` for a body it cannot read; the tests below read every wire
//! type as serde writes it, so a renamed field fails them instead of emptying a menu.

use crate::domain::{ModuleKey, SheetId, TenantHostname, WebIntegrationId};
use crate::wire::{
    ApiError, Cause, Diagnosis, EmbedSession, EmbedSessionInfo, EmbedSetup, ErrorCode, Finding,
    MenuModule, MenuSheet, QlikLogin, QlikToken,
};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

/// What the readers need of a parsed JSON value: a JS object in the browser, a `serde_json`
/// value in the tests that round-trip every wire type through serde and back through here.
pub trait Source: Sized {
    /// The value at `key` (absent: undefined/null).
    fn field(&self, key: &str) -> Self;
    fn string(&self) -> Option<String>;
    fn number(&self) -> Option<f64>;
    fn boolean(&self) -> Option<bool>;
    /// The items of an array, `None` for anything else.
    fn items(&self) -> Option<Vec<Self>>;
}

impl Source for JsValue {
    fn field(&self, key: &str) -> Self {
        Reflect::get(self, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    }
    fn string(&self) -> Option<String> {
        self.as_string()
    }
    fn number(&self) -> Option<f64> {
        self.as_f64()
    }
    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }
    fn items(&self) -> Option<Vec<Self>> {
        Array::is_array(self).then(|| Array::from(self).iter().collect())
    }
}

fn text<S: Source>(obj: &S, key: &str) -> Option<String> {
    obj.field(key).string()
}

fn list<S: Source>(obj: &S, key: &str) -> Vec<S> {
    obj.field(key).items().unwrap_or_default()
}

fn millis<S: Source>(obj: &S, key: &str) -> Option<i64> {
    Some(obj.field(key).number()? as i64)
}

/// A plain object with `pairs`.
pub fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let obj = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&obj, &JsValue::from_str(key), value);
    }
    obj.into()
}

/// A JS array of `items`.
pub fn array(items: impl IntoIterator<Item = JsValue>) -> JsValue {
    items.into_iter().collect::<Array>().into()
}

/// The menu (`GET /api/v1/embed/menu`).
pub fn menu<S: Source>(value: &S) -> Option<Vec<MenuModule>> {
    value
        .items()?
        .iter()
        .map(|m| {
            let sheets = list(m, "sheets")
                .iter()
                .map(|s| {
                    Some(MenuSheet {
                        id: SheetId::parse(&text(s, "id")?).ok()?,
                        title: text(s, "title")?,
                        url: text(s, "url")?,
                    })
                })
                .collect::<Option<Vec<_>>>()?;
            Some(MenuModule {
                key: ModuleKey::parse(&text(m, "key")?).ok()?,
                name: text(m, "name")?,
                sheets,
                view_only: m.field("view_only").boolean().unwrap_or(false),
                access_denied: text(m, "access_denied"),
            })
        })
        .collect()
}

/// A Qlik sign-in (`POST /api/v1/embed/qlik-jwt`).
pub fn qlik_login<S: Source>(value: &S) -> Option<QlikLogin> {
    Some(QlikLogin {
        jwt: text(value, "jwt")?,
        tenant_host: TenantHostname::parse(&text(value, "tenant_host")?).ok()?,
        tenant_url: text(value, "tenant_url")?,
        web_integration_id: WebIntegrationId::parse(&text(value, "web_integration_id")?).ok()?,
        expires_at: millis(value, "expires_at")?,
    })
}

/// A diagnosis (`POST /api/v1/embed/diagnosis`).
pub fn diagnosis<S: Source>(value: &S) -> Option<Diagnosis> {
    let causes = list(value, "causes")
        .iter()
        .filter_map(|f| {
            Some(Finding {
                cause: Cause::parse(&text(f, "cause")?)?,
                message: text(f, "message")?,
            })
        })
        .collect();
    Some(Diagnosis { causes })
}

/// The page's setup (`GET /api/v1/embed/setup`).
pub fn setup<S: Source>(value: &S) -> Option<EmbedSetup> {
    Some(EmbedSetup {
        mode: crate::domain::EmbeddingMode::parse(&text(value, "mode")?)?,
        tenant_url: text(value, "tenant_url"),
        proxy_url: text(value, "proxy_url"),
        session_check_ms: millis(value, "session_check_ms")?,
        session: session_info(&value.field("session"))?,
    })
}

/// Whom the token stands for, until when (`GET /api/v1/embed/session`).
pub fn session_info<S: Source>(value: &S) -> Option<EmbedSessionInfo> {
    Some(EmbedSessionInfo {
        customer: text(value, "customer")?,
        user: text(value, "user")?,
        expires_at: millis(value, "expires_at")?,
        now: millis(value, "now")?,
    })
}

/// An impersonation token, when it expires and where (`POST /api/v1/embed/qlik-token`).
#[cfg_attr(
    not(target_arch = "wasm32"),
    allow(dead_code, reason = "only the browser build calls the hub for tokens")
)]
pub fn qlik_token<S: Source>(value: &S) -> Option<QlikToken> {
    Some(QlikToken {
        access_token: text(value, "access_token")?,
        expires_at: millis(value, "expires_at")?,
        tenant_url: text(value, "tenant_url")?,
    })
}

/// An answer whose body does not matter.
pub fn nothing<S: Source>(_: &S) -> Option<()> {
    Some(())
}

/// An embed session (`POST /api/v1/embed/host-sessions`).
pub fn session<S: Source>(value: &S) -> Option<EmbedSession> {
    Some(EmbedSession {
        token: text(value, "token")?,
        expires_at: millis(value, "expires_at")?,
    })
}

/// An error body.
pub fn api_error<S: Source>(value: &S) -> Option<ApiError> {
    Some(ApiError {
        code: ErrorCode::parse(&text(value, "code")?)?,
        message: text(value, "message")?,
        field: text(value, "field"),
    })
}

/// Findings as JS objects, for events.
#[cfg(target_arch = "wasm32")]
pub fn findings(causes: &[Finding]) -> JsValue {
    array(causes.iter().map(|f| {
        object(&[
            ("cause", f.cause.as_str().into()),
            ("message", f.message.as_str().into()),
        ])
    }))
}

#[cfg(test)]
#[path = "js_object_tests.rs"]
mod tests;
