//! The provisioning engine: plans the difference between a customer's desired and observed
//! state, applies it step by step (resumable after a crash), and runs leased jobs.

mod audit;
mod background;
mod error;
pub mod events;
mod hooks;
pub mod hybrid;
mod lifecycle;
mod periodic;
pub mod plan;
pub mod reloads;
pub mod rollout;
mod run;
pub mod script;
pub mod settle;
mod step_context;
mod steps;
mod validate;
mod worker;

pub use background::BackgroundWorker;
pub use error::ProvisionError;
pub use hooks::{Hooks, Phase, Point};
pub use lifecycle::{DeprovisionParams, PURGE_DAYS};
pub use plan::{HubIdentity, Step};
pub use rollout::RolloutRequest;
pub use run::ApplyReport;
pub use validate::{CheckError, SpecError};
pub use worker::backoff;

use crate::domain::{CustomerSlug, ModuleKey, Refresh, TenantHostname, spread};
use crate::qlik::QlikClient;
use crate::store::{CustomerRecord, ModuleVersion, Observed, SealingKey, Store};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

/// oem-hub's JWT identity as each tenant's identity provider must know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwtIdentity {
    pub issuer: String,
    pub key_id: String,
    /// The RS256 public key, PEM.
    pub public_key_pem: String,
}

/// How the engine works.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// The partner's source tenant, where the templates are.
    pub source_host: TenantHostname,
    pub jwt: JwtIdentity,
    pub sealing_key: SealingKey,
    /// How often to poll a running reload.
    pub reload_poll: Duration,
    /// How long a job lease lasts without a heartbeat.
    pub lease: Duration,
    /// Jobs run at once by one engine instance.
    pub concurrency: usize,
    /// Attempts before a job fails for good.
    pub max_attempts: i64,
    /// First retry delay; doubles per attempt up to `retry_cap`.
    pub retry_base: Duration,
    pub retry_cap: Duration,
    /// How often an idle worker looks for jobs queued by other instances.
    pub poll: Duration,
    /// Export each template version from the source tenant once per process and reuse the
    /// file for every customer (the source's Tier-2 limit would otherwise cap onboarding).
    pub cache_exports: bool,
    /// How often connected hybrid deployments are checked for newly distributed apps
    /// (zero: never on its own).
    pub hybrid_sync: Duration,
    /// How long after its last write an apply keeps retrying a step that Qlik answers 403 or
    /// 404, while what it made propagates (`settle`).
    pub settle_window: Duration,
    /// How often the reloads of customers' published apps are looked at (zero: never).
    pub reload_watch: Duration,
    /// How many reloads a fleet reload runs at once across all customers.
    pub fleet_concurrency: usize,
    /// The hub's public base URL (HTTPS) Qlik can post reload events to; `None`: no webhooks,
    /// reloads are polled by the watcher.
    pub events_base: Option<url::Url>,
}

impl EngineConfig {
    /// Sensible production defaults around the required parts.
    pub fn new(source_host: TenantHostname, jwt: JwtIdentity, sealing_key: SealingKey) -> Self {
        Self {
            source_host,
            jwt,
            sealing_key,
            reload_poll: Duration::from_secs(1),
            lease: Duration::from_secs(30),
            concurrency: 16,
            max_attempts: 5,
            retry_base: Duration::from_secs(2),
            retry_cap: Duration::from_secs(300),
            poll: Duration::from_secs(1),
            cache_exports: true,
            hybrid_sync: Duration::from_secs(300),
            settle_window: settle::DEFAULT_WINDOW,
            reload_watch: Duration::from_secs(60),
            fleet_concurrency: 32,
            events_base: None,
        }
    }
}

/// The engine; cheap to clone. Several instances (processes) may share one store.
#[derive(Clone, Debug)]
pub struct Engine {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    store: Store,
    client: QlikClient,
    config: EngineConfig,
    hooks: Hooks,
    /// This instance's lease-owner id.
    owner: String,
    /// Woken when this instance queues a job.
    wake: tokio::sync::Notify,
    /// Template files by (module, version), when `cache_exports` is on.
    exports: tokio::sync::Mutex<BTreeMap<(ModuleKey, i64), Arc<Vec<u8>>>>,
    /// The source tenant's license key, read once.
    license: tokio::sync::OnceCell<String>,
    /// Reload-watch passes so far (customers with a webhook are polled every tenth only).
    watch_passes: std::sync::atomic::AtomicU64,
}

/// A plan as shown to admins.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct PlanView {
    pub customer: CustomerSlug,
    /// True when observed state was refreshed from the tenant (drift detection).
    pub refreshed: bool,
    pub steps: Vec<Step>,
}

impl Engine {
    /// An engine over `store` talking to Qlik through `client`.
    pub fn new(store: Store, client: QlikClient, config: EngineConfig) -> Self {
        Self::with_hooks(store, client, config, Hooks::default())
    }

