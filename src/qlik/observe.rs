//! Observing the client's calls: every attempt (retries too) is reported to the observers a
//! client was given — the engine's audit log, the benchmark's counters.

use std::time::Duration;

/// One HTTP exchange with Qlik, as reported to a `CallObserver` (every attempt, retries too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRecord {
    pub method: String,
    pub host: String,
    pub path: String,
    /// The HTTP status, or `None` when no answer came.
    pub status: Option<u16>,
    pub duration: Duration,
}

/// Sees every call a client makes (the engine's audit log, benchmark counters).
pub trait CallObserver: Send + Sync + std::fmt::Debug {
    /// Called after each attempt; must not block.
    fn observe(&self, record: CallRecord);
}
