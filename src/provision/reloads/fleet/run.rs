//! Working fleet reloads: every unfinished item is its own future, admitted first by its
//! database's cap and then by the hub-wide limit, so a reload starts the moment a slot frees.

use super::super::super::{Engine, ProvisionError};
use super::poll;
use crate::domain::{FleetItemState, FleetReloadState};
use crate::store::FleetItem;
use futures::FutureExt;
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::Semaphore;

const FLEET_LEASE: &str = "fleet-reloads";
/// How long the fleet lease lasts unrenewed; the replica working the fleet renews it every
/// third of that, and stops working the moment it cannot.
const FLEET_LEASE_MS: i64 = 60_000;

/// The slots one fleet's items wait for: their database's (under a cap) and the hub's; and
/// how long this fleet's reloads took so far (the first look at an item's reload waits that).
struct Slots<'a> {
    hub: &'a Semaphore,
    by_source: BTreeMap<String, Semaphore>,
    durations: Mutex<Vec<Duration>>,
}

impl<'a> Slots<'a> {
    fn new(hub: &'a Semaphore, cap: Option<u32>, items: &[FleetItem]) -> Self {
        let by_source = match cap {
            Some(cap) => items
                .iter()
                .map(|i| (i.source.clone(), Semaphore::new(cap as usize)))
                .collect(),
            None => BTreeMap::new(),
        };
        Self {
            hub,
            by_source,
            durations: Mutex::default(),
        }
    }
}

impl Engine {
    /// Works running fleet reloads (checking every `poll` for new ones) until `shutdown`
    /// resolves; a pass runs while this replica holds the fleet lease.
    pub async fn run_fleet_reloads(&self, shutdown: impl Future<Output = ()>) {
        let every = self.inner.config.poll;
        let shutdown = shutdown.shared();
        self.periodically(every, FLEET_LEASE, FLEET_LEASE_MS, shutdown.clone(), || {
            let stop = shutdown.clone();
            async move {
                tokio::select! {
                    () = stop => {}
                    () = self.fleet_pass() => {}
                }
            }
        })
        .await;
    }

    /// Works fleet reload `id` here until it is done (under the same lease as the hubs' runner,
    /// so a CLI beside a running hub never starts an item twice).
    pub async fn drive_fleet(&self, id: &str) -> Result<crate::store::FleetReload, ProvisionError> {
        loop {
            let fleet = self.store().get_fleet_reload(id).await?;
            if fleet.state != FleetReloadState::Running {
                return Ok(fleet);
            }
            if self
                .store()
                .try_lease(FLEET_LEASE, self.owner(), FLEET_LEASE_MS)
                .await?
            {
                let hub = Semaphore::new(self.inner.config.fleet_concurrency);
                tokio::select! {
                    done = self.work_fleet(id, &hub) => done?,
                    () = self.lose_lease(FLEET_LEASE, FLEET_LEASE_MS) => {}
                }
            }
            tokio::time::sleep(self.inner.config.poll).await;
        }
    }

    /// Every running fleet at once, sharing the hub's slots, until each is done or the lease
    /// is lost.
    async fn fleet_pass(&self) {
        let running = match self.store().running_fleet_reloads().await {
            Ok(ids) => ids,
            Err(e) => return tracing::warn!(error = %e, "cannot list fleet reloads"),
        };
        let hub = Semaphore::new(self.inner.config.fleet_concurrency);
        let hub = &hub;
        let fleets = running.iter().map(|id| async move {
            if let Err(e) = self.work_fleet(id, hub).await {
                tracing::warn!(fleet = %id, error = %e, "fleet reload pass failed");
            }
        });
        tokio::select! {
            _ = futures::future::join_all(fleets) => {}
            () = self.lose_lease(FLEET_LEASE, FLEET_LEASE_MS) => {}
        }
    }

