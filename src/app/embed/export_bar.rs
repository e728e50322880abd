//! The module's own export button over the sheet: a PDF of what the user sees, with their
//! selections; the same command the host page can give (`export`). Excel exports one
//! visualization's data, which the host names (`export("xlsx", objectId)`).

use super::commands::{Command, Commands};
use leptos::prelude::*;

/// The "PDF" button; it waits while its export runs.
#[component]
pub fn ExportBar(commands: Commands) -> impl IntoView {
    let busy = RwSignal::new(false);
    let button = move |format: &'static str, label: &'static str| {
        let run = move |_| {
            busy.set(true);
            leptos::task::spawn_local(async move {
                // The outcome reaches the host as `oem-hub:export`; the button only waits.
                let _ = commands
                    .run(Command::Export {
                        format: format.to_owned(),
                        object: None,
                    })
                    .await;
                busy.set(false);
            });
        };
        view! {
            <button class="oem-hub-export" data-format=format disabled=move || busy.get() on:click=run>
                {label}
            </button>
        }
    };
    view! {
        <div class="oem-hub-export-bar" role="group" aria-label="Export">
            {button("pdf", "PDF")}
        </div>
    }
}