    /// Like `new`, with test hooks at step boundaries.
    pub fn with_hooks(
        store: Store,
        client: QlikClient,
        config: EngineConfig,
        hooks: Hooks,
    ) -> Self {
        let owner = format!("engine-{}", uuid::Uuid::now_v7());
        Self {
            inner: Arc::new(Inner {
                store,
                client,
                config,
                hooks,
                owner,
                wake: tokio::sync::Notify::new(),
                exports: tokio::sync::Mutex::default(),
                license: tokio::sync::OnceCell::new(),
                watch_passes: std::sync::atomic::AtomicU64::new(0),
            }),
        }
    }

    /// The config database.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// Seals a secret with the engine's encryption key.
    pub fn seal(&self, secret: &str) -> crate::store::Sealed {
        self.inner.config.sealing_key.seal(secret)
    }

    /// Opens a secret sealed with the engine's encryption key.
    pub(crate) fn open_sealed(
        &self,
        sealed: &crate::store::Sealed,
    ) -> Result<secrecy::SecretString, crate::store::SealError> {
        self.inner.config.sealing_key.open(sealed)
    }

    /// The sheets of a template app on the source tenant, as the Qlik engine lists them.
    pub async fn template_sheets(
        &self,
        app: &crate::domain::AppId,
    ) -> Result<Vec<crate::store::SheetRef>, crate::qlik::QlikError> {
        let source = &self.inner.config.source_host;
        let sheets = self.inner.client.tenant(source).list_sheets(app).await?;
        Ok(sheets
            .into_iter()
            .map(|s| crate::store::SheetRef {
                id: s.id,
                title: s.title,
            })
            .collect())
    }

    /// The Qlik client the engine calls tenants with (regional credentials included).
    pub fn qlik(&self) -> &QlikClient {
        &self.inner.client
    }

    /// This instance's lease-owner id.
    pub fn owner(&self) -> &str {
        &self.inner.owner
    }

    /// The steps that would make the customer's tenant match its spec. With `refresh`, the
    /// recorded state is first checked against the tenant itself, so drift shows up.
    pub async fn plan(
        &self,
        slug: &CustomerSlug,
        refresh: bool,
    ) -> Result<PlanView, ProvisionError> {
        let customer = self.inner.store.get_customer(slug).await?;
        let mut observed = self.inner.store.get_state(slug).await?.observed;
        if refresh {
            observed = steps::observe(&self.inner.client, &self.inner.config, observed).await?;
        }
        let steps = self.plan_against(&customer, &observed).await?;
        Ok(PlanView {
            customer: slug.clone(),
            refreshed: refresh,
            steps,
        })
    }

    async fn plan_against(
        &self,
        customer: &CustomerRecord,
        observed: &Observed,
    ) -> Result<Vec<Step>, ProvisionError> {
        let targets = self.targets(customer).await?;
        let hub = self.hub_identity(customer)?;
        let offsets = self.refresh_offsets(customer).await?;
        Ok(plan::plan(
            &customer.spec,
            &targets,
            observed,
            &hub,
            &offsets,
        )?)
    }

    /// Each scheduled module's slot in its schedule's spreading window (assigned on first use).
    async fn refresh_offsets(
        &self,
        customer: &CustomerRecord,
    ) -> Result<plan::RefreshOffsets, ProvisionError> {
        let mut offsets = plan::RefreshOffsets::new();
        for module in &customer.spec.modules {
            let Refresh::Schedule(schedule) = customer.spec.refresh.for_module(module) else {
                continue;
            };
            if schedule.spread_minutes == 0 {
                continue;
            }
            let slot = self
                .inner
                .store
                .refresh_slot(
                    &spread::window_key(schedule),
                    customer.slug(),
                    module,
                    spread::window_slots(schedule),
                )
                .await?;
            offsets.insert(module.clone(), slot);
        }
        Ok(offsets)
    }

    /// Each enabled module's target version: the customer's pin, else the released one.
    async fn targets(
        &self,
        customer: &CustomerRecord,
    ) -> Result<BTreeMap<ModuleKey, ModuleVersion>, ProvisionError> {
        let pins = self.inner.store.pins(customer.slug()).await?;
        let mut targets = BTreeMap::new();
        for key in &customer.spec.modules {
            let released = self.inner.store.get_module(key).await?.version;
            let wanted = pins.get(key).copied().unwrap_or(released);
            let version = self.inner.store.get_module_version(key, wanted).await?;
            targets.insert(key.clone(), version);
        }
        Ok(targets)
    }

    fn hub_identity(&self, customer: &CustomerRecord) -> Result<HubIdentity, ProvisionError> {
        let connection_digest = match &customer.connection_sealed {
            Some(sealed) => {
                let secret = self.inner.config.sealing_key.open(sealed)?;
                Some(plan::digest(secrecy::ExposeSecret::expose_secret(&secret)))
            }
            None => None,
        };
        Ok(HubIdentity {
            key_id: self.inner.config.jwt.key_id.clone(),
            issuer: crate::domain::tenant_issuer(
                &self.inner.config.jwt.issuer,
                &customer.spec.slug,
            ),
            connection_digest,
            events_url: self
                .inner
                .config
                .events_base
                .as_ref()
                .map(|base| events::events_url(base, &customer.spec.slug)),
        })
    }
}
