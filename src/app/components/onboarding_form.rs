//! The onboarding form: a new customer's spec, checked as the admin types with the same
//! `domain` parsers the server uses, then created; refusals name the field at fault.

use super::field::Field;
use super::problem;
use crate::api::{ModuleChoice, create_customer, list_module_choices};
use crate::domain::{CustomerSlug, DisplayName, GroupName, Origin, Region};
use leptos::prelude::*;
use serde_json::json;

/// The problem with the origins text, one origin per line.
fn origins_problem(raw: &str) -> Option<String> {
    raw.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .find_map(|l| Origin::parse(l).err().map(|e| format!("{l}: {e}")))
}

/// The form; `on_created` gets the new customer's slug.
#[component]
pub fn OnboardingForm(on_created: Callback<String>) -> impl IntoView {
    let own_origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let (slug, name, origins) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(own_origin),
    );
    let (region, group) = (
        RwSignal::new("us".to_owned()),
        RwSignal::new("viewers".to_owned()),
    );
    let (db_kind, db) = (
        RwSignal::new("sqlite".to_owned()),
        RwSignal::new(String::new()),
    );
    let chosen = RwSignal::new(Vec::<String>::new());
    let modules = LocalResource::new(list_module_choices);
    let server_error = RwSignal::new(None::<(Option<String>, String)>);
    let slug_error = Signal::derive(move || problem(&slug.get(), CustomerSlug::parse));
    let name_error = Signal::derive(move || problem(&name.get(), DisplayName::parse));
    let origins_error = Signal::derive(move || origins_problem(&origins.get()));
    let group_error = Signal::derive(move || problem(&group.get(), GroupName::parse));
    let db_error = Signal::derive(|| None);
    let field_error = move |field: &'static str, local: Signal<Option<String>>| {
        Signal::derive(move || {
            local.get().or_else(|| match server_error.get() {
                Some((Some(f), message)) if f.starts_with(field) => Some(message),
                _ => None,
            })
        })
    };
    let create = Action::new_local(move |spec: &serde_json::Value| {
        let spec = spec.clone();
        async move {
            match create_customer(spec).await {
                Ok(created) => {
                    server_error.set(None);
                    on_created.run(created.slug.to_string());
                }
                Err(e) => server_error.set(Some((e.field.clone(), e.message))),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let origins: Vec<String> = origins
            .get()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        let mut spec = json!({
            "slug": slug.get(), "display_name": name.get(), "region": region.get(),
            "modules": chosen.get(), "origins": origins,
            "group_roles": { group.get(): "consumer" },
        });
        if !db.get().is_empty() {
            spec["data_connection"] = json!({"type": db_kind.get(), "connection_string": db.get()});
        }
        create.dispatch_local(spec);
    };
    let invalid = move || {
        slug.get().is_empty()
            || name.get().is_empty()
            || slug_error.get().is_some()
            || name_error.get().is_some()
            || origins_error.get().is_some()
            || group_error.get().is_some()
    };
    let module_boxes = move || {
        modules.get().map(|list| match list {
            Ok(list) => list.into_iter().map(|m: ModuleChoice| {
                let key = m.key.clone();
                let checked = key.clone();
                view! {
                    <label class="check"><input type="checkbox" name="module" value=m.key.clone()
                        prop:checked=move || chosen.get().contains(&checked)
                        on:change=move |_| chosen.update(|c| match c.iter().position(|k| *k == key) {
                            Some(i) => { c.remove(i); }
                            None => c.push(key.clone()),
                        }) />
                    {format!("{} (v{})", m.name, m.version)}</label>
                }
            }).collect_view().into_any(),
            Err(e) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
        })
    };
    view! {
        <form class="form wide" id="onboarding" on:submit=submit aria-labelledby="onboarding-title">
            <h2 id="onboarding-title">"New customer"</h2>
            <Field id="new-slug" label="Slug" value=slug error=field_error("slug", slug_error) hint="acme" />
            <Field id="new-name" label="Display name" value=name error=field_error("display_name", name_error) />
            <label for="new-region">"Region"</label>
            <select id="new-region" on:change=move |ev| region.set(event_target_value(&ev))>
                {Region::ALL.iter().map(|r| view! { <option value=r.code() selected=*r == Region::Us>{r.code()}</option> }).collect_view()}
            </select>
            <fieldset><legend>"Modules"</legend>{module_boxes}</fieldset>
            <label for="new-origins">"Embedding origins (one per line)"</label>
            <textarea id="new-origins" rows="3" prop:value=move || origins.get()
                on:input=move |ev| origins.set(event_target_value(&ev))></textarea>
            <span id="new-origins-error" class="field-error" role="status">{move || field_error("origins", origins_error).get().unwrap_or_default()}</span>
            <Field id="new-group" label="Viewer group (consumer role)" value=group error=field_error("group_roles", group_error) />
            <label for="new-db-type">"Customer database"</label>
            <select id="new-db-type" on:change=move |ev| db_kind.set(event_target_value(&ev))>
                <option value="sqlite">"SQLite file"</option>
                <option value="postgres">"PostgreSQL URL"</option>
            </select>
            <Field id="new-db" label="Connection string (kept encrypted)" value=db error=field_error("data_connection", db_error) />
            <p id="create-error" class="error" role="alert">{move || server_error.get().map(|(_, m)| m)}</p>
            <button id="create-customer" type="submit" disabled=move || invalid() || create.pending().get()>"Create customer"</button>
        </form>
    }
}
