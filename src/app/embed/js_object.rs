//! Reading and writing the few JSON shapes the end-user bundle exchanges, straight from and to
//! JS objects (the browser parsed them): no serde deserializer in the bundle, which keeps it
//! small. Every reader is total: a missing or mistyped field reads as absent.

use crate::api::{
    ApiError, Cause, Diagnosis, EmbedSetup, ErrorCode, Finding, MenuModule, MenuSheet, QlikLogin,
};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(obj: &JsValue, key: &str) -> Option<String> {
    get(obj, key).as_string()
}

fn list(obj: &JsValue, key: &str) -> Vec<JsValue> {
    let value = get(obj, key);
    if Array::is_array(&value) {
        Array::from(&value).iter().collect()
    } else {
        Vec::new()
    }
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
#[cfg(target_arch = "wasm32")]
pub fn array(items: impl IntoIterator<Item = JsValue>) -> JsValue {
    items.into_iter().collect::<Array>().into()
}

/// The menu (`GET /api/v1/embed/menu`).
pub fn menu(value: &JsValue) -> Option<Vec<MenuModule>> {
    if !Array::is_array(value) {
        return None;
    }
    Array::from(value)
        .iter()
        .map(|m| {
            let sheets = list(&m, "sheets")
                .iter()
                .map(|s| {
                    Some(MenuSheet {
                        id: text(s, "id")?,
                        title: text(s, "title")?,
                        url: text(s, "url")?,
                    })
                })
                .collect::<Option<Vec<_>>>()?;
            Some(MenuModule {
                key: text(&m, "key")?,
                name: text(&m, "name")?,
                sheets,
                view_only: get(&m, "view_only").as_bool().unwrap_or(false),
            })
        })
        .collect()
}

/// A Qlik sign-in (`POST /api/v1/embed/qlik-jwt`).
pub fn qlik_login(value: &JsValue) -> Option<QlikLogin> {
    Some(QlikLogin {
        jwt: text(value, "jwt")?,
        tenant_host: text(value, "tenant_host")?,
        tenant_url: text(value, "tenant_url")?,
        web_integration_id: text(value, "web_integration_id")?,
        expires_at: get(value, "expires_at").as_f64()? as i64,
    })
}

/// A diagnosis (`POST /api/v1/embed/diagnosis`).
pub fn diagnosis(value: &JsValue) -> Option<Diagnosis> {
    let causes = list(value, "causes")
        .iter()
        .filter_map(|f| {
            Some(Finding {
                cause: Cause::from_name(&text(f, "cause")?)?,
                message: text(f, "message")?,
            })
        })
        .collect();
    Some(Diagnosis { causes })
}

/// The page's setup (`GET /api/v1/embed/setup`).
pub fn setup(value: &JsValue) -> Option<EmbedSetup> {
    Some(EmbedSetup {
        mode: crate::domain::EmbeddingMode::parse(&text(value, "mode")?)?,
        tenant_url: text(value, "tenant_url"),
        proxy_url: text(value, "proxy_url"),
    })
}

/// An impersonation token and when it expires, in Unix ms (`POST /api/v1/embed/qlik-token`).
#[cfg(target_arch = "wasm32")]
pub fn qlik_token(value: &JsValue) -> Option<(String, f64)> {
    Some((
        text(value, "access_token")?,
        get(value, "expires_at").as_f64()?,
    ))
}

/// An answer whose body does not matter.
pub fn nothing(_: &JsValue) -> Option<()> {
    Some(())
}

/// An embed session's token (`POST /api/v1/embed/host-sessions`).
pub fn session_token(value: &JsValue) -> Option<String> {
    text(value, "token")
}

/// An error body.
pub fn api_error(value: &JsValue) -> Option<ApiError> {
    Some(ApiError {
        code: ErrorCode::from_name(&text(value, "code")?)?,
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
