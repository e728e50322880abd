//! The end-user embedding bundle (`oem-hub-embed`, built by trunk into `dist/embed/`): only the
//! partner menu and sheet frame, loaded into host pages by `oem-hub.js`; no admin console.

use oem_hub::app::embed::{Command, Commands, EmbedOptions, mount as mount_embed, strings};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_futures::future_to_promise;

/// Nothing runs until the host page mounts; panics abort (no panic hook: it costs bundle size).
fn main() {}

/// Mounts the module into `el`; called by `oem-hub.js` (`OemHub.mount`, custom elements).
/// `fetch_token` is the host's function for a new token (a string, a session object with
/// `token`, or a promise of either).
#[wasm_bindgen]
pub fn mount(
    el: web_sys::HtmlElement,
    hub: String,
    token: String,
    module: Option<String>,
    sheet: Option<String>,
    show_menu: bool,
    fetch_token: Option<js_sys::Function>,
) -> Handle {
    Handle(mount_embed(
        el,
        EmbedOptions {
            hub,
            token,
            fetch_token,
            module,
            sheet,
            show_menu,
        },
    ))
}

/// The host's handle on a mounted module: each command answers a promise that resolves when
/// the sheet shows the change and rejects with an `Error` saying why it cannot.
#[wasm_bindgen]
pub struct Handle(Commands);

impl Handle {
    fn run(&self, command: Command) -> js_sys::Promise {
        let commands = self.0;
        future_to_promise(async move {
            match commands.run(command).await {
                Ok(()) => Ok(JsValue::UNDEFINED),
                Err(why) => Err(js_sys::Error::new(&why).into()),
            }
        })
    }
}

#[wasm_bindgen]
impl Handle {
    /// Shows `sheet` of `module`.
    pub fn goto(&self, module: String, sheet: String) -> js_sys::Promise {
        self.run(Command::Goto { module, sheet })
    }

    /// Selects `values` (an array of strings) in `field`.
    pub fn select(&self, field: String, values: JsValue) -> js_sys::Promise {
        match strings(&values) {
            Some(values) => self.run(Command::Select { field, values }),
            None => js_sys::Promise::reject(
                &js_sys::Error::new("select: values must be an array of strings").into(),
            ),
        }
    }

    /// Clears `field`, or every selection.
    pub fn clear(&self, field: Option<String>) -> js_sys::Promise {
        self.run(Command::Clear { field })
    }

    /// Swaps in a new token the host got itself (as `fetchToken` would give it).
    #[wasm_bindgen(js_name = setToken)]
    pub fn set_token(&self, token: Option<String>) -> js_sys::Promise {
        self.run(Command::SetToken { token })
    }

    /// Exports the current sheet as `format` (`pdf`, or `xlsx` of visualization `object`)
    /// and saves it; progress comes as `oem-hub:export` events.
    pub fn export(&self, format: String, object: Option<String>) -> js_sys::Promise {
        self.run(Command::Export { format, object })
    }

    /// Applies bookmark `id`.
    #[wasm_bindgen(js_name = applyBookmark)]
    pub fn apply_bookmark(&self, id: String) -> js_sys::Promise {
        self.run(Command::ApplyBookmark { id })
    }
}
