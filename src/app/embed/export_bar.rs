//! The module's own export button over the sheet: a PDF of what the user sees, with their
//! selections; the same command the host page can give (`export`). Excel exports one
//! visualization's data, which the host names (`export("xlsx", objectId)`).

use super::commands::{Command, Commands};
use super::dom::{append, by_class, element, on_click};
use web_sys::Element;

/// The bar's class; it is hidden until a sheet is shown (`show`).
const BAR: &str = "oem-hub-export-bar";

/// Adds the "PDF" button to the module's root `root`, hidden until `show`; it is disabled
/// while its export runs.
pub fn install(root: &Element, commands: Commands) -> Option<()> {
    let attributes = [
        ("class", BAR),
        ("role", "group"),
        ("aria-label", "Export"),
        ("hidden", ""),
    ];
    let bar = element("div", &attributes, None)?;
    let attributes = [("class", "oem-hub-export"), ("data-format", "pdf")];
    let button = element("button", &attributes, Some("PDF"))?;
    let target = button.clone();
    on_click(&button, move || {
        let button = target.clone();
        let _ = button.set_attribute("disabled", "");
        leptos::task::spawn_local(async move {
            // The outcome reaches the host as `oem-hub:export`; the button only waits.
            let export = Command::Export {
                format: "pdf".to_owned(),
                object: None,
            };
            let _ = commands.run(export).await;
            let _ = button.remove_attribute("disabled");
        });
    });
    append(&bar, &[&button]);
    append(root, &[&bar]);
    Some(())
}

/// Shows the bar of the module under `host` (a sheet is shown).
pub fn show(host: &Element) {
    for bar in by_class(host, BAR) {
        let _ = bar.remove_attribute("hidden");
    }
}
