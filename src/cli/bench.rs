//! `oem-hub bench provision`: onboards N customers (two modules each) against the emulator
//! with Qlik's rate limits, per-call latency and slow reloads, and compares the engine with a
//! sequential tutorial-style baseline in the same run. Prints figures; asserts nothing.

use super::demo::{self, data};
use crate::domain::{CustomerSlug, CustomerSpec, Region, TenantHostname};
use crate::emulator::seed::{self, SourceSeed};
use crate::emulator::{self, EmuState, EmulatorConfig};
use crate::provision::{Engine, EngineConfig, JwtIdentity};
use crate::qlik::{CallObserver, CallRecord, Credentials, QlikClient, QlikEndpoint};
use crate::rate::Tier;
use crate::store::{JobState, SealingKey, Store};
use anyhow::Context;
use secrecy::SecretString;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
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

/// Counts calls per (host, tier) and 429 answers.
#[derive(Debug, Default)]
struct Counter {
    calls: Mutex<BTreeMap<(String, Tier), u64>>,
    throttled: Mutex<u64>,
}

impl CallObserver for Counter {
    fn observe(&self, record: CallRecord) {
        let tier = Tier::of(&record.method, &record.path);
        *self
            .calls
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry((record.host, tier))
            .or_default() += 1;
        if record.status == Some(429) {
            *self.throttled.lock().unwrap_or_else(|p| p.into_inner()) += 1;
        }
    }
}

/// Runs the benchmark and prints its report.
pub async fn run(args: ProvisionBench) -> anyhow::Result<()> {
    let dir = tempfile::tempdir().context("cannot create a temporary directory")?;
    let mut config = EmulatorConfig::default();
    config.knobs.latency_ms = args.latency_ms;
    config.knobs.reload_ms = args.reload_ms;
    config.knobs.rate_limits = true;
    let state = EmuState::new(config);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
    let emulator = emulator::spawn(listener, state.clone())?;
    let source = seed::seed_source(&state, Region::Us, "partner-dev", &seed::DEMO_TEMPLATES);
    let store = Store::connect(&format!(
        "sqlite://{}",
        dir.path().join("bench.db").display()
    ))
    .await?;
    let key = demo::demo_sealing_key(dir.path())?;
    let client = client(emulator.port(), &source)?;
    demo::seed_modules(&store, &client, &source).await?;
    let db = data::write_customer_db(dir.path(), &data::DEMO_CUSTOMERS[0]).await?;
    let jwt = jwt_identity(dir.path())?;

    println!(
        "bench provision: emulator with Qlik's rate limits, {} ms per call, {} ms reloads",
        args.latency_ms, args.reload_ms
    );
    // Baseline: one customer after another, one call after another, re-exporting templates
    // and polling reloads once a second, as Qlik's tutorial scripts do.
    let source_host = TenantHostname::parse(&source.source_hostname)?;
    let mut base = EngineConfig::new(source_host.clone(), jwt.clone(), key.clone());
    base.concurrency = 1;
    base.cache_exports = false;
    base.reload_poll = Duration::from_secs(1);
    let baseline = Engine::new(store.clone(), client.clone(), base);
    let started = Instant::now();
    for i in 0..args.baseline_customers {
        let slug = add(&store, &key, &format!("base-{i:04}"), &db).await?;
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
    let mut fast = EngineConfig::new(source_host, jwt, key.clone());
    fast.concurrency = args.concurrency;
    fast.reload_poll = Duration::from_millis(250);
    fast.poll = Duration::from_millis(100);
    let engine = Engine::new(store.clone(), client.with_observer(counter.clone()), fast);
    let mut jobs = Vec::with_capacity(args.customers);
    for i in 0..args.customers {
        let slug = add(&store, &key, &format!("fast-{i:04}"), &db).await?;
        jobs.push(engine.enqueue_apply(&slug).await?.0.id);
    }
    let started = Instant::now();
    let worker = engine.spawn_worker();
    let mut failed = 0;
    let mut reasons = BTreeMap::<String, usize>::new();
    for id in &jobs {
        let job = engine.wait_for_job(id).await?;
        if job.state != JobState::Succeeded {
            failed += 1;
            *reasons.entry(job.error.unwrap_or_default()).or_default() += 1;
        }
    }
    let elapsed = started.elapsed();
    worker.stop().await;
    let rate = per_minute(args.customers, elapsed);
    let (steady, bound) = bound(&counter, &source, args.customers);
    let throttled = *counter.throttled.lock().unwrap_or_else(|p| p.into_inner());
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

fn client(port: u16, source: &SourceSeed) -> anyhow::Result<QlikClient> {
    Ok(QlikClient::new(
        QlikEndpoint::emulator(port),
        Credentials {
            client_id: source.client_id.clone(),
            client_secret: SecretString::from(source.client_secret.clone()),
        },
    )?)
}

fn jwt_identity(dir: &std::path::Path) -> anyhow::Result<JwtIdentity> {
    use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey, LineEnding};
    let pem = demo::demo_signing_key(dir)?;
    let key = rsa::RsaPrivateKey::from_pkcs8_pem(secrecy::ExposeSecret::expose_secret(&pem))?;
    Ok(JwtIdentity {
        issuer: "https://hub.bench.example".to_owned(),
        key_id: "bench-1".to_owned(),
        public_key_pem: key.to_public_key().to_public_key_pem(LineEnding::LF)?,
    })
}

async fn add(
    store: &Store,
    key: &SealingKey,
    slug: &str,
    db: &std::path::Path,
) -> anyhow::Result<CustomerSlug> {
    let spec: CustomerSpec = serde_json::from_value(serde_json::json!({
        "slug": slug, "display_name": slug, "region": "us", "origins": ["https://app.partner.example"],
        "modules": ["finance", "sales"], "group_roles": {"viewers": "consumer"},
        "data_connection": {"type": "sqlite", "connection_string": db.display().to_string()},
    }))?;
    store
        .insert_customer(&spec, Some(key.seal(&db.display().to_string())))
        .await?;
    Ok(spec.slug)
}
