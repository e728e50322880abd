//! One customer's provisioning: the plan (the steps apply would run), apply with live
//! progress, and, once provisioned, a preview of its sheets as its users see them.

use super::{EmbedPreview, HybridPanel, JobProgress, LifecycleControls};
use crate::api::{JobView, apply_customer, plan_customer};
use crate::domain::JobState;
use leptos::prelude::*;

/// The panel for `slug`.
#[component]
pub fn ProvisionPanel(slug: String) -> impl IntoView {
    let slug = StoredValue::new(slug);
    let steps = RwSignal::new(None::<Vec<String>>);
    let job = RwSignal::new(None::<JobView>);
    let finished = RwSignal::new(None::<JobView>);
    let error = RwSignal::new(None::<String>);
    let plan = Action::new_local(move |_: &()| async move {
        match plan_customer(slug.get_value(), true).await {
            Ok(list) => {
                error.set(None);
                steps.set(Some(list));
            }
            Err(e) => error.set(Some(e.message)),
        }
    });
    let apply = Action::new_local(move |_: &()| async move {
        finished.set(None);
        match apply_customer(slug.get_value()).await {
            Ok(view) => {
                error.set(None);
                job.set(Some(view));
            }
            Err(e) => error.set(Some(e.message)),
        }
    });
    plan.dispatch_local(());
    let on_end = Callback::new(move |view: JobView| {
        finished.set(Some(view));
        plan.dispatch_local(());
    });
    let plan_list = move || {
        steps.get().map(|list| {
            if list.is_empty() {
                return view! { <p id="plan-empty" class="ok">"Up to date: apply has nothing to do."</p> }.into_any();
            }
            view! {
                <ol id="plan-steps">{list.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol>
            }
            .into_any()
        })
    };
    // Provisioned once a job succeeded or nothing is left to do; a memo, so the preview is
    // mounted once rather than on every plan refresh.
    let provisioned = Memo::new(move |_| {
        finished
            .get()
            .is_some_and(|j| j.state == JobState::Succeeded)
            || steps.get().is_some_and(|s| s.is_empty())
    });
    view! {
        <section class="card" id="panel" aria-labelledby="panel-title">
            <h2 id="panel-title">{format!("Customer {}", slug.get_value())}</h2>
            <div class="toolbar">
                <button id="plan" class="secondary" on:click=move |_| { plan.dispatch_local(()); }
                    disabled=move || plan.pending().get()>"Refresh plan"</button>
                <button id="apply" on:click=move |_| { apply.dispatch_local(()); }
                    disabled=move || apply.pending().get() || job.get().is_some_and(|j| finished.get().is_none_or(|f| f.id != j.id))>
                    "Apply"</button>
            </div>
            <LifecycleControls slug=slug.get_value() on_change=Callback::new(move |_| { plan.dispatch_local(()); }) />
            <h3>"Plan"</h3>
            {plan_list}
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || job.get().map(|j| view! { <JobProgress job=j on_end /> })}
            {move || provisioned.get().then(|| view! {
                <EmbedPreview slug=slug.get_value() />
                <HybridPanel slug=slug.get_value() />
            })}
        </section>
    }
}
