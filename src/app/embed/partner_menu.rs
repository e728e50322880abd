//! The partner menu: the customer's modules the user may see, and their sheets; the sheet
//! shown is marked `aria-current=page`.

use super::dom::{append, by_class, element, on_click};
use crate::api::{MenuModule, MenuSheet};
use web_sys::Element;

const LINK: &str = "oem-hub-sheet-link";

/// The menu as the first child of `root`: one button per sheet, which calls `on_select`.
pub fn render(
    root: &Element,
    modules: &[MenuModule],
    on_select: impl Fn(String, MenuSheet) + Clone + 'static,
) -> Option<()> {
    let nav = element(
        "nav",
        &[("class", "oem-hub-menu"), ("aria-label", "Analytics")],
        None,
    )?;
    let list = element("ul", &[], None)?;
    for module in modules {
        let mut attributes = vec![
            ("class", "oem-hub-module"),
            ("data-module", module.key.as_str()),
        ];
        if module.view_only {
            attributes.push(("data-view-only", "true"));
        }
        let item = element("li", &attributes, None)?;
        let name = element(
            "span",
            &[("class", "oem-hub-module-name")],
            Some(&module.name),
        )?;
        append(&item, &[&name]);
        if module.view_only {
            let badge = element("span", &[("class", "oem-hub-view-only")], Some("view only"))?;
            append(&item, &[&badge]);
        }
        let sheets = element("ul", &[], None)?;
        for sheet in &module.sheets {
            let attributes = [
                ("class", LINK),
                ("data-module", module.key.as_str()),
                ("data-sheet", sheet.id.as_str()),
            ];
            let button = element("button", &attributes, Some(&sheet.title))?;
            let (on_select, key, sheet) =
                (on_select.clone(), module.key.to_string(), sheet.clone());
            on_click(&button, move || on_select(key.clone(), sheet.clone()));
            let li = element("li", &[], None)?;
            append(&li, &[&button]);
            append(&sheets, &[&li]);
        }
        append(&item, &[&sheets]);
        append(&list, &[&item]);
    }
    append(&nav, &[&list]);
    root.prepend_with_node_1(&nav).ok()
}

/// Marks `sheet` of `module` as the one shown, and no other.
pub fn mark(root: &Element, module: &str, sheet: &str) {
    for link in by_class(root, LINK) {
        let this = link.get_attribute("data-module").as_deref() == Some(module)
            && link.get_attribute("data-sheet").as_deref() == Some(sheet);
        let _ = if this {
            link.set_attribute("aria-current", "page")
        } else {
            link.remove_attribute("aria-current")
        };
    }
}
