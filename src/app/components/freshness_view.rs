//! The fleet's data freshness: every customer × module, failing first, with its last success,
//! its run of failures and the failure's log line, beside a heat map of the last week's reloads.

use crate::app::rest;
use crate::domain::ReloadOutcome;
use crate::wire::{FreshnessRow, ReloadRecord};
use leptos::prelude::*;

/// Days the heat map shows.
const DAYS: i64 = 7;
const DAY_MS: i64 = 86_400_000;

/// A day's cell: the worst outcome of that day's reloads (`None`: no reload).
fn worst(outcomes: impl Iterator<Item = ReloadOutcome>) -> Option<ReloadOutcome> {
    outcomes.max_by_key(|o| match o {
        ReloadOutcome::Succeeded => 0,
        ReloadOutcome::Running => 1,
        ReloadOutcome::Canceled => 2,
        ReloadOutcome::ExceededLimit => 3,
        ReloadOutcome::Failed => 4,
    })
}

/// The last `DAYS` days of `row`'s reloads, oldest first, ending with the day of `now`.
fn cells(row: &FreshnessRow, history: &[ReloadRecord], now: i64) -> Vec<Option<ReloadOutcome>> {
    let today = now - now.rem_euclid(DAY_MS);
    (0..DAYS)
        .rev()
        .map(|back| {
            let start = today - back * DAY_MS;
            worst(
                history
                    .iter()
                    .filter(|r| r.customer == row.customer && r.module == row.module)
                    .filter(|r| (start..start + DAY_MS).contains(&r.created_at))
                    .map(|r| r.status),
            )
        })
        .collect()
}

fn class(cell: Option<ReloadOutcome>) -> &'static str {
    match cell {
        None => "cell none",
        Some(ReloadOutcome::Succeeded) => "cell ok",
        Some(ReloadOutcome::Running) => "cell running",
        Some(_) => "cell failed",
    }
}

fn age(row: &FreshnessRow) -> String {
    match row.age_ms {
        Some(ms) if ms < 3_600_000 => format!("{} min", ms / 60_000),
        Some(ms) => format!("{} h", ms / 3_600_000),
        None => "never".to_owned(),
    }
}

fn line(row: FreshnessRow, history: &[ReloadRecord], now: i64) -> impl IntoView + use<> {
    let state = match (row.consecutive_failures, row.stale) {
        (0, false) => "fresh",
        (0, true) => "stale",
        _ => "failing",
    };
    let heat = cells(&row, history, now);
    let last = row.last.as_ref().map(|l| l.status.as_str()).unwrap_or("-");
    let log = row.failure_log.clone().unwrap_or_default();
    view! {
        <tr class=state data-customer=row.customer.to_string() data-module=row.module.to_string()>
            <td>{row.customer.to_string()}</td><td>{row.module.to_string()}</td>
            <td>{if row.scheduled { "schedule" } else { "manual" }}</td>
            <td>{last}</td><td>{age(&row)}</td>
            <td class="failures">{row.consecutive_failures}</td>
            <td class="heat" aria-label="the last 7 days">{heat.into_iter().map(|c| view! {
                <span class=class(c) title=c.map(|o| o.as_str()).unwrap_or("no reload")></span>
            }).collect_view()}</td>
            <td><code class="log">{log}</code></td>
        </tr>
    }
}

/// The freshness table with its heat map.
#[component]
pub fn FreshnessView() -> impl IntoView {
    let data = LocalResource::new(move || async move {
        let rows = rest::get::<Vec<FreshnessRow>>("/api/v1/freshness").await?;
        let history = rest::get::<Vec<ReloadRecord>>("/api/v1/reload-history?days=7").await?;
        Ok::<_, crate::wire::ApiError>((rows, history))
    });
    let table = move |(rows, history): (Vec<FreshnessRow>, Vec<ReloadRecord>)| {
        let now = js_now();
        let lines: Vec<_> = rows.into_iter().map(|r| line(r, &history, now)).collect();
        view! {
            <table id="freshness">
                <thead><tr><th scope="col">"Customer"</th><th scope="col">"Module"</th><th scope="col">"Refresh"</th>
                    <th scope="col">"Last"</th><th scope="col">"Last success"</th><th scope="col">"Failures"</th>
                    <th scope="col">"Last 7 days"</th><th scope="col">"Log"</th></tr></thead>
                <tbody>{lines}</tbody>
            </table>
        }
    };
    view! {
        <section class="card" aria-labelledby="freshness-title">
            <h2 id="freshness-title">"Data freshness"</h2>
            {move || match data.get() {
                None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                Some(Ok(both)) => table(both).into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
            }}
        </section>
    }
}

/// Milliseconds since the epoch, from the browser's clock (the server's in native tests).
fn js_now() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now() as i64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        chrono::Utc::now().timestamp_millis()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ReloadTrigger;

    fn record(status: ReloadOutcome, at: i64) -> ReloadRecord {
        ReloadRecord {
            customer: "acme".parse().expect("slug"),
            module: "sales".parse().expect("key"),
            reload_id: format!("r{at}").parse().expect("id"),
            status,
            trigger: ReloadTrigger::Schedule,
            created_at: at,
            started_at: None,
            ended_at: None,
            log_excerpt: None,
        }
    }

    #[test]
    fn each_day_shows_its_worst_reload() {
        let now = 10 * DAY_MS + 5;
        let history = [
            record(ReloadOutcome::Succeeded, 10 * DAY_MS + 1),
            record(ReloadOutcome::Failed, 10 * DAY_MS + 2),
            record(ReloadOutcome::Succeeded, 8 * DAY_MS),
            record(ReloadOutcome::Failed, 2 * DAY_MS),
        ];
        let row = crate::wire::FreshnessRow {
            customer: "acme".parse().expect("slug"),
            module: "sales".parse().expect("key"),
            scheduled: true,
            last: None,
            last_success_at: None,
            consecutive_failures: 0,
            failure_log: None,
            target_hours: None,
            age_ms: None,
            stale: false,
        };
        let got = cells(&row, &history, now);
        use ReloadOutcome::*;
        assert_eq!(
            got,
            [None, None, None, None, Some(Succeeded), None, Some(Failed)]
        );
    }
}
