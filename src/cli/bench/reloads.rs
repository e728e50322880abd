//! `oem-hub bench reloads`: onboards N customers with two modules each (untimed), then times
//! one fleet "reload now" of every customer × module through the operation the REST door
//! calls (`ops::reloads::reload_now`), worked by the hub's background fleet runner as `serve`
//! runs it, until the fleet's recorded state says done. Prints the wall time against the
//! bound Qlik's limits, the per-source cap and the hub's concurrency allow (see
//! `fleet_bound`), and where the time went.

mod report;

use super::fleet_bound::{self, Fleet, Limits};
use super::profile::{Summary, Timeline};
use super::setup::{Counter, Fixture, onboard};
use crate::domain::FleetReloadState;
use crate::ops::reloads;
use crate::provision::Engine;
use crate::rate::{Tier, WINDOW};
use crate::store::FleetItem;
use crate::wire::{ApiError, FleetReloadRequest, FleetReloadView};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How often the bench reads the fleet's recorded state while it runs.
const WATCH: Duration = Duration::from_millis(20);

/// Options of `bench reloads`.
#[derive(Debug, Clone, clap::Args)]
pub struct ReloadsBench {
    /// Customers in the fleet (each with the modules finance and sales).
    #[arg(long, default_value_t = 200)]
    pub customers: usize,
    /// At most this many reloads at once against one customer database (none: no cap).
    #[arg(long)]
    pub cap: Option<u32>,
    /// Customer databases the fleet shares: customer i reads database i mod D.
    #[arg(long, default_value_t = 1)]
    pub databases: usize,
    /// Latency the emulator adds to every call.
    #[arg(long, default_value_t = 100)]
    pub latency_ms: u64,
    /// Time each reload spends running.
    #[arg(long, default_value_t = 2000)]
    pub reload_ms: u64,
    /// The fleet runner's tick (the engine's `poll`; default: the hub's own).
    #[arg(long)]
    pub poll_ms: Option<u64>,
    /// Give up waiting for the fleet after this many seconds.
    #[arg(long, default_value_t = 1800)]
    pub deadline_s: u64,
}

/// What one timed fleet reload left behind.
pub(super) struct Timed {
    pub wall: Duration,
    pub view: FleetReloadView,
    pub items: Vec<FleetItem>,
    pub profile: Summary,
    pub emulator_limited: u64,
    pub max_by_source: u32,
}

/// Runs the benchmark and prints its report.
pub async fn run(args: ReloadsBench) -> anyhow::Result<()> {
    anyhow::ensure!(
        args.customers > 0 && args.databases > 0,
        "--customers and --databases must be at least 1"
    );
    let fx = Fixture::new(args.latency_ms, args.reload_ms).await?;
    let mut dbs = vec![fx.db.clone()];
    for n in 1..args.databases {
        dbs.push(fx.extra_db(n).await?);
    }
    let mut slugs = Vec::with_capacity(args.customers);
    for i in 0..args.customers {
        slugs.push(fx.add(&format!("cust-{i:04}"), &dbs[i % dbs.len()]).await?);
    }
    let mut config = fx.engine_config()?;
    if let Some(ms) = args.poll_ms {
        config.poll = Duration::from_millis(ms);
    }
    println!(
        "bench reloads: {} customers × 2 modules, emulator with Qlik's rate limits, {} ms per \
         call, {} ms reloads; {} customer database(s); per-source cap {}; hub fleet \
         concurrency {}, runner tick {} ms",
        args.customers,
        args.latency_ms,
        args.reload_ms,
        args.databases,
        args.cap.map_or("none".to_owned(), |k| k.to_string()),
        config.fleet_concurrency,
        config.poll.as_millis()
    );

    let setup = Arc::new(Counter::default());
    let onboarding = Engine::new(
        fx.store.clone(),
        fx.client.with_observer(setup.clone()),
        super::fast_config(&fx, 256)?,
    );
    let done = onboard(&onboarding, &slugs).await?;
    anyhow::ensure!(
        done.failed == 0,
        "{} customers failed to onboard: {:?}",
        done.failed,
        done.reasons
    );
    println!(
        "  set-up:      {} customers onboarded in {:.1} s (untimed)",
        args.customers,
        done.elapsed.as_secs_f64()
    );

    let timeline = Arc::new(Timeline::default());
    let engine = Engine::new(
        fx.store.clone(),
        fx.client.with_observer(timeline.clone()),
        config.clone(),
    );
    let timed = reload_fleet(&fx, &engine, &timeline, &args, config.poll).await?;
    let limits = Limits {
        reload: Duration::from_millis(args.reload_ms),
        latency: Duration::from_millis(args.latency_ms),
        hub_concurrency: u32::try_from(config.fleet_concurrency).unwrap_or(u32::MAX),
        per_source_cap: args.cap,
        subscription_concurrency: None,
        window_limit: Tier::Reload.window_limit().unwrap_or(u32::MAX),
        window: WINDOW,
    };
    let by_source = counts(timed.items.iter().map(|i| i.source.as_str()));
    let per_tenant = counts(timed.items.iter().map(|i| i.customer.as_str()));
    let fleet = Fleet {
        by_source: &by_source,
        per_tenant: per_tenant.iter().copied().max().unwrap_or(0),
    };
    let bound = fleet_bound::bound(&limits, &fleet);
    let set_up_posts = setup.most_on_one_host(Tier::Reload);
    report::print(&timed, &limits, &fleet, &bound, set_up_posts, config.poll);
    Ok(())
}

