//! The admin console: sign in, then the customers list, onboarding and provisioning.

use crate::api::{AdminIdentity, admin_logout, admin_me};
use crate::app::components::{
    ApiTokens, AuditLog, CustomerTable, FreshnessView, OnboardingForm, ProvisionPanel,
    RolloutPanel, SignInForm, TemplatesView,
};

/// The console's sections: id and label.
const TABS: [(&str, &str); 6] = [
    ("customers", "Customers"),
    ("freshness", "Data freshness"),
    ("templates", "Templates"),
    ("rollouts", "Rollouts"),
    ("audit", "Audit log"),
    ("tokens", "API tokens"),
];
use leptos::prelude::*;

/// `/admin`.
#[component]
pub fn Admin() -> impl IntoView {
    // Bumped after sign-in and sign-out so the session is asked for again.
    let session_version = RwSignal::new(0u32);
    let me = LocalResource::new(move || {
        session_version.track();
        admin_me()
    });
    let tab = RwSignal::new("customers");
    let list_version = RwSignal::new(0u32);
    let selected = RwSignal::new(None::<String>);
    let adding = RwSignal::new(false);
    let on_created = Callback::new(move |slug: String| {
        adding.set(false);
        list_version.update(|v| *v += 1);
        selected.set(Some(slug));
    });
    let signed_in = move |identity: AdminIdentity| {
        let logout = Action::new_local(move |_: &()| async move {
            let _ = admin_logout().await;
            session_version.update(|v| *v += 1);
        });
        view! {
            <div class="toolbar">
                <span id="admin-user">"Signed in as " {identity.username}</span>
                <button class="secondary" on:click=move |_| { logout.dispatch_local(()); }>"Sign out"</button>
            </div>
            <nav class="tabs" aria-label="Console sections">
                {TABS.iter().map(|(id, label)| view! {
                    <button class="tab" id=format!("tab-{id}") aria-pressed=move || (tab.get() == *id).to_string()
                        on:click=move |_| tab.set(id)>{*label}</button>
                }).collect_view()}
            </nav>
            {move || match tab.get() {
                "templates" => view! { <TemplatesView /> }.into_any(),
                "freshness" => view! { <FreshnessView /> }.into_any(),
                "rollouts" => view! { <RolloutPanel /> }.into_any(),
                "audit" => view! { <AuditLog /> }.into_any(),
                "tokens" => view! { <ApiTokens /> }.into_any(),
                _ => view! {
                    <CustomerTable version=list_version on_select=Callback::new(move |slug| { adding.set(false); selected.set(Some(slug)); }) />
                    <div class="toolbar">
                        <button id="new-customer" on:click=move |_| { selected.set(None); adding.set(true); }>"New customer"</button>
                    </div>
                    {move || adding.get().then(|| view! { <OnboardingForm on_created=on_created /> })}
                    {move || selected.get().map(|slug| view! { <ProvisionPanel slug /> })}
                }.into_any(),
            }}
        }
    };
    view! {
        <section class="page">
            <h1>"Admin console"</h1>
            {move || match me.get() {
                None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                Some(Ok(Some(identity))) => signed_in(identity).into_any(),
                Some(Ok(None)) => view! {
                    <SignInForm on_success=move || session_version.update(|v| *v += 1) />
                }.into_any(),
                Some(Err(err)) => view! { <p class="error" role="alert">{err.message}</p> }.into_any(),
            }}
        </section>
    }
}
