//! Reloads after onboarding as the console, REST and CLI show them: one recorded reload, a
//! customer × module's freshness, and a fleet-wide "reload now" with its progress.

use crate::domain::{
    CustomerSlug, FleetReloadState, ModuleKey, ReloadId, ReloadOutcome, ReloadTrigger,
};
use serde::{Deserialize, Serialize};

/// One reload of one customer × module, as the hub recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReloadRecord {
    pub customer: CustomerSlug,
    pub module: ModuleKey,
    pub reload_id: ReloadId,
    pub status: ReloadOutcome,
    pub trigger: ReloadTrigger,
    /// Milliseconds since the Unix epoch, as every time here.
    pub created_at: i64,
    pub started_at: Option<i64>,
    pub ended_at: Option<i64>,
    /// The last lines of a failed reload's log.
    pub log_excerpt: Option<String>,
}

/// How fresh one customer × module's published app is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FreshnessRow {
    pub customer: CustomerSlug,
    pub module: ModuleKey,
    /// True when a refresh schedule keeps it fresh (else: manual).
    pub scheduled: bool,
    /// The newest recorded reload, if any.
    pub last: Option<ReloadRecord>,
    /// When the newest successful reload ended.
    pub last_success_at: Option<i64>,
    /// Failed reloads since the last success.
    pub consecutive_failures: u32,
    /// The log excerpt of the newest failure, while failures last.
    pub failure_log: Option<String>,
    /// The customer's freshness target, in hours.
    pub target_hours: Option<u16>,
    /// Milliseconds since the last success ended (none: never succeeded).
    pub age_ms: Option<i64>,
    /// Older than its target (or never reloaded while it has one).
    pub stale: bool,
}

/// "Reload now": empty lists mean every active customer and every published module.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FleetReloadRequest {
    #[serde(default)]
    pub customers: Vec<CustomerSlug>,
    #[serde(default)]
    pub modules: Vec<ModuleKey>,
    /// At most this many reloads at once against one customer database (none: no cap).
    #[serde(default)]
    pub per_source_cap: Option<u32>,
}

/// A fleet reload and its progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FleetReloadView {
    pub id: String,
    pub state: FleetReloadState,
    pub per_source_cap: Option<u32>,
    pub total: u32,
    pub pending: u32,
    pub running: u32,
    pub succeeded: u32,
    pub failed: u32,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}
