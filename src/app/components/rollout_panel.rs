//! Rollouts: start one for a module's version, watch its waves, resume or roll back a halted one.

use crate::app::rest;
use crate::domain::RolloutState;
use leptos::prelude::*;
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
struct Rollout {
    id: String,
    module: String,
    from_version: i64,
    to_version: i64,
    state: RolloutState,
    waves: Vec<Vec<String>>,
    current_wave: i64,
    results: BTreeMap<String, String>,
    reason: Option<String>,
}

/// The start form and the rollout being watched.
#[component]
pub fn RolloutPanel() -> impl IntoView {
    let module = RwSignal::new(String::new());
    let version = RwSignal::new(String::new());
    let max_fail = RwSignal::new("0".to_owned());
    let current = RwSignal::new(None::<Rollout>);
    let error = RwSignal::new(None::<String>);
    let act = Action::new_local(move |(path, body): &(String, serde_json::Value)| {
        let (path, body) = (path.clone(), body.clone());
        async move {
            match rest::post::<Rollout>(&path, &body).await {
                Ok(r) => {
                    error.set(None);
                    watch(r.id.clone(), current);
                    current.set(Some(r));
                }
                Err(e) => error.set(Some(e.message)),
            }
        }
    });
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = json!({
            "module": module.get(),
            "version": version.get().parse::<i64>().unwrap_or(0),
            "max_failure_pct": max_fail.get().parse::<i64>().unwrap_or(0),
        });
        act.dispatch_local(("/api/v1/rollouts".to_owned(), body));
    };
    let control = move |verb: &'static str| {
        if let Some(r) = current.get_untracked() {
            act.dispatch_local((format!("/api/v1/rollouts/{}/{verb}", r.id), json!({})));
        }
    };
    view! {
        <section class="card" aria-labelledby="rollouts-title">
            <h2 id="rollouts-title">"Rollouts"</h2>
            <form class="form" id="rollout-form" on:submit=start>
                <label for="rollout-module">"Module"</label>
                <input id="rollout-module" on:input=move |ev| module.set(event_target_value(&ev)) />
                <label for="rollout-version">"To version"</label>
                <input id="rollout-version" type="number" min="1" on:input=move |ev| version.set(event_target_value(&ev)) />
                <label for="rollout-max-fail">"Halt above failure % per wave"</label>
                <input id="rollout-max-fail" type="number" min="0" max="100" prop:value=move || max_fail.get()
                    on:input=move |ev| max_fail.set(event_target_value(&ev)) />
                <button id="rollout-start" type="submit">"Start rollout"</button>
            </form>
            {move || error.get().map(|e| view! { <p class="error" role="alert" id="rollout-error">{e}</p> })}
            {move || current.get().map(|r| {
                let total = r.waves.len();
                let halted = r.state == RolloutState::Halted;
                view! {
                    <div id="rollout" data-state=r.state.as_str()>
                        <p>{format!("{} v{} → v{}: {} (wave {}/{})", r.module, r.from_version, r.to_version, r.state.as_str(), (r.current_wave + 1).min(total as i64), total)}</p>
                        <progress max=total value=r.results.len().min(total) aria-label="Rollout waves"></progress>
                        <ol>{r.waves.iter().map(|w| view! { <li>{w.iter().map(|c| format!("{c}: {}", r.results.get(c).map(String::as_str).unwrap_or("pending"))).collect::<Vec<_>>().join(", ")}</li> }).collect_view()}</ol>
                        {r.reason.clone().map(|why| view! { <p class="error">{why}</p> })}
                        {halted.then(|| view! {
                            <button id="rollout-resume" on:click=move |_| control("resume")>"Resume"</button>
                            <button id="rollout-rollback" class="secondary" on:click=move |_| control("rollback")>"Roll back"</button>
                        })}
                    </div>
                }
            })}
        </section>
    }
}

/// Polls the rollout until it reaches a resting state.
fn watch(id: String, current: RwSignal<Option<Rollout>>) {
    leptos::task::spawn_local(async move {
        loop {
            sleep_ms(400).await;
            match rest::get::<Rollout>(&format!("/api/v1/rollouts/{id}")).await {
                Ok(r) => {
                    let resting = r.state.is_settled();
                    current.set(Some(r));
                    if resting {
                        return;
                    }
                }
                Err(_) => return,
            }
        }
    });
}

/// Sleeps `ms` in the browser (a `setTimeout` promise).
async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
