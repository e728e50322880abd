//! The frame that shows a sheet from the customer's tenant, sized to the host's layout and
//! reporting its size to the host page: an iframe, or qlik-embed's element (mode `oauth`).

use super::dom::{append, by_class, element};
use web_sys::Element;

const SHEET: &str = "oem-hub-sheet";

/// What qlik-embed's `classic/app` element shows: the app's sheet, with the host's
/// selections (`select:json`) and bookmark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QlikEmbedView {
    pub app: String,
    pub sheet: String,
    pub select_json: Option<String>,
    pub bookmark: Option<String>,
}

const FRAME: &str = "oem-hub-frame";
const SLOT: &str = "oem-hub-qlik-embed-slot";

/// Appends the frame's container, which reports its size to `host`, to `root`.
pub fn install(root: &Element, host: web_sys::HtmlElement) -> Option<()> {
    let container = element("div", &[("class", FRAME)], None)?;
    let slot = element("div", &[("class", SLOT)], None)?;
    append(&container, &[&slot]);
    append(root, &[&container]);
    observe_size(&container, host);
    Some(())
}

/// Points the iframe of the module under `host` at `url` (made when missing; left alone when
/// it already shows `url`, so nothing reloads), or removes it.
pub fn show_frame(host: &Element, url: Option<&str>) {
    let (Some(container), Some(slot)) = (by_class(host, FRAME).pop(), by_class(host, SLOT).pop())
    else {
        return;
    };
    let current = by_class(&container, SHEET)
        .into_iter()
        .find(|el| el.tag_name().eq_ignore_ascii_case("iframe"));
    match (current, url) {
        (Some(frame), None) => frame.remove(),
        (Some(frame), Some(url)) => {
            if frame.get_attribute("src").as_deref() != Some(url) {
                let _ = frame.set_attribute("src", url);
            }
        }
        (None, Some(url)) => {
            let attributes = [("class", SHEET), ("src", url), ("title", "Analytics sheet")];
            if let Some(frame) = element("iframe", &attributes, None) {
                let _ = container.insert_before(&frame, Some(&slot));
            }
        }
        (None, None) => {}
    }
}

/// Replaces the qlik-embed element of the module under `host` with one for `view` (none:
/// empty); qlik-embed renders once per element, so each view gets a new one.
pub fn show_qlik_embed(host: &Element, view: Option<&QlikEmbedView>) {
    let Some(slot) = by_class(host, SLOT).pop() else {
        return;
    };
    slot.set_inner_html("");
    let Some(view) = view else {
        return;
    };
    let mut attributes = vec![
        ("class", SHEET),
        ("ui", "classic/app"),
        ("app-id", view.app.as_str()),
        ("sheet-id", view.sheet.as_str()),
    ];
    if let Some(select) = &view.select_json {
        attributes.push(("select:json", select));
    }
    if let Some(bookmark) = &view.bookmark {
        attributes.push(("bookmark", bookmark));
    }
    if let Some(el) = element("qlik-embed", &attributes, None) {
        append(&slot, &[&el]);
    }
}

#[cfg(target_arch = "wasm32")]
fn observe_size(el: &Element, host: web_sys::HtmlElement) {
    use super::events::{HostEvent, emit};
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let target = el.clone();
    let last = std::cell::Cell::new((0, 0));
    let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| {
        let size = (target.client_width(), target.client_height());
        if size != last.replace(size) {
            let resized = HostEvent::Resize {
                width: size.0,
                height: size.1,
            };
            emit(&host, &resized);
        }
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        observer.observe(el);
    }
    // The observer lives as long as the page.
    on_resize.forget();
}

#[cfg(not(target_arch = "wasm32"))]
fn observe_size(_el: &Element, _host: web_sys::HtmlElement) {}
