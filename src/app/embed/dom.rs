//! The few elements the module shows, made with the DOM itself: a typed leptos view costs
//! the end-user bundle several KB per element type (the menu alone was 8 KB gzip), so the
//! module keeps leptos's reactive core and builds its handful of elements by hand.

use web_sys::{Document, Element};

/// The page's document.
pub fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// A new `tag` element with `attributes`, and `text` as its content when given.
pub fn element(tag: &str, attributes: &[(&str, &str)], text: Option<&str>) -> Option<Element> {
    let el = document()?.create_element(tag).ok()?;
    for (name, value) in attributes {
        el.set_attribute(name, value).ok()?;
    }
    if text.is_some() {
        el.set_text_content(text);
    }
    Some(el)
}

/// Appends `children` to `parent`.
pub fn append(parent: &Element, children: &[&Element]) {
    for child in children {
        let _ = parent.append_child(child);
    }
}

/// Calls `f` on every click of `el`, for the life of the page.
#[cfg(target_arch = "wasm32")]
pub fn on_click(el: &Element, f: impl FnMut() + 'static) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let f = Closure::<dyn FnMut()>::new(f);
    let _ = el.add_event_listener_with_callback("click", f.as_ref().unchecked_ref());
    f.forget();
}

/// Off the browser there are no clicks.
#[cfg(not(target_arch = "wasm32"))]
pub fn on_click(_el: &Element, _f: impl FnMut() + 'static) {}

/// The elements of class `class` under `root`.
pub fn by_class(root: &Element, class: &str) -> Vec<Element> {
    let found = root.get_elements_by_class_name(class);
    (0..found.length()).filter_map(|i| found.item(i)).collect()
}

/// Removes the elements of class `class` under `root`.
pub fn remove_all(root: &Element, class: &str) {
    for el in by_class(root, class) {
        el.remove();
    }
}
