//! What the module remembers for the rest of the browser session: that this browser needed
//! the hub's proxy (mode `auto`), so later pages go there at once.

/// The sessionStorage key remembering that this browser needs the proxy for `hub`.
fn proxy_key(hub: &str) -> String {
    format!("oem-hub:proxy:{}", hub.trim_end_matches('/'))
}

/// Whether an earlier page of this browser session fell back to the proxy.
pub fn proxy_remembered(hub: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .and_then(|s| s.get_item(&proxy_key(hub)).ok().flatten())
        .is_some()
}

/// Remembers the fallback for the rest of the browser session.
pub fn remember_proxy(hub: &str) {
    if let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = storage.set_item(&proxy_key(hub), "1");
    }
}
