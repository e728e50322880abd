//! The realism knobs' run-time state in the world: scripted faults still to serve and the
//! counters tests read; `realism` fills and serves them.

use serde::{Deserialize, Serialize};

/// A scripted fault: the next `count` calls whose path starts with `path` get `status`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fault {
    pub path: String,
    pub status: u16,
    pub retry_after: Option<u64>,
    #[serde(default = "one")]
    pub count: u32,
}

fn one() -> u32 {
    1
}

/// Counters for tests and benchmarks.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    pub requests: u64,
    pub rate_limited: u64,
    pub faults_served: u64,
    /// Reloads running now against each database (connect statement).
    pub reloads_running_by_source: std::collections::BTreeMap<String, u32>,
    /// The most reloads that ever ran at once against each database.
    pub max_reloads_by_source: std::collections::BTreeMap<String, u32>,
}
