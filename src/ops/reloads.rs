//! Reload use cases: "reload now" for one customer/module, a set or the fleet; its progress;
//! the fleet's data freshness (failures first); the recorded reloads of the last days.

mod freshness;

pub use freshness::{failures_first, freshness_row};

use crate::domain::{FleetItemState, Refresh};
use crate::provision::Engine;
use crate::provision::reloads::FleetRequest;
use crate::store::Store;
use crate::wire::{ApiError, FleetReloadRequest, FleetReloadView, FreshnessRow, ReloadRecord};

/// The most days of history one request may ask for.
pub const MAX_HISTORY_DAYS: u32 = 31;
/// How many of a module's newest reloads the freshness view reads.
const RECENT: i64 = 20;

/// Believes and records one webhook delivery for customer `customer` (as the path gave it):
/// `signature` is its `Qlik-Signature`, `now` the hub's time in ms. A slug that does not parse
/// is answered as a forgery, as an unknown customer is, so slugs cannot be probed.
pub async fn receive_event(
    engine: &Engine,
    customer: &str,
    body: &[u8],
    signature: Option<&str>,
    now: i64,
) -> Result<(), ApiError> {
    let slug = crate::domain::CustomerSlug::parse(customer)
        .map_err(|_| ApiError::from(crate::provision::events::EventError::Forged))?;
    let receipt = engine
        .receive_reload_event(&slug, body, signature, now)
        .await?;
    tracing::debug!(customer = %slug, ?receipt, "reload event");
    Ok(())
}

/// Starts reloading what `req` names; it runs in the background (see [`fleet`]).
pub async fn reload_now(
    engine: &Engine,
    req: &FleetReloadRequest,
) -> Result<FleetReloadView, ApiError> {
    let request = FleetRequest {
        customers: req.customers.clone(),
        modules: req.modules.clone(),
        per_source_cap: req.per_source_cap,
    };
    let fleet = engine.start_fleet_reload(&request).await?;
    fleet_view(engine.store(), &fleet.id).await
}

/// Fleet reload `id` and how far it got.
pub async fn fleet_view(store: &Store, id: &str) -> Result<FleetReloadView, ApiError> {
    let fleet = store.get_fleet_reload(id).await?;
    let items = store.fleet_items(id).await?;
    let count = |state: FleetItemState| {
        u32::try_from(items.iter().filter(|i| i.state == state).count()).unwrap_or(u32::MAX)
    };
    Ok(FleetReloadView {
        id: fleet.id,
        state: fleet.state,
        per_source_cap: fleet.per_source_cap,
        total: u32::try_from(items.len()).unwrap_or(u32::MAX),
        pending: count(FleetItemState::Pending),
        running: count(FleetItemState::Running),
        succeeded: count(FleetItemState::Succeeded),
        failed: count(FleetItemState::Failed),
        created_at: fleet.created_at,
        finished_at: fleet.finished_at,
    })
}

/// Every active customer × module with how fresh it is, failures first, `now` in ms.
pub async fn freshness(store: &Store, now: i64) -> Result<Vec<FreshnessRow>, ApiError> {
    let mut rows = Vec::new();
    for customer in store.list_customers().await? {
        if customer.retired_at.is_some() {
            continue;
        }
        let refresh = &customer.spec.refresh;
        for module in &customer.spec.modules {
            let recent = store
                .recent_reloads(customer.slug(), module, RECENT)
                .await?;
            let scheduled = matches!(refresh.for_module(module), Refresh::Schedule(_));
            rows.push(freshness_row(
                customer.slug(),
                module,
                scheduled,
                refresh.target_hours,
                &recent,
                now,
            ));
        }
    }
    rows.sort_by(failures_first);
    Ok(rows)
}

/// Every recorded reload of the last `days` days (1–31), oldest first.
pub async fn history(store: &Store, days: u32, now: i64) -> Result<Vec<ReloadRecord>, ApiError> {
    if !(1..=MAX_HISTORY_DAYS).contains(&days) {
        return Err(ApiError::invalid(
            "days",
            format!("must be 1–{MAX_HISTORY_DAYS}"),
        ));
    }
    let since = now - i64::from(days) * 86_400_000;
    Ok(store.reload_history(since).await?)
}
