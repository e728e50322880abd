//! Report requests of the Reports API: who asked, and what came of it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A report request, readable only by the user who made it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EmuReport {
    pub id: String,
    pub tenant_id: String,
    pub user_id: String,
    /// The request's `output.outputId`.
    pub output_id: String,
    /// What generation produced: the temp content holding the file, or the export errors
    /// (`ExportError` JSON) that failed the request.
    pub outcome: ReportOutcome,
    /// Set by the first status or outputs read, which sees the request `processing`; every
    /// later read sees its outcome.
    pub seen_processing: bool,
    pub created: DateTime<Utc>,
    /// The end of the outputs' time to live: the request is gone afterwards.
    pub expires_at: DateTime<Utc>,
}

/// The end of a report request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ReportOutcome {
    /// The file, as temp content `temp_id` of `size_bytes` bytes.
    Done { temp_id: String, size_bytes: usize },
    /// `ExportError`s as Qlik writes them.
    Failed { errors: Vec<Value> },
}
