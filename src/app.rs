//! The browser UI (Leptos, client-side rendered): the route table and page shell.
//! Pages live in `pages/`, reusable pieces in `components/`, one component per file.

mod components;
pub mod embed;
mod pages;
mod rest;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The whole UI.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <header class="topbar">
                <a class="brand" href="/">"oem-hub"</a>
                <nav><a href="/admin">"Admin"</a></nav>
            </header>
            <main>
                <Routes fallback=pages::NotFound>
                    <Route path=path!("/") view=pages::Home />
                    <Route path=path!("/admin") view=pages::Admin />
                </Routes>
            </main>
        </Router>
    }
}