/// Starts one fleet reload of everything through `reload_now`, lets the hub's fleet runner
/// work it, and waits for its recorded state to leave `running`.
async fn reload_fleet(
    fx: &Fixture,
    engine: &Engine,
    timeline: &Timeline,
    args: &ReloadsBench,
    tick: Duration,
) -> anyhow::Result<Timed> {
    let limited_before = {
        let mut world = fx.state.lock();
        world.stats.max_reloads_by_source.clear();
        world.stats.rate_limited
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let runner = {
        let engine = engine.clone();
        tokio::spawn(async move {
            engine
                .run_fleet_reloads(async move {
                    let _ = stopped.await;
                })
                .await;
        })
    };
    let deadline = Duration::from_secs(args.deadline_s);
    let req = FleetReloadRequest {
        per_source_cap: args.cap,
        ..FleetReloadRequest::default()
    };
    let started = Instant::now();
    let id = reloads::reload_now(engine, &req).await.map_err(api)?.id;
    let view = loop {
        let view = reloads::fleet_view(engine.store(), &id)
            .await
            .map_err(api)?;
        if view.state != FleetReloadState::Running {
            break view;
        }
        if started.elapsed() > deadline {
            let _ = stop.send(());
            anyhow::bail!(
                "fleet {id} still running after {} s: {} of {} succeeded, {} failed, {} running",
                args.deadline_s,
                view.succeeded,
                view.total,
                view.failed,
                view.running
            );
        }
        tokio::time::sleep(WATCH).await;
    };
    let wall = started.elapsed();
    let _ = stop.send(());
    let _ = runner.await;
    let profile = timeline.summary(started, tick / 2);
    let (emulator_limited, max_by_source) = {
        let world = fx.state.lock();
        let most = world.stats.max_reloads_by_source.values().copied().max();
        (world.stats.rate_limited - limited_before, most.unwrap_or(0))
    };
    let items = engine.store().fleet_items(&id).await?;
    Ok(Timed {
        wall,
        items,
        view,
        profile,
        emulator_limited,
        max_by_source,
    })
}

/// How many times each distinct key occurs.
fn counts<'a>(keys: impl Iterator<Item = &'a str>) -> Vec<u32> {
    let mut by = BTreeMap::<&str, u32>::new();
    for key in keys {
        *by.entry(key).or_default() += 1;
    }
    by.into_values().collect()
}

fn api(e: ApiError) -> anyhow::Error {
    match e.field {
        Some(field) => anyhow::anyhow!("{field}: {}", e.message),
        None => anyhow::anyhow!("{}", e.message),
    }
}
