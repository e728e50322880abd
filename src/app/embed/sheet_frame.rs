//! The frame that shows a sheet from the customer's tenant, sized to the host's layout and
//! reporting its size to the host page.

use leptos::html::Div;
use leptos::prelude::*;

/// What qlik-embed's `classic/app` element shows: the app's sheet, with the host's
/// selections (`select:json`) and bookmark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QlikEmbedView {
    pub app: String,
    pub sheet: String,
    pub select_json: Option<String>,
    pub bookmark: Option<String>,
}

/// An iframe for `url`, or qlik-embed's element for `qlik_embed`, inside a container that
/// follows the host element's size.
#[component]
pub fn SheetFrame(
    url: Signal<Option<String>>,
    qlik_embed: Signal<Option<QlikEmbedView>>,
    host: StoredValue<web_sys::HtmlElement, LocalStorage>,
) -> impl IntoView {
    let container = NodeRef::<Div>::new();
    container.on_load(move |el| observe_size(el, host));
    let slot = NodeRef::<Div>::new();
    // qlik-embed reads `select:json`, a name the view macro cannot write: the element is
    // made by hand, anew for each view (qlik-embed renders once per element).
    Effect::new(move |_| {
        let view = qlik_embed.get();
        if let Some(slot) = slot.get() {
            show_qlik_embed(&slot, view.as_ref());
        }
    });
    view! {
        <div class="oem-hub-frame" node_ref=container>
            {move || url.get().map(|src| view! {
                <iframe class="oem-hub-sheet" src=src title="Analytics sheet"></iframe>
            })}
            <div class="oem-hub-qlik-embed-slot" node_ref=slot></div>
        </div>
    }
}

/// Replaces the slot's qlik-embed element with one for `view` (none: empty).
fn show_qlik_embed(slot: &web_sys::HtmlDivElement, view: Option<&QlikEmbedView>) {
    slot.set_inner_html("");
    let (Some(view), Some(document)) = (view, web_sys::window().and_then(|w| w.document())) else {
        return;
    };
    let Ok(el) = document.create_element("qlik-embed") else {
        return;
    };
    let attributes = [
        ("class", Some("oem-hub-sheet")),
        ("ui", Some("classic/app")),
        ("app-id", Some(view.app.as_str())),
        ("sheet-id", Some(view.sheet.as_str())),
        ("select:json", view.select_json.as_deref()),
        ("bookmark", view.bookmark.as_deref()),
    ];
    for (name, value) in attributes {
        if let Some(value) = value {
            let _ = el.set_attribute(name, value);
        }
    }
    let _ = slot.append_child(&el);
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
