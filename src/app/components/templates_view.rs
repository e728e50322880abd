//! Templates and their versions: what each module deploys, and its history.

use crate::app::rest;
use crate::wire::{ModuleView, VersionView};
use leptos::prelude::*;

/// A version's line: number, app, sheets, its reload-time variables when it has any, note.
fn version_line(v: &VersionView) -> String {
    let variables = if v.variables.is_empty() {
        String::new()
    } else {
        let names: Vec<&str> = v.variables.iter().map(|p| p.as_str()).collect();
        format!(" · reload-time variables {}", names.join(", "))
    };
    let (n, app, sheets) = (v.version, &v.template_app_id, v.sheets.len());
    format!("v{n} · app {app} · {sheets} sheets{variables} · {}", v.note)
}

/// One row per module; its versions on demand.
#[component]
pub fn TemplatesView() -> impl IntoView {
    let modules = LocalResource::new(|| rest::get::<Vec<ModuleView>>("/api/v1/modules"));
    let rows = move |list: Vec<ModuleView>| {
        if list.is_empty() {
            return view! { <p class="muted">"No templates registered yet."</p> }.into_any();
        }
        list.into_iter()
            .map(|m| view! { <ModuleRow module=m /> })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="card" aria-labelledby="templates-title" id="templates">
            <h2 id="templates-title">"Templates"</h2>
            {move || match modules.get() {
                None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                Some(Ok(list)) => rows(list),
                Some(Err(e)) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ModuleRow(module: ModuleView) -> impl IntoView {
    let key = module.key.to_string();
    let versions = LocalResource::new(move || {
        let path = format!("/api/v1/modules/{key}/versions");
        async move { rest::get::<Vec<VersionView>>(&path).await }
    });
    view! {
        <details class="module" data-module=module.key.to_string()>
            <summary>{format!("{} ({}) · current v{} · template app {}", module.name, module.key, module.version, module.template_app_id)}</summary>
            <ol class="versions">
                {move || versions.get().map(|r| match r {
                    Ok(list) => list.into_iter().map(|v| view! {
                        <li data-version=v.version>{version_line(&v)}</li>
                    }).collect_view().into_any(),
                    Err(e) => view! { <li class="error">{e.message}</li> }.into_any(),
                })}
            </ol>
        </details>
    }
}
