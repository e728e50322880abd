//! Errors of the provisioning engine, and which of them a retry may cure.

use super::plan::PlanError;
use crate::qlik::QlikError;
use crate::store::{SealError, StoreError};

/// Why a plan or a step failed.
#[derive(Debug, thiserror::Error)]
pub enum ProvisionError {
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error("Qlik call failed: {0}")]
    Qlik(#[from] QlikError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Seal(#[from] SealError),
    /// The tenant creation's answer was lost and the lookup cannot tell which tenant it made.
    #[error("{0}")]
    Ambiguous(String),
    /// A step ran but its result is not what the plan needs (a failed reload, a wrong tenant).
    #[error("{step}: {reason}")]
    StepFailed { step: String, reason: String },
    /// A step ended in a way running the job again cannot change (a reload cancelled in
    /// Qlik, or stopped at a limit of the tenant): the job fails at once.
    #[error("{step}: {reason}")]
    Permanent { step: String, reason: String },
    #[error("cancelled at the admin's request")]
    Cancelled,
    #[error("no source tenant is configured")]
    NoSource,
}

impl ProvisionError {
    /// True when trying the job again later may succeed: Qlik being unavailable or busy, a
    /// lost tenant-creation answer still settling, a store hiccup. Bad input is not retried.
    pub fn is_retryable(&self) -> bool {
        match self {
            ProvisionError::Qlik(QlikError::Transport { .. }) => true,
            ProvisionError::Qlik(e) => e.status().is_some_and(|s| s == 429 || s >= 500),
            ProvisionError::Store(StoreError::Database(_)) => true,
            ProvisionError::Ambiguous(_) => true,
            ProvisionError::StepFailed { .. } => true,
            _ => false,
        }
    }

    /// A failed step.
    pub fn step(step: &str, reason: impl Into<String>) -> Self {
        ProvisionError::StepFailed {
            step: step.to_owned(),
            reason: reason.into(),
        }
    }
}
