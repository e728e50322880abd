//! The page for unknown routes.

use leptos::prelude::*;

/// Shown when no route matches.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Page not found"</h1>
            <p><a href="/">"Back to the hub"</a></p>
        </section>
    }
}
