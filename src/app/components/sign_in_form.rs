//! The admin sign-in form.

use crate::api::admin_login;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// Username + password form; calls `on_success` once signed in.
#[component]
pub fn SignInForm(on_success: impl Fn() + Clone + 'static) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let login =
        Action::new_local(move |(u, p): &(String, String)| admin_login(u.clone(), p.clone()));
    let error = move || match login.value().get() {
        Some(Err(err)) => {
            Some(view! { <p id="sign-in-error" class="error" role="alert">{err.message}</p> })
        }
        _ => None,
    };
    Effect::new(move |_| {
        if let Some(Ok(_)) = login.value().get() {
            on_success();
        }
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        login.dispatch_local((username.get_untracked(), password.get_untracked()));
    };
    view! {
        <form class="card form" on:submit=submit aria-labelledby="sign-in-title">
            <h2 id="sign-in-title">"Sign in"</h2>
            <label for="admin-username">"Username"</label>
            <input id="admin-username" name="username" autocomplete="username" required
                bind:value=username />
            <label for="admin-password">"Password"</label>
            <input id="admin-password" name="password" type="password" autocomplete="current-password"
                required bind:value=password />
            <button id="sign-in" type="submit" disabled=login.pending()>"Sign in"</button>
            {error}
        </form>
    }
}
