//! The admin console's "API tokens" card: every token with its scope, customers and times, a
//! form to create one, rotate and revoke buttons, and a new secret shown once.

use super::ApiTokenForm;
use crate::api::{IssuedToken, TokenView, list_api_tokens, revoke_api_token, rotate_api_token};
use crate::domain::{TokenScope, TokenStatus};
use leptos::prelude::*;

/// A Unix-millis time as `YYYY-MM-DD HH:MM` (UTC), or `-`.
pub fn when(millis: Option<i64>) -> String {
    millis
        .and_then(chrono::DateTime::from_timestamp_millis)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "-".to_owned())
}

/// The customers column: `all` for admin tokens, else the slugs.
fn customers_of(scope: &TokenScope) -> String {
    match scope {
        TokenScope::Admin => "all".to_owned(),
        TokenScope::Embed { customers } => customers
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The once-shown secret of a token just created or rotated.
#[component]
fn Secret(issued: IssuedToken, on_done: Callback<()>) -> impl IntoView {
    view! {
        <div class="notice" id="token-issued" role="status">
            <p>{format!("Secret of {} ({}) — copy it now, it is not shown again:", issued.token.name, issued.token.id)}</p>
            <code id="token-secret">{issued.secret.expose().to_owned()}</code>
            <button class="secondary" id="token-secret-done" on:click=move |_| on_done.run(())>"Done"</button>
        </div>
    }
}

/// The card.
#[component]
pub fn ApiTokens() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let tokens = LocalResource::new(move || {
        version.track();
        list_api_tokens()
    });
    let issued = RwSignal::new(None::<IssuedToken>);
    let error = RwSignal::new(None::<String>);
    let reload = move || version.update(|v| *v += 1);
    let on_issued = Callback::new(move |token: IssuedToken| {
        issued.set(Some(token));
        reload();
    });
    let rotate = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            match rotate_api_token(id).await {
                Ok(token) => {
                    error.set(None);
                    on_issued.run(token);
                }
                Err(e) => error.set(Some(e.message)),
            }
        }
    });
    let revoke = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            match revoke_api_token(id).await {
                Ok(_) => error.set(None),
                Err(e) => error.set(Some(e.message)),
            }
            reload();
        }
    });
    let row = move |t: TokenView| {
        let id = t.id.to_string();
        let (rotate_id, revoke_id, shown) = (id.clone(), id.clone(), id.clone());
        let active = t.status == TokenStatus::Active;
        view! {
            <tr data-token=id>
                <td><code>{shown}</code></td>
                <td>{t.name.to_string()}</td>
                <td>{t.scope.kind().as_str()}</td>
                <td>{customers_of(&t.scope)}</td>
                <td class="token-status">{t.status.as_str()}</td>
                <td>{when(Some(t.created_at))}</td>
                <td>{when(t.expires_at)}</td>
                <td class="token-last-used">{when(t.last_used_at)}</td>
                <td>
                    <button class="secondary token-rotate" disabled=!active
                        on:click=move |_| { rotate.dispatch_local(rotate_id.clone()); }>"Rotate"</button>
                    <button class="secondary token-revoke" disabled=t.status == TokenStatus::Revoked
                        on:click=move |_| { revoke.dispatch_local(revoke_id.clone()); }>"Revoke"</button>
                </td>
            </tr>
        }
    };
    let table = move |list: Vec<TokenView>| {
        if list.is_empty() {
            return view! { <p class="muted" id="tokens-empty">"No API tokens yet."</p> }
                .into_any();
        }
        view! {
            <table id="api-tokens">
                <thead><tr><th scope="col">"Id"</th><th scope="col">"Name"</th><th scope="col">"Scope"</th>
                    <th scope="col">"Customers"</th><th scope="col">"Status"</th><th scope="col">"Created"</th>
                    <th scope="col">"Expires"</th><th scope="col">"Last used"</th><th scope="col">"Actions"</th></tr></thead>
                <tbody>{list.into_iter().map(row).collect_view()}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="card" aria-labelledby="tokens-title">
            <h2 id="tokens-title">"API tokens"</h2>
            <p class="muted">"A partner backend that only opens embed sessions needs an embed token for its customers; admin tokens can do everything."</p>
            {move || issued.get().map(|token| view! { <Secret issued=token on_done=Callback::new(move |_| issued.set(None)) /> })}
            {move || error.get().map(|e| view! { <p class="error" role="alert" id="tokens-error">{e}</p> })}
            {move || match tokens.get() {
                None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                Some(Ok(list)) => table(list),
                Some(Err(e)) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
            }}
            <h3>"New token"</h3>
            <ApiTokenForm on_issued />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::CustomerSlug;

    #[test]
    fn columns_read_well() {
        assert_eq!(when(None), "-");
        assert_eq!(when(Some(0)), "1970-01-01 00:00");
        assert_eq!(customers_of(&TokenScope::Admin), "all");
        let embed = TokenScope::embed(vec![
            CustomerSlug::parse("globex").expect("valid"),
            CustomerSlug::parse("acme").expect("valid"),
        ])
        .expect("valid");
        assert_eq!(customers_of(&embed), "acme, globex");
    }
}
