//! The customers list of the admin console.

use crate::api::{CustomerSummary, list_customers};
use leptos::prelude::*;

/// Loads and shows all customers, with empty and error states.
#[component]
pub fn CustomerTable(
    /// Bumped by the page when the list changed.
    version: RwSignal<u32>,
    on_select: Callback<String>,
) -> impl IntoView {
    let customers = LocalResource::new(move || {
        version.track();
        list_customers()
    });
    let rows = move |list: Vec<CustomerSummary>| {
        if list.is_empty() {
            return view! { <p class="muted">"No customers yet."</p> }.into_any();
        }
        view! {
            <table id="customers">
                <caption>"Customers"</caption>
                <thead><tr><th scope="col">"Customer"</th><th scope="col">"Slug"</th>
                    <th scope="col">"Region"</th><th scope="col">"Modules"</th><th scope="col">"Tenant"</th>
                    <th scope="col">"Deployed"</th><th scope="col">"Last job"</th><th scope="col">"Embedding"</th><th scope="col"><span class="sr-only">"Actions"</span></th></tr></thead>
                <tbody>
                    {list.into_iter().map(|c| {
                        let slug = c.slug.to_string();
                        view! {
                            <tr><td>{c.display_name.to_string()}</td><td><code>{c.slug.to_string()}</code></td>
                                <td>{c.region.to_string()}</td><td>{c.modules.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")}</td>
                                <td>{if c.retired { "retired".to_owned() } else { c.tenant_host.map_or_else(|| "not created".to_owned(), |h| h.to_string()) }}</td>
                                <td>{c.versions.join(", ")}</td>
                                <td class="last-job">{c.last_job.unwrap_or_default()}</td>
                                <td class="embedding">{format!("{} · {} proxy fallbacks", c.embedding, c.proxy_fallbacks)}</td>
                                <td><button class="secondary" data-manage=slug.clone()
                                    on:click=move |_| on_select.run(slug.clone())>"Manage"</button></td></tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="card">
            {move || match customers.get() {
                None => view! { <p class="muted">"Loading customers…"</p> }.into_any(),
                Some(Ok(list)) => rows(list),
                Some(Err(err)) => view! { <p class="error" role="alert">{err.message}</p> }.into_any(),
            }}
        </section>
    }
}
