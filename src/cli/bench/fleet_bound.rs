//! The shortest wall time Qlik's limits and the hub's own caps allow one fleet "reload now":
//! a pure function of the limits and the fleet's shape.
//!
//! A reload occupies one of `c` slots from the moment its `POST /api/v1/reloads` is sent until
//! it has run: one call's latency (the reload exists only once the POST is answered) plus the
//! reload's duration `d`. With every slot kept full, `M` reloads take `⌈M / c⌉ · (ℓ + d)`,
//! where `c` is the binding concurrency: the hub's fleet concurrency, Qlik's concurrent
//! reloads per subscription if any, and, with a per-source cap `K`, `⌈m / K⌉` waves for the
//! busiest database's `m` reloads. Qlik's reload tier (250 POSTs per user per tenant within
//! 5 minutes, then as the window frees) binds only when one tenant gets more than the window
//! allows: then the excess waits a whole window per window's worth.

use std::time::Duration;

/// What limits a fleet reload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    /// How long one reload runs.
    pub reload: Duration,
    /// One call's latency.
    pub latency: Duration,
    /// Reloads the hub runs at once across the fleet (`EngineConfig::fleet_concurrency`).
    pub hub_concurrency: u32,
    /// At most this many reloads at once against one customer database.
    pub per_source_cap: Option<u32>,
    /// Reloads Qlik runs at once for the subscription (`None`: no such limit).
    pub subscription_concurrency: Option<u32>,
    /// Reload POSTs one user may send to one tenant within `window`.
    pub window_limit: u32,
    pub window: Duration,
}

/// The fleet's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fleet<'a> {
    /// Reloads per customer database.
    pub by_source: &'a [u32],
    /// The most reloads started in one tenant.
    pub per_tenant: u32,
}

/// Which limit sets the bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Binding {
    Hub,
    Subscription,
    SourceCap,
    RateWindow,
}

/// The bound and how it was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bound {
    pub items: u32,
    /// Rounds of reloads: `⌈M / c⌉`, or `⌈m / K⌉` for the busiest database under a cap.
    pub waves: u32,
    /// Time one reload holds a slot: latency + reload.
    pub slot: Duration,
    /// The wait the reload tier's window imposes on one tenant (zero within the window).
    pub rate_wait: Duration,
    pub total: Duration,
    pub binding: Binding,
}

/// The shortest wall time `limits` allow for `fleet`.
pub(crate) fn bound(limits: &Limits, fleet: &Fleet<'_>) -> Bound {
    let items: u32 = fleet.by_source.iter().sum();
    let waves_at = |c: u32| items.div_ceil(c.max(1));
    let mut waves = waves_at(limits.hub_concurrency);
    let mut binding = Binding::Hub;
    if let Some(q) = limits.subscription_concurrency
        && waves_at(q) > waves
    {
        (waves, binding) = (waves_at(q), Binding::Subscription);
    }
    if let Some(cap) = limits.per_source_cap {
        let busiest = fleet.by_source.iter().copied().max().unwrap_or(0);
        if busiest.div_ceil(cap.max(1)) > waves {
            (waves, binding) = (busiest.div_ceil(cap.max(1)), Binding::SourceCap);
        }
    }
    let slot = limits.latency + limits.reload;
    let windows = fleet.per_tenant.div_ceil(limits.window_limit.max(1));
    let rate_wait = limits.window * windows.saturating_sub(1);
    let mut total = slot * waves;
    if !rate_wait.is_zero() && rate_wait + slot > total {
        (total, binding) = (rate_wait + slot, Binding::RateWindow);
    }
    Bound {
        items,
        waves,
        slot,
        rate_wait,
        total,
        binding,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bound_table() {
        let limits = Limits {
            reload: Duration::from_millis(2000),
            latency: Duration::from_millis(100),
            hub_concurrency: 32,
            per_source_cap: None,
            subscription_concurrency: None,
            window_limit: 250,
            window: Duration::from_secs(300),
        };
        let with = |cap: Option<u32>, sub: Option<u32>| Limits {
            per_source_cap: cap,
            subscription_concurrency: sub,
            ..limits
        };
        // (limits, reloads per database, per tenant, waves, total ms, binding)
        let cases: [(Limits, &[u32], u32, u32, u64, Binding); 9] = [
            (limits, &[400], 2, 13, 27_300, Binding::Hub),
            (limits, &[384], 2, 12, 25_200, Binding::Hub),
            (limits, &[1], 1, 1, 2_100, Binding::Hub),
            (
                with(Some(8), None),
                &[400],
                2,
                50,
                105_000,
                Binding::SourceCap,
            ),
            (with(Some(8), None), &[100; 4], 2, 13, 27_300, Binding::Hub),
            (
                with(Some(4), None),
                &[100; 4],
                2,
                25,
                52_500,
                Binding::SourceCap,
            ),
            (
                with(Some(8), None),
                &[390, 10],
                2,
                49,
                102_900,
                Binding::SourceCap,
            ),
            (
                with(None, Some(10)),
                &[400],
                2,
                40,
                84_000,
                Binding::Subscription,
            ),
            (limits, &[600], 600, 19, 602_100, Binding::RateWindow),
        ];
        for (limits, by_source, per_tenant, waves, total, binding) in cases {
            let fleet = Fleet {
                by_source,
                per_tenant,
            };
            let got = bound(&limits, &fleet);
            assert_eq!(
                (got.waves, got.total.as_millis() as u64, got.binding),
                (waves, total, binding),
                "{limits:?} {by_source:?} {per_tenant}"
            );
        }
    }
}
