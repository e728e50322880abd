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
    /// A request field is unacceptable (a 400 naming the field at the door); never retried.
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
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

    /// A failure that running the job again cannot change: a retired customer, an unknown
    /// job kind, a tenant that is not the one recorded, a missing stored secret.
    pub fn permanent(step: &str, reason: impl Into<String>) -> Self {
        ProvisionError::Permanent {
            step: step.to_owned(),
            reason: reason.into(),
        }
    }

    /// A failed step that a later attempt may get past.
    pub fn step(step: &str, reason: impl Into<String>) -> Self {
        ProvisionError::StepFailed {
            step: step.to_owned(),
            reason: reason.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_time_can_cure_is_retried() {
        let api = |status| {
            ProvisionError::Qlik(QlikError::Api {
                status,
                code: String::new(),
                title: String::new(),
                detail: None,
            })
        };
        let cases = [
            (api(503), true),
            (api(429), true),
            (api(404), false),
            (api(400), false),
            (
                ProvisionError::step("reload sales", "reload ended FAILED"),
                true,
            ),
            (ProvisionError::Ambiguous("which tenant".into()), true),
            (
                ProvisionError::permanent("apply", "the customer is retired"),
                false,
            ),
            (ProvisionError::permanent("job", "unknown job kind"), false),
            (
                ProvisionError::Invalid {
                    field: "max_failure_pct",
                    reason: "0–100".into(),
                },
                false,
            ),
            (ProvisionError::Cancelled, false),
            (ProvisionError::NoSource, false),
        ];
        for (error, want) in cases {
            assert_eq!(error.is_retryable(), want, "{error}");
        }
    }
}
