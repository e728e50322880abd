//! A small `fetch` for the end-user bundle: web-sys and the browser's own JSON parser, so
//! the bundle carries neither an HTTP client crate nor a JSON parser.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestCredentials, RequestInit, RequestMode, Response};

/// A request to send.
pub struct Call<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    pub json: Option<JsValue>,
    /// Send and accept cookies (for the tenant; never for the hub).
    pub credentials: bool,
}

/// An answer: its status and its JSON body (`null` when it had none).
pub struct Answer {
    pub status: u16,
    pub body: JsValue,
}

impl Answer {
    /// Whether the status is 2xx.
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Sends `call`; `Err` when the browser got no answer (network, or refused by CORS).
pub fn send(call: Call<'_>) -> super::Boxed<'_, Result<Answer, JsValue>> {
    Box::pin(send_now(call))
}

async fn send_now(call: Call<'_>) -> Result<Answer, JsValue> {
    let response = respond(call).await?;
    Ok(Answer {
        status: response.status(),
        body: json(&response).await,
    })
}

/// Sends `call` for a file: its body as a blob on a 2xx, else the status and JSON error.
pub async fn send_for_blob(
    call: Call<'_>,
) -> Result<Result<web_sys::Blob, (u16, JsValue)>, JsValue> {
    let response = respond(call).await?;
    if !(200..300).contains(&response.status()) {
        return Ok(Err((response.status(), json(&response).await)));
    }
    let blob = JsFuture::from(response.blob()?).await?.dyn_into()?;
    Ok(Ok(blob))
}

/// The body parsed as JSON, `null` when it is none.
async fn json(response: &Response) -> JsValue {
    match response.json() {
        Ok(promise) => JsFuture::from(promise).await.unwrap_or(JsValue::NULL),
        Err(_) => JsValue::NULL,
    }
}

async fn respond(call: Call<'_>) -> Result<Response, JsValue> {
    let init = RequestInit::new();
    init.set_method(call.method);
    init.set_mode(RequestMode::Cors);
    init.set_credentials(if call.credentials {
        RequestCredentials::Include
    } else {
        RequestCredentials::Omit
    });
    let headers = web_sys::Headers::new()?;
    for (name, value) in call.headers {
        headers.set(name, value)?;
    }
    if let Some(json) = &call.json {
        headers.set("content-type", "application/json")?;
        init.set_body(&js_sys::JSON::stringify(json)?.into());
    }
    init.set_headers(&headers);
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    JsFuture::from(window.fetch_with_str_and_init(call.url, &init))
        .await?
        .dyn_into()
}
