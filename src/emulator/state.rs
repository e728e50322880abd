//! The emulator's world: OAuth clients, tenants and their users and apps, issued tokens.
//! Held in memory behind one mutex (never held across an await).

use super::EmulatorConfig;
use super::ids;
use crate::domain::Region;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

/// A regional OAuth client: valid on `register.<region>` and every tenant of the region.
#[derive(Debug, Clone)]
pub struct OAuthClient {
    pub client_id: String,
    pub client_secret: String,
    pub region: Region,
}

/// Tenant status as Qlik reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TenantStatus {
    Active,
    Disabled,
}

/// A user of a tenant.
#[derive(Debug, Clone)]
pub struct EmuUser {
    pub id: String,
    pub subject: String,
    pub name: String,
    pub email: Option<String>,
    pub roles: Vec<String>,
    pub created_at: DateTime<Utc>,
}

/// A sheet of an app: its id survives copy, import and publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub id: String,
    pub title: String,
}

/// An app document.
#[derive(Debug, Clone)]
pub struct EmuApp {
    pub id: String,
    pub item_id: String,
    pub name: String,
    pub description: String,
    pub owner_id: String,
    pub space_id: Option<String>,
    pub origin_app_id: Option<String>,
    pub publish_time: Option<DateTime<Utc>>,
    pub sheets: Vec<Sheet>,
    pub script: String,
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
}

/// A tenant and everything in it.
#[derive(Debug, Clone)]
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
}

/// Where a bearer token may be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenAudience {
    Register(Region),
    Tenant(String),
}

/// An issued access token.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub audience: TokenAudience,
    pub client_id: String,
    pub user_id: Option<String>,
    pub expires_at: DateTime<Utc>,
}

/// Everything the emulator knows.
#[derive(Debug)]
pub struct World {
    pub config: EmulatorConfig,
    pub clients: Vec<OAuthClient>,
    pub tenants: BTreeMap<String, EmuTenant>,
    pub tokens: HashMap<String, IssuedToken>,
}

impl World {
    /// The tenant serving `hostname` (display name or alias).
    pub fn tenant_by_host(&self, hostname: &str) -> Option<&EmuTenant> {
        self.tenants
            .values()
            .find(|t| t.hostnames.iter().any(|h| h == hostname))
    }

    /// Mutable access to the tenant with `id`.
    pub fn tenant_mut(&mut self, id: &str) -> Option<&mut EmuTenant> {
        self.tenants.get_mut(id)
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
            },
        );
        id
    }
}

/// Shared handle on the world.
#[derive(Clone, Debug)]
pub struct EmuState(Arc<Mutex<World>>);

impl EmuState {
    /// An empty world with `config`.
    pub fn new(config: EmulatorConfig) -> Self {
        Self(Arc::new(Mutex::new(World {
            config,
            clients: Vec::new(),
            tenants: BTreeMap::new(),
            tokens: HashMap::new(),
        })))
    }

    /// Locks the world. A panic while locked cannot leave it half-changed in a way later
    /// requests care about, so a poisoned lock is recovered.
    pub fn lock(&self) -> MutexGuard<'_, World> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}