    /// Works fleet reload `id` until every item has ended or failed to make progress (those
    /// are picked up by the next pass); the fleet is done when every item is final.
    async fn work_fleet(&self, id: &str, hub: &Semaphore) -> Result<(), ProvisionError> {
        let fleet = self.store().get_fleet_reload(id).await?;
        let mut items = self.store().fleet_items(id).await?;
        items.retain(|i| !i.state.is_final());
        // Running items hold a reload at Qlik already: they take the first slots.
        items.sort_by_key(|i| i.state != FleetItemState::Running);
        let slots = Slots::new(hub, fleet.per_source_cap, &items);
        let work = items
            .into_iter()
            .map(|item| self.work_item(id, item, &slots));
        let ended = futures::future::join_all(work).await;
        if ended.into_iter().all(|final_state| final_state) {
            self.store()
                .finish_fleet_reload(id, FleetReloadState::Done)
                .await?;
        }
        Ok(())
    }

    /// Waits for `item`'s slots, then starts its reload (unless it runs already) and polls it
    /// every `reload_poll` until it ends. True when the item reached a final state.
    async fn work_item(&self, id: &str, mut item: FleetItem, slots: &Slots<'_>) -> bool {
        let _at_source = match slots.by_source.get(&item.source) {
            Some(cap) => match cap.acquire().await {
                Ok(permit) => Some(permit),
                Err(_) => return false,
            },
            None => None,
        };
        let Ok(_at_hub) = slots.hub.acquire().await else {
            return false;
        };
        match self.drive_item(id, &mut item, slots).await {
            Ok(()) => item.state.is_final(),
            Err(e) => {
                tracing::warn!(fleet = %id, customer = %item.customer, module = %item.module,
                    error = %e, "fleet reload item paused until the next pass");
                false
            }
        }
    }

    async fn drive_item(
        &self,
        id: &str,
        item: &mut FleetItem,
        slots: &Slots<'_>,
    ) -> Result<(), ProvisionError> {
        if item.state == FleetItemState::Pending || item.reload_id.is_none() {
            self.start_item(id, item).await?;
        }
        let expected = match self.last_duration(item).await {
            Some(d) => Some(d),
            None => poll::mean(&slots.durations.lock().unwrap_or_else(|p| p.into_inner())),
        };
        let mut looks = 0;
        while item.state == FleetItemState::Running {
            let wait = poll::delay(expected, self.inner.config.reload_poll, looks);
            tokio::time::sleep(wait).await;
            looks += 1;
            self.poll_item(id, item).await?;
        }
        if let Some(took) = self.last_duration(item).await {
            let mut durations = slots.durations.lock().unwrap_or_else(|p| p.into_inner());
            durations.push(took);
        }
        Ok(())
    }

    /// How long the last finished reload of `item`'s customer × module ran, per Qlik's times.
    async fn last_duration(&self, item: &FleetItem) -> Option<Duration> {
        let recent = self
            .store()
            .recent_reloads(&item.customer, &item.module, 5)
            .await
            .inspect_err(|e| {
                let (customer, module) = (&item.customer, &item.module);
                tracing::warn!(%customer, %module, error = %e, "cannot read recent reloads");
            })
            .ok()?;
        recent.iter().find_map(|r| {
            let ms = r.ended_at? - r.started_at?;
            (ms > 0 && !r.status.is_failure())
                .then(|| Duration::from_millis(u64::try_from(ms).unwrap_or(0)))
        })
    }

    /// Resolves once this instance no longer holds `lease`, renewing it until then.
    async fn lose_lease(&self, lease: &str, ttl_ms: i64) {
        let every = Duration::from_millis(u64::try_from(ttl_ms / 3).unwrap_or(1_000));
        loop {
            tokio::time::sleep(every).await;
            match self.store().try_lease(lease, self.owner(), ttl_ms).await {
                Ok(true) => {}
                Ok(false) => return tracing::warn!(lease, "lease taken over; stopping"),
                Err(e) => return tracing::warn!(lease, error = %e, "cannot renew the lease"),
            }
        }
    }
}
