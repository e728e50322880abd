//! The printed report of `bench reloads`: wall time, the bound and its formula, efficiency,
//! 429s, the emulator's most reloads at once per database, and where the wall time went.

use super::Timed;
use crate::cli::bench::fleet_bound::{Binding, Bound, Fleet, Limits};
use std::time::Duration;

/// Prints the figures of one timed fleet reload and its bound.
pub(super) fn print(
    t: &Timed,
    limits: &Limits,
    fleet: &Fleet<'_>,
    bound: &Bound,
    set_up_posts: u64,
    tick: Duration,
) {
    let secs = |d: Duration| d.as_secs_f64();
    let recorded = t
        .view
        .finished_at
        .map(|f| (f - t.view.created_at) as f64 / 1000.0);
    println!(
        "  reload now:  {} reloads in {:.1} s wall ({} succeeded, {} failed; recorded {})",
        t.view.total,
        secs(t.wall),
        t.view.succeeded,
        t.view.failed,
        recorded.map_or("-".to_owned(), |r| format!("{r:.1} s"))
    );
    let (ms, d) = (limits.latency.as_millis(), limits.reload.as_millis());
    let why = match bound.binding {
        Binding::Hub => format!(
            "⌈{} / {}⌉ × ({ms} + {d} ms): the hub's fleet concurrency binds",
            bound.items, limits.hub_concurrency
        ),
        Binding::SourceCap => format!(
            "⌈{} / {}⌉ × ({ms} + {d} ms): the busiest database's reloads at the per-source cap",
            fleet.by_source.iter().max().unwrap_or(&0),
            limits.per_source_cap.unwrap_or(0)
        ),
        Binding::Subscription => format!(
            "⌈{} / {}⌉ × ({ms} + {d} ms): Qlik's concurrent reloads per subscription bind",
            bound.items,
            limits.subscription_concurrency.unwrap_or(0)
        ),
        Binding::RateWindow => format!(
            "{:.0} s of reload-tier windows + {ms} + {d} ms",
            secs(bound.rate_wait)
        ),
    };
    println!("  bound:       {:.1} s = {why}", secs(bound.total));
    let window = match bound.rate_wait.is_zero() {
        true => "within",
        false => "beyond",
    };
    println!(
        "               (a reload holds a slot for its POST's latency + its run; reload tier: \
         ≤ {} POSTs per tenant, {} with the set-up's, {window} {} per 5 min; Qlik's \
         concurrent reloads per subscription: not modelled by the emulator)",
        fleet.per_tenant,
        u64::from(fleet.per_tenant) + set_up_posts,
        limits.window_limit
    );
    println!(
        "  efficiency:  {:.0} % of the bound (bound / wall)",
        100.0 * secs(bound.total) / secs(t.wall).max(1e-9)
    );
    println!(
        "  429s:        {} seen by the hub; the emulator rate-limited {}",
        t.profile.throttled, t.emulator_limited
    );
    println!(
        "  per source:  at most {} reloads at once against one database (emulator \
         maxReloadsBySource; {} database(s))",
        t.max_by_source,
        fleet.by_source.len()
    );
    let p = &t.profile;
    println!(
        "  profile:     {} reload POSTs + {} other calls (status polls; {:.1} per reload), at \
         most {} call(s) in flight at once",
        p.starts,
        p.others,
        p.others as f64 / f64::from(bound.items.max(1)),
        p.most_at_once
    );
    let other = t.wall.saturating_sub(p.busy + p.long_gap_total);
    println!(
        "  wall =       {:.1} s with a call in flight + {:.1} s idle in {} gaps ≥ {} ms (runner \
         ticks) + {:.1} s else (store, scheduling)",
        secs(p.busy),
        secs(p.long_gap_total),
        p.long_gaps,
        (tick / 2).as_millis(),
        secs(other)
    );
    for item in t.items.iter().filter(|i| i.error.is_some()).take(5) {
        println!(
            "  failed:      {} {}: {}",
            item.customer,
            item.module,
            item.error.as_deref().unwrap_or_default()
        );
    }
}
