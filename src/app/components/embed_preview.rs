//! The admin's preview: the customer's partner menu and sheets exactly as its users see them,
//! mounted in the console with a preview embed token.

use crate::api::preview_token;
use crate::app::embed::{EmbedOptions, mount};
use leptos::html::Div;
use leptos::prelude::*;

/// Mounts the end-user module for `slug` into the console.
#[component]
pub fn EmbedPreview(slug: String) -> impl IntoView {
    let target = NodeRef::<Div>::new();
    let error = RwSignal::new(None::<String>);
    target.on_load(move |el| {
        leptos::task::spawn_local(async move {
            match preview_token(slug).await {
                Ok(token) => {
                    let hub = web_sys::window()
                        .and_then(|w| w.location().origin().ok())
                        .unwrap_or_default();
                    let options = EmbedOptions {
                        hub,
                        token,
                        // The preview is short: a token that ends asks for a new preview.
                        fetch_token: None,
                        module: None,
                        sheet: None,
                        show_menu: true,
                    };
                    let _commands = mount(el.into(), options);
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    });
    view! {
        <section class="card preview" aria-label="Preview as end user">
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <div id="embed-preview" node_ref=target></div>
        </section>
    }
}
