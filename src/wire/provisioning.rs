//! A provisioning job as the console shows it, in both builds.
//! Plain data: `ops::jobs` builds it from the store's job.

use crate::domain::{CustomerSlug, JobState};
use serde::{Deserialize, Serialize};

/// A provisioning job as the console shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobView {
    pub id: String,
    pub customer: CustomerSlug,
    /// The stored kind (`apply`, `repair`, …), also one this build cannot run (a newer
    /// replica's), which the job then fails naming.
    pub kind: String,
    pub state: JobState,
    pub step_index: i64,
    pub step_count: i64,
    pub step_name: String,
    pub error: Option<String>,
}
