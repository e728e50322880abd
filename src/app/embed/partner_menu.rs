//! The partner menu: the customer's modules the user may see, and their sheets.

use crate::api::{MenuModule, MenuSheet};
use leptos::prelude::*;

/// A list of modules with one button per sheet; the current sheet is marked.
#[component]
pub fn PartnerMenu(
    modules: Vec<MenuModule>,
    current: Signal<Option<(String, String)>>,
    on_select: Callback<(String, MenuSheet)>,
) -> impl IntoView {
    let items = modules
        .into_iter()
        .map(|module| {
            let key = module.key.clone();
            let sheets = module
                .sheets
                .into_iter()
                .map(|sheet| {
                    let (k, id) = (key.clone(), sheet.id.clone());
                    let is_current = move || current.get() == Some((k.clone(), id.clone()));
                    let (key, title, id) = (key.clone(), sheet.title.clone(), sheet.id.clone());
                    view! {
                        <li>
                            <button
                                class="oem-hub-sheet-link"
                                data-module=key.clone()
                                data-sheet=id
                                aria-current=move || is_current().then_some("page")
                                on:click=move |_| on_select.run((key.clone(), sheet.clone()))
                            >
                                {title}
                            </button>
                        </li>
                    }
                })
                .collect_view();
            let view_only = module.view_only;
            view! {
                <li class="oem-hub-module" data-module=module.key data-view-only=view_only.then_some("true")>
                    <span class="oem-hub-module-name">{module.name}</span>
                    {view_only.then(|| view! { <span class="oem-hub-view-only">"view only"</span> })}
                    <ul>{sheets}</ul>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="oem-hub-menu" aria-label="Analytics">
            <ul>{items}</ul>
        </nav>
    }
}
