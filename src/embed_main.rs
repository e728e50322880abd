//! The end-user embedding bundle (`oem-hub-embed`, built by trunk into `dist/embed/`): only the
//! partner menu and sheet frame, loaded into host pages by `oem-hub.js`; no admin console.

use oem_hub::app::embed::{EmbedOptions, mount as mount_embed};
use wasm_bindgen::prelude::wasm_bindgen;

/// Nothing runs until the host page mounts; panics abort (no panic hook: it costs bundle size).
fn main() {}

/// Mounts the module into `el`; called by `oem-hub.js` (`OemHub.mount`, custom elements).
#[wasm_bindgen]
pub fn mount(
    el: web_sys::HtmlElement,
    hub: String,
    token: String,
    module: Option<String>,
    sheet: Option<String>,
    show_menu: bool,
) {
    mount_embed(
        el,
        EmbedOptions {
            hub,
            token,
            module,
            sheet,
            show_menu,
        },
    );
}
