//! Deprovision (after typing the slug to confirm, with a purge window) and reactivate.

use super::JobProgress;
use crate::api::JobView;
use crate::app::rest;
use leptos::prelude::*;
use serde_json::json;

/// The controls for `slug`; `on_change` runs when a lifecycle job ended.
#[component]
pub fn LifecycleControls(slug: String, on_change: Callback<()>) -> impl IntoView {
    let slug = StoredValue::new(slug);
    let confirming = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let days = RwSignal::new("30".to_owned());
    let job = RwSignal::new(None::<JobView>);
    let error = RwSignal::new(None::<String>);
    let run = Action::new_local(move |(verb, body): &(&'static str, serde_json::Value)| {
        let (verb, body) = (*verb, body.clone());
        async move {
            let path = format!("/api/v1/customers/{}/{verb}", slug.get_value());
            match rest::post::<JobView>(&path, &body).await {
                Ok(view) => {
                    error.set(None);
                    confirming.set(false);
                    job.set(Some(view));
                }
                Err(e) => error.set(Some(e.message)),
            }
        }
    });
    let deprovision = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let days: u32 = days.get().parse().unwrap_or(0);
        run.dispatch_local(("deprovision", json!({ "purge_after_days": days })));
    };
    let on_end = Callback::new(move |_: JobView| on_change.run(()));
    view! {
        <div class="lifecycle">
            <button id="deprovision" class="danger" on:click=move |_| confirming.set(true)>"Deprovision…"</button>
            <button id="reactivate" class="secondary" on:click=move |_| { run.dispatch_local(("reactivate", json!({}))); }>"Reactivate"</button>
            {move || confirming.get().then(|| view! {
                <form class="form" id="deprovision-confirm" on:submit=deprovision role="alertdialog" aria-labelledby="deprovision-title">
                    <p id="deprovision-title">{format!("Deprovision {}? Its tenant is deactivated and purged after the window below; reactivate works until then.", slug.get_value())}</p>
                    <label for="deprovision-slug">"Type the customer's slug to confirm"</label>
                    <input id="deprovision-slug" on:input=move |ev| typed.set(event_target_value(&ev)) />
                    <label for="deprovision-days">"Purge after (days, 10–90)"</label>
                    <input id="deprovision-days" type="number" min="10" max="90" prop:value=move || days.get()
                        on:input=move |ev| days.set(event_target_value(&ev)) />
                    <button id="deprovision-go" class="danger" type="submit" disabled=move || typed.get() != slug.get_value()>"Deprovision"</button>
                    <button type="button" class="secondary" on:click=move |_| confirming.set(false)>"Cancel"</button>
                </form>
            })}
            {move || error.get().map(|e| view! { <p class="error" role="alert" id="lifecycle-error">{e}</p> })}
            {move || job.get().map(|j| view! { <div id="lifecycle-job"><JobProgress job=j on_end /></div> })}
        </div>
    }
}
