//! A job's life-cycle states as stored: the domain's `JobState` by its text.

use super::StoreError;
pub use crate::domain::JobState;

/// The stored text `raw` as a state; anything else is a corrupt row.
pub(super) fn parse(raw: &str) -> Result<JobState, StoreError> {
    JobState::parse(raw).ok_or_else(|| StoreError::Corrupt(format!("job state {raw:?}")))
}
