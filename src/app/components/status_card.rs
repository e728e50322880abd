//! A card that asks the server for its status and shows the answer or the error.

use crate::api::{HubDetails, HubStatus, check_status};
use leptos::prelude::*;

/// One line describing the hub, e.g. `oem-hub 0.1.0 · sqlite · Qlik emulator (localhost)`;
/// without details (not signed in as an admin), only that it is up.
pub fn describe(status: &HubStatus) -> String {
    match &status.details {
        Some(details) => describe_details(details),
        None if status.ok => "oem-hub is up · sign in as an admin for details".to_owned(),
        None => "oem-hub is not healthy".to_owned(),
    }
}

fn describe_details(status: &HubDetails) -> String {
    let qlik = if status.emulated {
        format!("Qlik emulator ({})", status.qlik_domain)
    } else {
        format!("Qlik Cloud ({})", status.qlik_domain)
    };
    format!(
        "oem-hub {} · {} · {} · {} customers · {} modules",
        status.version, status.database, qlik, status.customers, status.modules
    )
}

/// Button + result area for `check_status`.
#[component]
pub fn StatusCard() -> impl IntoView {
    let check = Action::new_local(|_: &()| check_status());
    let pending = check.pending();
    let outcome = move || {
        check.value().get().map(|result| match result {
            Ok(status) => {
                view! { <p id="status-result" class="ok">{describe(&status)}</p> }.into_any()
            }
            Err(err) => {
                view! { <p id="status-result" class="error" role="alert">{err.message}</p> }
                    .into_any()
            }
        })
    };
    view! {
        <section class="card" aria-labelledby="status-title">
            <h2 id="status-title">"Connection"</h2>
            <button id="check-status" on:click=move |_| { check.dispatch_local(()); } disabled=pending>
                "Check connection"
            </button>
            <div aria-live="polite">{outcome}</div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_an_emulated_hub() {
        let details = HubDetails {
            version: "0.1.0".into(),
            database: "sqlite".into(),
            qlik_domain: "localhost".into(),
            emulated: true,
            customers: 2,
            modules: 2,
        };
        let status = HubStatus {
            ok: true,
            details: Some(details),
        };
        assert_eq!(
            describe(&status),
            "oem-hub 0.1.0 · sqlite · Qlik emulator (localhost) · 2 customers · 2 modules"
        );
        let anonymous = HubStatus {
            ok: true,
            details: None,
        };
        assert!(!describe(&anonymous).contains("customers"));
    }
}
