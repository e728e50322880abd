//! The hub's landing page: what this hub is and whether it is connected.

use crate::app::components::StatusCard;
use leptos::prelude::*;

/// The landing page.
#[component]
pub fn Home() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Analytics hub"</h1>
            <p class="lead">
                "oem-hub runs one Qlik Cloud tenant per customer and embeds its sheets in your product."
            </p>
            <StatusCard />
        </section>
    }
}
