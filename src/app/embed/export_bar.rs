//! The module's own export buttons over the sheet: PDF and Excel of what the user sees, with
//! their selections; the same command the host page can give (`export`).

use super::commands::{Command, Commands};
use leptos::prelude::*;

/// "PDF" and "Excel" buttons; a button waits while its export runs.
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
            {button("xlsx", "Excel")}
        </div>
    }
}
