//! The apps a customer's deployment distributed: adopted ones with their sheets (extension
//! sheets flagged, exposed only on the admin's word) and refused ones with the reason.

use crate::api::{HybridApp, HybridView, hybrid_expose};
use crate::domain::HybridAppStatus;
use leptos::prelude::*;

/// The list; `on_change` gets the view after a sheet is exposed or hidden.
#[component]
pub fn HybridApps(
    slug: String,
    apps: Vec<HybridApp>,
    on_change: Callback<HybridView>,
) -> impl IntoView {
    let slug = StoredValue::new(slug);
    let error = RwSignal::new(None::<String>);
    let expose = Action::new_local(move |(app, sheet, exposed): &(String, String, bool)| {
        let (app, sheet, exposed) = (app.clone(), sheet.clone(), *exposed);
        async move {
            match hybrid_expose(slug.get_value(), app, sheet, exposed).await {
                Ok(view) => {
                    error.set(None);
                    on_change.run(view);
                }
                Err(e) => error.set(Some(e.message)),
            }
        }
    });
    if apps.is_empty() {
        return view! { <p class="muted" id="hybrid-apps-empty">"No distributed apps adopted yet."</p> }.into_any();
    }
    let rows = apps.into_iter().map(|app| {
        if app.status != HybridAppStatus::Adopted {
            return view! {
                <li class="hybrid-app refused" data-app=app.app_id.to_string()>
                    <strong>{app.name}</strong>" — refused: "<span class="reason">{app.reason}</span>
                </li>
            }.into_any();
        }
        let app_id = app.app_id.to_string();
        let sheets = app.sheets.into_iter().map(|sheet| {
            let (a, s, next) = (app_id.clone(), sheet.id.to_string(), !sheet.exposed);
            let flag = (!sheet.extension_types.is_empty())
                .then(|| view! { <span class="flag">{format!("extensions: {}", sheet.extension_types.join(", "))}</span> });
            view! {
                <li class="hybrid-sheet" data-sheet=sheet.id.to_string() data-exposed=sheet.exposed.to_string()>
                    {sheet.title}" "{flag}" "
                    <button class="secondary" on:click=move |_| { expose.dispatch_local((a.clone(), s.clone(), next)); }>
                        {if sheet.exposed { "Hide from menu" } else { "Expose in menu" }}</button>
                </li>
            }
        }).collect_view();
        view! {
            <li class="hybrid-app adopted" data-app=app_id>
                <strong>{app.name}</strong>{format!(" — module {}, view-only", app.module_key)}
                <ul>{sheets}</ul>
            </li>
        }.into_any()
    }).collect_view();
    view! {
        <ul id="hybrid-apps">{rows}</ul>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
    }
    .into_any()
}
