//! The emulator's world: OAuth clients, tenants and their users and apps, issued tokens.
//! Held in memory behind one mutex (never held across an await).

use super::EmulatorConfig;
use super::error::QlikError;
use super::ids;
use crate::domain::Region;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

mod apps;
mod clients;
mod clock;
mod faults;
mod fresh;
mod groups;
mod identity;
mod reports;
mod settings;
mod sites;
mod spaces;
mod tasks;
mod themes;
mod webhooks;
pub use apps::{
    Cell, DataConnection, DataTable, Distribution, EmuApp, EmuReload, ScriptVersion, Sheet,
};
pub use clients::{REQUIRED, TRUSTED, TenantClient, default_method};
pub use clock::EmuClock;
pub use faults::{Fault, Stats};
pub use fresh::{Fresh, Lagging};
pub use groups::{EmuGroup, ProviderType};
pub use identity::{BrowserSession, Identity, SESSION_COOKIE};
pub use reports::{EmuReport, ReportOutcome};
pub use settings::{AuthSettings, LicenseAssignment, TENANT_FLAGS, TenantSettings};
pub use sites::{Deployment, EmuSite};
pub use spaces::{Assignment, EmuSpace};
pub use tasks::{EmuTask, EmuTaskRun, RunStatus, Schedule};
pub use themes::EmuTheme;
pub use webhooks::{DeliveryResponse, EmuDelivery, EmuWebhook};

/// A regional OAuth client: valid on `register.<region>` and every tenant of the region.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OAuthClient {
    pub client_id: String,
    pub client_secret: String,
    pub region: Region,
}

/// Tenant status as Qlik reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TenantStatus {
    Active,
    Disabled,
}

/// A user of a tenant.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EmuUser {
    pub id: String,
    pub subject: String,
    pub name: String,
    pub email: Option<String>,
    pub roles: Vec<String>,
    /// Ids of the user's groups: the `idp` groups of the JWT `groups` claim at each login, or
    /// the groups `PATCH /users/{id}` assigned. (Renamed from the names older snapshots kept.)
    #[serde(default, rename = "group_ids")]
    pub groups: Vec<String>,
    pub created_at: DateTime<Utc>,
}

/// A tenant and everything in it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EmuTenant {
    pub id: String,
    pub name: String,
    pub hostnames: Vec<String>,
    pub region: Region,
    pub status: TenantStatus,
    pub created: DateTime<Utc>,
    pub created_by_user: Option<String>,
    pub users: BTreeMap<String, EmuUser>,
    pub apps: BTreeMap<String, EmuApp>,
    /// Identity providers as Qlik returns them (JSON), by id.
    pub idps: BTreeMap<String, serde_json::Value>,
    pub web_integrations: BTreeMap<String, WebIntegration>,
    /// CSP entries as Qlik returns them (JSON), by id.
    pub csp_origins: BTreeMap<String, serde_json::Value>,
    pub spaces: BTreeMap<String, EmuSpace>,
    pub groups: BTreeMap<String, EmuGroup>,
    /// `autoCreateGroups` of the group settings: JWT `groups` claims create groups.
    pub auto_create_groups: bool,
    /// Data connections by `qID`.
    pub data_connections: BTreeMap<String, DataConnection>,
    pub reloads: BTreeMap<String, EmuReload>,
    /// Tenant OAuth clients by client id.
    #[serde(default)]
    pub oauth_clients: BTreeMap<String, TenantClient>,
    /// Tasks (the Tasks API's scheduled reloads) by id.
    #[serde(default)]
    pub tasks: BTreeMap<String, EmuTask>,
    /// Runs of the tenant's tasks by run id.
    #[serde(default)]
    pub task_runs: BTreeMap<String, EmuTaskRun>,
    /// Webhooks (the Webhooks API) by id.
    #[serde(default)]
    pub webhooks: BTreeMap<String, EmuWebhook>,
    /// Delivery attempts of the tenant's webhooks by delivery id, the last seven days'.
    #[serde(default)]
    pub webhook_deliveries: BTreeMap<String, EmuDelivery>,
    /// Tenant-wide settings: Everyone's roles, licences, session limits, tenant flags.
    #[serde(default)]
    pub settings: TenantSettings,
    /// Custom themes (the Themes API) by id.
    #[serde(default)]
    pub themes: BTreeMap<String, EmuTheme>,
}

/// A web integration: the origins allowed to call the tenant from a browser.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WebIntegration {
    pub id: String,
    pub name: String,
    pub valid_origins: Vec<String>,
    pub created: DateTime<Utc>,
    pub created_by: String,
    pub last_updated: DateTime<Utc>,
}

/// Where a bearer token may be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenAudience {
    Register(Region),
    Tenant(String),
    /// The organization APIs on `console.<domain>`.
    Console,
}

/// An issued access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IssuedToken {
    pub audience: TokenAudience,
    pub client_id: String,
    pub user_id: Option<String>,
    pub expires_at: DateTime<Utc>,
}

