//! A job's live progress bar, fed by the job's server-sent events stream.

use crate::api::JobView;
use leptos::prelude::*;

/// Shows `job` and follows `/api/v1/jobs/{id}/events` until it ends; `on_end` gets the last view.
#[component]
pub fn JobProgress(job: JobView, on_end: Callback<JobView>) -> impl IntoView {
    let current = RwSignal::new(job.clone());
    follow(&job.id, current, on_end);
    view! {
        <div class="job job-progress" data-job=job.id.clone() data-state=move || current.get().state.as_str()>
            <progress max=move || current.get().step_count.max(1) value=move || current.get().step_index
                aria-label="Provisioning progress"></progress>
            <span class="job-step">{move || {
                let j = current.get();
                format!("{} · step {}/{} {}", j.state.as_str(), j.step_index, j.step_count, j.step_name)
            }}</span>
            {move || current.get().error.map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </div>
    }
}

#[cfg(target_arch = "wasm32")]
fn follow(id: &str, current: RwSignal<JobView>, on_end: Callback<JobView>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Ok(source) = web_sys::EventSource::new(&format!("/api/v1/jobs/{id}/events")) else {
        return;
    };
    let read = |ev: &web_sys::MessageEvent| -> Option<JobView> {
        serde_json::from_str(&ev.data().as_string()?).ok()
    };
    let on_progress =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            if let Some(job) = read(&ev) {
                current.set(job);
            }
        });
    let closing = source.clone();
    let on_final =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            closing.close();
            if let Some(job) = read(&ev) {
                current.set(job.clone());
                on_end.run(job);
            }
        });
    let _ =
        source.add_event_listener_with_callback("progress", on_progress.as_ref().unchecked_ref());
    let _ = source.add_event_listener_with_callback("end", on_final.as_ref().unchecked_ref());
    // The stream ends with the job; the handlers live until then.
    on_progress.forget();
    on_final.forget();
}

#[cfg(not(target_arch = "wasm32"))]
fn follow(_id: &str, _current: RwSignal<JobView>, _on_end: Callback<JobView>) {}
