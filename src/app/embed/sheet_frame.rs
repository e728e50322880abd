//! The frame that shows a sheet from the customer's tenant, sized to the host's layout and
//! reporting its size to the host page.

use leptos::html::Div;
use leptos::prelude::*;

/// An iframe for `url`, or qlik-embed's element for `qlik_embed` (app, sheet), inside a
/// container that follows the host element's size.
#[component]
pub fn SheetFrame(
    url: Signal<Option<String>>,
    qlik_embed: Signal<Option<(String, String)>>,
    host: StoredValue<web_sys::HtmlElement, LocalStorage>,
) -> impl IntoView {
    let container = NodeRef::<Div>::new();
    container.on_load(move |el| observe_size(el, host));
    view! {
        <div class="oem-hub-frame" node_ref=container>
            {move || url.get().map(|src| view! {
                <iframe class="oem-hub-sheet" src=src title="Analytics sheet"></iframe>
            })}
            {move || qlik_embed.get().map(|(app, sheet)| view! {
                <qlik-embed class="oem-hub-sheet" ui="classic/app" app-id=app sheet-id=sheet></qlik-embed>
            })}
        </div>
    }
}

#[cfg(target_arch = "wasm32")]
fn observe_size(
    el: web_sys::HtmlDivElement,
    host: StoredValue<web_sys::HtmlElement, LocalStorage>,
) {
    use super::events::{HostEvent, emit};
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let target = el.clone();
    let last = std::cell::Cell::new((0, 0));
    let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| {
        let size = (target.client_width(), target.client_height());
        if size != last.replace(size) {
            host.with_value(|h| {
                emit(
                    h,
                    &HostEvent::Resize {
                        width: size.0,
                        height: size.1,
                    },
                )
            });
        }
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        observer.observe(&el);
    }
    // The observer lives as long as the page.
    on_resize.forget();
}

#[cfg(not(target_arch = "wasm32"))]
fn observe_size(
    _el: web_sys::HtmlDivElement,
    _host: StoredValue<web_sys::HtmlElement, LocalStorage>,
) {
}