/// Everything the emulator knows. Serialisable for `--state-file`; configuration and the
/// run-time counters are not part of the saved state.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct World {
    #[serde(skip)]
    pub config: EmulatorConfig,
    pub clients: Vec<OAuthClient>,
    pub tenants: BTreeMap<String, EmuTenant>,
    pub tokens: HashMap<String, IssuedToken>,
    /// Browser sessions by `eas.sid` value.
    pub sessions: HashMap<String, BrowserSession>,
    /// Client-managed sites distributing into tenants, by site host.
    #[serde(default)]
    pub sites: BTreeMap<String, EmuSite>,
    /// Temporary files (app exports, uploads, report outputs) by id.
    pub temp_contents: HashMap<String, TempContent>,
    /// Report requests of the Reports API by id.
    #[serde(default)]
    pub reports: HashMap<String, EmuReport>,
    /// Scripted faults still to serve.
    #[serde(skip)]
    pub faults: Vec<Fault>,
    /// Rate-limit windows per (tenant and user, tier): see `realism::limits`.
    #[serde(skip)]
    pub buckets: HashMap<(String, crate::rate::Tier), crate::rate::SlidingWindow>,
    /// The emulated clock (`POST /clock` moves it ahead): rate-limit windows, task times and
    /// schedules read it.
    #[serde(default)]
    pub clock: EmuClock,
    #[serde(skip)]
    pub stats: Stats,
    /// Resources still propagating (the `propagationMs` knob), by id.
    #[serde(skip)]
    pub fresh: HashMap<String, Fresh>,
    /// Moves on every change; the state file saver watches it.
    #[serde(skip)]
    pub revision: u64,
    /// The HTTP client webhook deliveries use, with the roots it was built to trust (built
    /// on first use, again when `config.webhook_roots` changes).
    #[serde(skip)]
    pub webhook_client: Option<(Vec<String>, reqwest::Client)>,
}

/// A temporary file, downloadable from its tenant until it expires.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TempContent {
    pub tenant_id: String,
    pub filename: String,
    pub bytes: Vec<u8>,
    pub expires_at: DateTime<Utc>,
    /// The user who made the file, when only they may download it (report outputs: "the user
    /// is authorized to view the contents", temp-contents.d.ts). None: anyone calling the
    /// tenant (app exports; UNCONFIRMED whether Qlik limits those to the exporter).
    pub creator_id: Option<String>,
}

impl World {
    /// The tenant serving `hostname` (display name or alias).
    pub fn tenant_by_host(&self, hostname: &str) -> Option<&EmuTenant> {
        self.tenants
            .values()
            .find(|t| t.hostnames.iter().any(|h| h == hostname))
    }

    /// The tenant a caller authenticated on. One deleted since is answered as the extractor
    /// answers a host without a tenant: Qlik finds the tenant by host before any API runs,
    /// so no API's own error applies (UNCONFIRMED: Qlik's body for it).
    pub fn tenant(&self, id: &str) -> Result<&EmuTenant, QlikError> {
        self.tenants.get(id).ok_or_else(|| QlikError::no_tenant(id))
    }

    /// The same, to change.
    pub fn tenant_mut(&mut self, id: &str) -> Result<&mut EmuTenant, QlikError> {
        self.tenants
            .get_mut(id)
            .ok_or_else(|| QlikError::no_tenant(id))
    }

    /// Adds an active tenant named `name` in `region`, returning its id.
    pub fn add_tenant(&mut self, name: &str, region: Region) -> String {
        let id = ids::tenant_id();
        let hostname = format!("{name}.{}.{}", region.code(), self.config.domain);
        self.tenants.insert(
            id.clone(),
            EmuTenant {
                id: id.clone(),
                name: name.to_owned(),
                hostnames: vec![hostname],
                region,
                status: TenantStatus::Active,
                created: Utc::now(),
                created_by_user: None,
                users: BTreeMap::new(),
                apps: BTreeMap::new(),
                idps: BTreeMap::new(),
                web_integrations: BTreeMap::new(),
                csp_origins: BTreeMap::new(),
                spaces: BTreeMap::new(),
                groups: BTreeMap::new(),
                auto_create_groups: false,
                data_connections: BTreeMap::new(),
                reloads: BTreeMap::new(),
                oauth_clients: BTreeMap::new(),
                tasks: BTreeMap::new(),
                task_runs: BTreeMap::new(),
                webhooks: BTreeMap::new(),
                webhook_deliveries: BTreeMap::new(),
                settings: TenantSettings::default(),
                themes: BTreeMap::new(),
            },
        );
        id
    }
}

/// Shared handle on the world.
#[derive(Clone, Debug)]
pub struct EmuState(Arc<Mutex<World>>);

impl EmuState {
    /// A world restored from a saved snapshot, running with `config`.
    pub fn restore(config: EmulatorConfig, mut world: World) -> Self {
        world.config = config;
        Self(Arc::new(Mutex::new(world)))
    }

    /// An empty world with `config`.
    pub fn new(config: EmulatorConfig) -> Self {
        Self::restore(config, World::default())
    }

    /// Locks the world. A panic while locked cannot leave it half-changed in a way later
    /// requests care about, so a poisoned lock is recovered.
    pub fn lock(&self) -> MutexGuard<'_, World> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}
