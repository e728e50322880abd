//! `oem-hub bench provision`: onboards N customers (two modules each) against the emulator
//! with Qlik's rate limits, per-call latency and slow reloads, and compares the engine with a
//! sequential tutorial-style baseline in the same run. `oem-hub bench reloads` (see
//! [`reloads`]) times one fleet "reload now" against the bound Qlik's limits allow. Both
//! print figures; neither asserts anything.

mod fleet_bound;
mod profile;
pub mod reloads;
mod setup;

pub use reloads::ReloadsBench;

use crate::emulator::seed::SourceSeed;
use crate::provision::{Engine, EngineConfig};
use anyhow::Context;
use setup::{Counter, Fixture, Onboarded, onboard};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Options of `bench provision`.
#[derive(Debug, Clone, clap::Args)]
pub struct ProvisionBench {
    /// Customers onboarded by the engine.
    #[arg(long, default_value_t = 200)]
    pub customers: usize,
    /// Customers onboarded by the sequential baseline (its rate is scaled up).
    #[arg(long, default_value_t = 3)]
    pub baseline_customers: usize,
    /// Latency the emulator adds to every call.
    #[arg(long, default_value_t = 100)]
    pub latency_ms: u64,
    /// Time each reload spends running.
    #[arg(long, default_value_t = 2000)]
    pub reload_ms: u64,
    /// Customers the engine works on at once.
    #[arg(long, default_value_t = 256)]
    pub concurrency: usize,
}

/// Runs the benchmark and prints its report.
pub async fn run(args: ProvisionBench) -> anyhow::Result<()> {
    let fx = Fixture::new(args.latency_ms, args.reload_ms).await?;
    println!(
        "bench provision: emulator with Qlik's rate limits, {} ms per call, {} ms reloads",
        args.latency_ms, args.reload_ms
    );
    // Baseline: one customer after another, one call after another, re-exporting templates
    // and polling reloads once a second, as Qlik's tutorial scripts do.
    let mut base = fx.engine_config()?;
    base.concurrency = 1;
    base.cache_exports = false;
    base.reload_poll = Duration::from_secs(1);
    let baseline = Engine::new(fx.store.clone(), fx.client.clone(), base);
    let started = Instant::now();
    for i in 0..args.baseline_customers {
        let slug = fx.add(&format!("base-{i:04}"), &fx.db).await?;
        baseline
            .apply(&slug)
            .await
            .with_context(|| format!("baseline {slug}"))?;
    }
    let baseline_rate = per_minute(args.baseline_customers, started.elapsed());
    println!(
        "  baseline:  {} customers in {:.1} s → {baseline_rate:.1} customers/min",
        args.baseline_customers,
        started.elapsed().as_secs_f64()
    );

    let counter = Arc::new(Counter::default());
    let engine = Engine::new(
        fx.store.clone(),
        fx.client.with_observer(counter.clone()),
        fast_config(&fx, args.concurrency)?,
    );
    let mut slugs = Vec::with_capacity(args.customers);
    for i in 0..args.customers {
        slugs.push(fx.add(&format!("fast-{i:04}"), &fx.db).await?);
    }
    let Onboarded {
        elapsed,
        failed,
        reasons,
    } = onboard(&engine, &slugs).await?;
    let rate = per_minute(args.customers, elapsed);
    let (steady, bound) = bound(&counter, &fx.source, args.customers);
    let throttled = counter.throttled();
    println!(
        "  engine:    {} customers in {:.1} s → {rate:.1} customers/min ({failed} failed)",
        args.customers,
        elapsed.as_secs_f64()
    );
    println!("  ratio:     {:.1}× the baseline", rate / baseline_rate);
    println!(
        "  bound:     {bound:.1} customers/min for N={} ({steady:.1}/min steady state) → {:.0} % of it",
        args.customers,
        100.0 * rate / bound
    );
    println!("  429s:      {throttled} received (all retried by the client; {failed} jobs failed)");
    for (reason, count) in &reasons {
        println!("  failure ×{count}: {reason}");
    }
    Ok(())
}

/// The engine as the benchmarks onboard with it: `concurrency` customers at once, reloads
/// polled every 250 ms, queued jobs looked for every 100 ms.
fn fast_config(fx: &Fixture, concurrency: usize) -> anyhow::Result<EngineConfig> {
    let mut fast = fx.engine_config()?;
    fast.concurrency = concurrency;
    fast.reload_poll = Duration::from_millis(250);
    fast.poll = Duration::from_millis(100);
    Ok(fast)
}

fn per_minute(count: usize, elapsed: Duration) -> f64 {
    count as f64 * 60.0 / elapsed.as_secs_f64().max(1e-9)
}

/// The fastest onboarding the limits allow, in customers per minute, for hosts every customer
/// shares (the register host and the source tenant): steady state (`per_minute / calls per
/// customer`) and for this run's N, where each tier's 5-minute window (Qlik's and the
/// emulator's) is spent first.
fn bound(counter: &Counter, source: &SourceSeed, customers: usize) -> (f64, f64) {
    let calls = counter.calls.lock().unwrap_or_else(|p| p.into_inner());
    let shared = calls
        .iter()
        .filter(|((host, _), _)| host.starts_with("register.") || *host == source.source_hostname)
        .filter_map(|((_, tier), n)| {
            let window = tier.window_limit()?;
            tier.per_minute()
                .map(|limit| (f64::from(limit), f64::from(window), *n as f64))
        });
    let (mut steady, mut minutes) = (f64::INFINITY, 0.0_f64);
    for (limit, window, total) in shared {
        steady = steady.min(limit * customers as f64 / total);
        minutes = minutes.max((total - window) / limit);
    }
    let for_n = if minutes > 0.0 {
        customers as f64 / minutes
    } else {
        f64::INFINITY
    };
    (steady, for_n)
}
