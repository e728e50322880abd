//! The customers list of the admin console.

use crate::api::{CustomerSummary, list_customers};
use leptos::prelude::*;

/// Loads and shows all customers, with empty and error states.
#[component]
pub fn CustomerTable() -> impl IntoView {
    let customers = LocalResource::new(list_customers);
    let rows = move |list: Vec<CustomerSummary>| {
        if list.is_empty() {
            return view! { <p class="muted">"No customers yet."</p> }.into_any();
        }
        view! {
            <table id="customers">
                <caption>"Customers"</caption>
                <thead><tr><th scope="col">"Customer"</th><th scope="col">"Slug"</th>
                    <th scope="col">"Region"</th><th scope="col">"Modules"</th></tr></thead>
                <tbody>
                    {list.into_iter().map(|c| view! {
                        <tr><td>{c.display_name}</td><td><code>{c.slug}</code></td>
                            <td>{c.region}</td><td>{c.modules.join(", ")}</td></tr>
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
