//! One customer's hybrid distribution: the deployment on its client-managed site (checked as
//! typed with the server's parsers), the values to enter in the QMC, the pasted token, and
//! the adopted apps.

use super::HybridApps;
use super::field::Field;
use super::problem;
use crate::api::{ErrorCode, HybridView, hybrid_adopt, hybrid_setup, hybrid_token, load_hybrid};
use crate::domain::{DeploymentName, LocalBearerToken, SiteHost};
use leptos::prelude::*;

/// The panel for `slug` (a provisioned customer).
#[component]
pub fn HybridPanel(slug: String) -> impl IntoView {
    let slug = StoredValue::new(slug);
    let current = RwSignal::new(None::<HybridView>);
    let error = RwSignal::new(None::<String>);
    let (site, name, token) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let site_error = Signal::derive(move || problem(&site.get(), SiteHost::parse));
    let name_error = Signal::derive(move || problem(&name.get(), DeploymentName::parse));
    let token_error = Signal::derive(move || problem(&token.get(), LocalBearerToken::parse));
    let show = move |result: Result<HybridView, crate::api::ApiError>| match result {
        Ok(view) => {
            error.set(None);
            site.set(view.site_host.to_string());
            name.set(view.deployment_name.to_string());
            current.set(Some(view));
        }
        Err(e) if e.code == ErrorCode::NotFound && current.get_untracked().is_none() => {
            error.set(None)
        }
        Err(e) => error.set(Some(e.message)),
    };
    let load =
        Action::new_local(move |_: &()| async move { show(load_hybrid(slug.get_value()).await) });
    load.dispatch_local(());
    let save = Action::new_local(move |_: &()| async move {
        show(hybrid_setup(slug.get_value(), site.get_untracked(), name.get_untracked()).await)
    });
    let paste = Action::new_local(move |_: &()| async move {
        let result = hybrid_token(slug.get_value(), token.get_untracked()).await;
        if result.is_ok() {
            token.set(String::new());
        }
        show(result)
    });
    let adopt =
        Action::new_local(move |_: &()| async move { show(hybrid_adopt(slug.get_value()).await) });
    let values = move || {
        current.get().map(|view| {
        let v = view.values;
        view! {
            <dl id="hybrid-values" class="values">
                <dt>"Status"</dt><dd id="hybrid-status">{format!("{} — {}", view.status, view.status_detail)}</dd>
                <dt>"Deployment name"</dt><dd>{v.deployment_name}</dd>
                <dt>"API endpoint"</dt><dd>{v.api_endpoint}</dd>
                <dt>"Audience"</dt><dd>{v.audience}</dd>
                <dt>"Site license"</dt><dd>{format!("the tenant's signed license, number {}", view.license_number.unwrap_or_else(|| "unknown".to_owned()))}</dd>
                <dt>"Policy resource filter"</dt><dd>{v.resource_filter}</dd>
                <dt>"Policy actions"</dt><dd>{v.actions}</dd>
                <dt>"Policy condition"</dt><dd><code id="hybrid-condition">{v.policy_condition}</code></dd>
            </dl>
        }
    })
    };
    let on_change = Callback::new(move |view: HybridView| current.set(Some(view)));
    view! {
        <section class="card" id="hybrid" aria-labelledby="hybrid-title">
            <h3 id="hybrid-title">"Client-managed distribution"</h3>
            <form class="form" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); save.dispatch_local(()); }>
                <Field id="hybrid-site" label="Site host (QMC)" value=site error=site_error hint="qse.partner.com" />
                <Field id="hybrid-name" label="Deployment name" value=name error=name_error />
                <button id="hybrid-save" type="submit" disabled=move || site.get().is_empty() || name.get().is_empty()
                    || site_error.get().is_some() || name_error.get().is_some() || save.pending().get()>"Save deployment"</button>
            </form>
            {values}
            {move || current.get().map(|_| view! {
                <form class="form" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); paste.dispatch_local(()); }>
                    <label for="hybrid-token">"Local bearer token (Qlik Cloud format)"</label>
                    <textarea id="hybrid-token" rows="3" autocomplete="off" spellcheck="false" prop:value=move || token.get()
                        on:input=move |ev| token.set(event_target_value(&ev)) aria-describedby="hybrid-token-error"></textarea>
                    <span id="hybrid-token-error" class="field-error" role="status">{move || token_error.get().unwrap_or_default()}</span>
                    <button id="hybrid-token-save" type="submit" disabled=move || token.get().is_empty()
                        || token_error.get().is_some() || paste.pending().get()>"Save token and update the tenant"</button>
                </form>
                <div class="toolbar">
                    <button id="hybrid-adopt" on:click=move |_| { adopt.dispatch_local(()); }
                        disabled=move || adopt.pending().get()>"Adopt distributed apps"</button>
                </div>
            })}
            {move || error.get().map(|e| view! { <p class="error" role="alert" id="hybrid-error">{e}</p> })}
            {move || current.get().map(|view| view! { <HybridApps slug=slug.get_value() apps=view.apps on_change /> })}
        </section>
    }
}
