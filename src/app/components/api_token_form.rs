//! The form that creates an API token: name, scope (admin, or embed for listed customers) and
//! an optional expiry, each checked as typed with the server's own parsers.

use super::field::Field;
use crate::api::{IssuedToken, NewTokenRequest, create_api_token};
use crate::domain::{CustomerSlug, ScopeKind, TokenName, TokenScope};
use leptos::prelude::*;

/// The scope the form's fields describe, or why they describe none.
fn scope_of(kind: ScopeKind, customers: &str) -> Result<TokenScope, String> {
    match kind {
        ScopeKind::Admin => Ok(TokenScope::Admin),
        ScopeKind::Embed => {
            let slugs = customers
                .split([',', ' '])
                .filter(|s| !s.is_empty())
                .map(|s| CustomerSlug::parse(s).map_err(|e| format!("{s}: {e}")))
                .collect::<Result<Vec<_>, _>>()?;
            TokenScope::embed(slugs).map_err(|e| e.to_string())
        }
    }
}

/// Days until expiry: empty for none, else 1–3650.
fn days_of(raw: &str) -> Result<Option<u32>, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<u32>() {
        Ok(days) if (1..=3650).contains(&days) => Ok(Some(days)),
        _ => Err("a whole number of days, 1–3650 (empty: never expires)".to_owned()),
    }
}

/// Creates a token and hands the answer (with its once-shown secret) to `on_issued`.
#[component]
pub fn ApiTokenForm(on_issued: Callback<IssuedToken>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(ScopeKind::Embed);
    let customers = RwSignal::new(String::new());
    let days = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let name_ok = Signal::derive(move || TokenName::parse(&name.get()).map_err(|e| e.to_string()));
    let scope_ok = Signal::derive(move || scope_of(kind.get(), &customers.get()));
    let days_ok = Signal::derive(move || days_of(&days.get()));
    let create = Action::new_local(move |request: &NewTokenRequest| {
        let request = request.clone();
        async move {
            match create_api_token(request).await {
                Ok(issued) => {
                    error.set(None);
                    name.set(String::new());
                    customers.set(String::new());
                    days.set(String::new());
                    on_issued.run(issued);
                }
                Err(e) => error.set(Some(e.message)),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let (Ok(name), Ok(scope), Ok(expires_in_days)) =
            (name_ok.get(), scope_ok.get(), days_ok.get())
        {
            create.dispatch_local(NewTokenRequest {
                name,
                scope,
                expires_in_days,
            });
        }
    };
    // A field's error shows once something is typed in it.
    let once_typed = |value: RwSignal<String>, check: Signal<Result<(), String>>| {
        Signal::derive(move || check.get().err().filter(|_| !value.get().is_empty()))
    };
    let name_error = once_typed(name, Signal::derive(move || name_ok.get().map(|_| ())));
    let scope_error = once_typed(
        customers,
        Signal::derive(move || scope_ok.get().map(|_| ())),
    );
    let days_error = once_typed(days, Signal::derive(move || days_ok.get().map(|_| ())));
    view! {
        <form class="form" id="token-form" on:submit=submit>
            <Field id="token-name" label="Name" value=name error=name_error hint="partner-backend" />
            <label for="token-scope">"Scope"</label>
            <select id="token-scope" on:change=move |ev| {
                if let Some(chosen) = ScopeKind::parse(&event_target_value(&ev)) {
                    kind.set(chosen);
                }
            }>
                <option value=ScopeKind::Embed.as_str() selected=true>"embed — only opens embed sessions for the customers listed"</option>
                <option value=ScopeKind::Admin.as_str()>"admin — everything an admin may do"</option>
            </select>
            {move || (kind.get() == ScopeKind::Embed).then(|| view! {
                <Field id="token-customers" label="Customers (comma-separated slugs)" value=customers
                    error=scope_error hint="acme, globex" />
            })}
            <Field id="token-days" label="Expires in (days)" value=days error=days_error hint="never"
                inputmode="numeric" />
            <button id="token-create" type="submit" disabled=move || name_ok.get().is_err()
                || scope_ok.get().is_err() || days_ok.get().is_err() || create.pending().get()>"Create token"</button>
            {move || error.get().map(|e| view! { <p class="error" role="alert" id="token-error">{e}</p> })}
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_become_a_scope_and_an_expiry_or_say_why_not() {
        assert_eq!(scope_of(ScopeKind::Admin, "ignored"), Ok(TokenScope::Admin));
        assert_eq!(
            scope_of(ScopeKind::Embed, "globex, acme").map(|s| s.to_string()),
            Ok("embed:acme,globex".to_owned())
        );
        assert!(
            scope_of(ScopeKind::Embed, "")
                .expect_err("refused")
                .contains("at least one")
        );
        assert!(
            scope_of(ScopeKind::Embed, "acme, Bad")
                .expect_err("refused")
                .starts_with("Bad:")
        );
        assert_eq!(days_of(""), Ok(None));
        assert_eq!(days_of(" 30 "), Ok(Some(30)));
        for bad in ["0", "3651", "-1", "ten"] {
            assert!(days_of(bad).is_err(), "{bad}");
        }
    }
}
