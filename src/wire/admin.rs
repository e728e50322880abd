//! The admin console's identity, customer rows and slug checks, as both builds see them.
//! Plain data: the operations that fill them are in `ops`.

use crate::domain::{CustomerSlug, DisplayName, EmbeddingMode, ModuleKey, Region, TenantHostname};
use serde::{Deserialize, Serialize};

/// The signed-in admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminIdentity {
    pub username: String,
}

/// A customer row of the admin console.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerSummary {
    pub slug: CustomerSlug,
    pub display_name: DisplayName,
    pub region: Region,
    /// Sorted by key.
    pub modules: Vec<ModuleKey>,
    /// The tenant's hostname once created.
    pub tenant_host: Option<TenantHostname>,
    /// `module vN` for each deployed module.
    pub versions: Vec<String>,
    /// The latest job as `kind state`.
    pub last_job: Option<String>,
    pub retired: bool,
    pub embedding: EmbeddingMode,
    /// Users whose browsers dropped the tenant's cookie, so the proxy took over (`auto`).
    pub proxy_fallbacks: i64,
}

/// Whether a slug can be used for a new customer, and why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlugCheck {
    pub slug: String,
    pub available: bool,
    pub problem: Option<String>,
}
