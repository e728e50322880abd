//! Embedding mode `oauth`: Qlik's qlik-embed loader (served by the hub) renders the sheet with
//! an OAuth impersonation token that the hub mints for this user; no cookie is involved. The
//! page gets one global token function (`data-get-access-token`) and one loader script.

use super::hub_client::HubClient;
use super::sign_in::{Problem, ProblemCode};
use crate::api::{EmbedSetup, MenuSheet};

/// The global function qlik-embed calls for a token.
#[cfg(target_arch = "wasm32")]
pub const TOKEN_FUNCTION: &str = "oemHubQlikToken";

/// The app and sheet of a menu sheet's URL (`…/single/?appid=…&sheet=…`).
pub fn target(url: &str) -> Option<(String, String)> {
    let query = url.split_once('?')?.1;
    let value = |name: &str| {
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_owned())
    };
    Some((value("appid")?, value("sheet")?))
}

/// Readies the page for qlik-embed (a first token, the token function, the loader) and
/// answers what to mount. A refusal of the first token is the module's problem to show.
pub async fn prepare(
    hub: &HubClient,
    setup: Option<&EmbedSetup>,
    sheet: &MenuSheet,
) -> Result<(String, String), Problem> {
    let problem = |message: &str| Problem {
        code: ProblemCode::Oauth,
        message: message.to_owned(),
        causes: Vec::new(),
        session_missing: false,
    };
    let tenant = setup
        .and_then(|s| s.tenant_url.as_deref())
        .ok_or_else(|| problem("The customer's tenant is not ready yet."))?;
    let target = target(&sheet.url).ok_or_else(|| problem("This sheet has no app to show."))?;
    #[cfg(target_arch = "wasm32")]
    fresh_token(hub).await.map_err(Problem::from_api)?;
    install(hub, tenant);
    Ok(target)
}

#[cfg(target_arch = "wasm32")]
thread_local! {
    /// The last token and its expiry (Unix ms), reused while it has a minute left.
    static TOKEN: std::cell::RefCell<Option<(String, f64)>> = const { std::cell::RefCell::new(None) };
}

/// A token with a minute left, from the cache or the hub.
#[cfg(target_arch = "wasm32")]
async fn fresh_token(hub: &HubClient) -> Result<String, crate::api::ApiError> {
    let cached = TOKEN
        .with(|t| t.borrow().clone())
        .filter(|(_, expires_at)| *expires_at - 60_000.0 > js_sys::Date::now());
    if let Some((token, _)) = cached {
        return Ok(token);
    }
    let token = hub.qlik_token().await?;
    let expires_at = token.expires_at as f64;
    TOKEN.with(|t| *t.borrow_mut() = Some((token.access_token.clone(), expires_at)));
    Ok(token.access_token)
}

#[cfg(target_arch = "wasm32")]
fn install(hub: &HubClient, tenant: &str) {
    use wasm_bindgen::JsValue;
    use wasm_bindgen::closure::Closure;
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    if document.get_element_by_id("oem-hub-qlik-embed").is_some() {
        return;
    }
    let client = hub.clone();
    let token = Closure::<dyn Fn() -> js_sys::Promise>::new(move || {
        let client = client.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            fresh_token(&client)
                .await
                .map(|t| JsValue::from_str(&t))
                .map_err(|e| JsValue::from_str(&e.message))
        })
    });
    let _ = js_sys::Reflect::set(&window, &TOKEN_FUNCTION.into(), token.as_ref());
    // The function lives as long as the page.
    token.forget();
    let Ok(script) = document.create_element("script") else {
        return;
    };
    script.set_id("oem-hub-qlik-embed");
    let attributes = [
        ("src", format!("{}/embed/qlik-embed.js", hub.base())),
        ("crossorigin", "anonymous".to_owned()),
        ("data-host", tenant.to_owned()),
        ("data-auth-type", "Oauth2".to_owned()),
        ("data-get-access-token", TOKEN_FUNCTION.to_owned()),
    ];
    for (name, value) in attributes {
        let _ = script.set_attribute(name, &value);
    }
    if let Some(head) = document.head() {
        let _ = head.append_child(&script);
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn install(_hub: &HubClient, _tenant: &str) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_of_sheet_urls() {
        let cases = [
            (
                "https://t.example/single/?appid=a-1&sheet=s1&opt=currsel",
                Some(("a-1", "s1")),
            ),
            ("https://t.example/single/?sheet=s1", None),
            ("https://t.example/single/", None),
        ];
        for (url, want) in cases {
            let want = want.map(|(a, s)| (a.to_owned(), s.to_owned()));
            assert_eq!(target(url), want, "{url}");
        }
    }
}
