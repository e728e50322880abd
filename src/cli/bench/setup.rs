//! What every benchmark sets up: an in-process emulator with Qlik's rate limits, per-call
//! latency and slow reloads; a store; the partner's source tenant with the demo modules; a
//! customer database; the hub's JWT identity; and a call counter.

use crate::cli::demo::{self, data};
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
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A benchmark's world; the temporary directory lives as long as it does.
pub(crate) struct Fixture {
    pub dir: tempfile::TempDir,
    /// The emulator's world (it serves in a background task).
    pub state: EmuState,
    pub source: SourceSeed,
    pub store: Store,
    pub key: SealingKey,
    pub client: QlikClient,
    /// The customer database every customer reads unless a benchmark makes more.
    pub db: PathBuf,
    pub jwt: JwtIdentity,
}

impl Fixture {
    /// Starts the emulator with Qlik's rate limits, `latency_ms` per call and `reload_ms`
    /// reloads, and seeds the source tenant, the store's modules and one customer database.
    pub async fn new(latency_ms: u64, reload_ms: u64) -> anyhow::Result<Self> {
        let dir = tempfile::tempdir().context("cannot create a temporary directory")?;
        let mut config = EmulatorConfig::default();
        config.knobs.latency_ms = latency_ms;
        config.knobs.reload_ms = reload_ms;
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
        Ok(Self {
            dir,
            state,
            source,
            store,
            key,
            client,
            db,
            jwt,
        })
    }

    /// The engine's production defaults for this world.
    pub fn engine_config(&self) -> anyhow::Result<EngineConfig> {
        let source_host = TenantHostname::parse(&self.source.source_hostname)?;
        Ok(EngineConfig::new(
            source_host,
            self.jwt.clone(),
            self.key.clone(),
        ))
    }

    /// Another customer database (a copy of the first customer's data) in its own folder.
    pub async fn extra_db(&self, n: usize) -> anyhow::Result<PathBuf> {
        let folder = self.dir.path().join(format!("db-{n}"));
        std::fs::create_dir_all(&folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
        data::write_customer_db(&folder, &data::DEMO_CUSTOMERS[0]).await
    }

    /// Adds customer `slug` with the modules finance and sales, reading database `db`.
    pub async fn add(&self, slug: &str, db: &Path) -> anyhow::Result<CustomerSlug> {
        add(&self.store, &self.key, slug, db).await
    }
}

/// How onboarding went: its time from the worker's start and its failures by reason.
pub(crate) struct Onboarded {
    pub elapsed: Duration,
    pub failed: usize,
    pub reasons: BTreeMap<String, usize>,
}

/// Queues an apply of every customer in `slugs`, then starts `engine`'s worker and waits for
/// every job (timed from the worker's start).
pub(crate) async fn onboard(engine: &Engine, slugs: &[CustomerSlug]) -> anyhow::Result<Onboarded> {
    let mut jobs = Vec::with_capacity(slugs.len());
    for slug in slugs {
        jobs.push(engine.enqueue_apply(slug).await?.0.id);
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
    Ok(Onboarded {
        elapsed,
        failed,
        reasons,
    })
}

/// Counts calls per (host, tier) and 429 answers.
#[derive(Debug, Default)]
pub(crate) struct Counter {
    pub calls: Mutex<BTreeMap<(String, Tier), u64>>,
    pub throttled: Mutex<u64>,
}

impl Counter {
    /// The 429 answers seen so far.
    pub fn throttled(&self) -> u64 {
        *self.throttled.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The most calls in `tier` sent to any one host.
    pub fn most_on_one_host(&self, tier: Tier) -> u64 {
        let calls = self.calls.lock().unwrap_or_else(|p| p.into_inner());
        calls
            .iter()
            .filter(|((_, t), _)| *t == tier)
            .map(|(_, n)| *n)
            .max()
            .unwrap_or(0)
    }
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

fn client(port: u16, source: &SourceSeed) -> anyhow::Result<QlikClient> {
    Ok(QlikClient::new(
        QlikEndpoint::emulator(port),
        Credentials {
            client_id: source.client_id.clone(),
            client_secret: SecretString::from(source.client_secret.clone()),
        },
    )?)
}

fn jwt_identity(dir: &Path) -> anyhow::Result<JwtIdentity> {
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
    db: &Path,
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
