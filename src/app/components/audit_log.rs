//! The audit log view: every Qlik call the engine made, filtered by customer and count.

use crate::app::rest;
use leptos::prelude::*;
use serde::Deserialize;

/// An audit entry as the REST API returns it.
#[derive(Debug, Clone, Deserialize)]
struct Entry {
    at: i64,
    customer: Option<String>,
    method: String,
    host: String,
    path: String,
    status: i64,
    duration_ms: i64,
}

/// Filters and the matching entries, newest first.
#[component]
pub fn AuditLog() -> impl IntoView {
    let customer = RwSignal::new(String::new());
    let limit = RwSignal::new("100".to_owned());
    let entries = LocalResource::new(move || {
        let (customer, limit) = (customer.get(), limit.get());
        async move {
            let mut path = format!("/api/v1/audit?limit={limit}");
            if !customer.is_empty() {
                path.push_str(&format!("&customer={customer}"));
            }
            rest::get::<Vec<Entry>>(&path).await
        }
    });
    let table = move |list: Vec<Entry>| {
        if list.is_empty() {
            return view! { <p class="muted" id="audit-empty">"No Qlik calls recorded for this filter."</p> }.into_any();
        }
        view! {
            <table id="audit">
                <thead><tr><th scope="col">"Time"</th><th scope="col">"Customer"</th><th scope="col">"Call"</th>
                    <th scope="col">"Status"</th><th scope="col">"ms"</th></tr></thead>
                <tbody>{list.into_iter().map(|e| view! {
                    <tr><td>{chrono::DateTime::from_timestamp_millis(e.at).map(|t| t.format("%H:%M:%S").to_string()).unwrap_or_default()}</td>
                        <td>{e.customer.unwrap_or_default()}</td>
                        <td><code>{format!("{} {}{}", e.method, e.host, e.path)}</code></td>
                        <td>{e.status}</td><td>{e.duration_ms}</td></tr>
                }).collect_view()}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="card" aria-labelledby="audit-title">
            <h2 id="audit-title">"Audit log"</h2>
            <div class="filters">
                <label for="audit-customer">"Customer"</label>
                <input id="audit-customer" placeholder="all" on:change=move |ev| customer.set(event_target_value(&ev)) />
                <label for="audit-limit">"Show"</label>
                <select id="audit-limit" on:change=move |ev| limit.set(event_target_value(&ev))>
                    <option value="100">"100"</option><option value="500">"500"</option><option value="2000">"2000"</option>
                </select>
            </div>
            {move || match entries.get() {
                None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                Some(Ok(list)) => table(list),
                Some(Err(e)) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
            }}
        </section>
    }
}
