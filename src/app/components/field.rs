//! A labelled text input with its live error beneath, shared by the console's forms so every
//! field is announced (`role="status"`) and marked `aria-invalid` the same way.

use leptos::prelude::*;

/// A labelled text input bound to `value`, with its live error (`{id}-error`).
#[component]
pub fn Field(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    #[prop(optional)] hint: &'static str,
    /// The virtual keyboard to offer (`numeric`, …), when not plain text.
    #[prop(optional)]
    inputmode: Option<&'static str>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <label for=id>{label}</label>
        <input id=id prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))
            aria-invalid=move || error.get().is_some().then_some("true") aria-describedby=error_id.clone()
            placeholder=hint inputmode=inputmode />
        <span id=error_id class="field-error" role="status">{move || error.get().unwrap_or_default()}</span>
    }
}
