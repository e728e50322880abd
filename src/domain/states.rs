//! Life-cycle states the store keeps and both builds show: a job's state and kind, a rollout's
//! state, a reconcile's result. The wire and stored text is each variant's `as_str`, so the
//! console compares states, not strings.

use super::ParseError;
use serde::{Deserialize, Serialize};

/// An enum stored and sent as its snake_case text, with `ALL`, `as_str` and `parse`.
macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// Every variant.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored and wire text.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The variant whose text is `raw`.
            pub fn parse(raw: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == raw)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use text_enum;

mod job_kind;
mod reloads;
mod users;
pub use job_kind::{JobKind, LastResult};
pub use reloads::{FleetItemState, FleetReloadState, ReloadOutcome, ReloadTrigger};
pub use users::{RemovalCause, TenantUserOutcome, UserEvent};

text_enum!(
    /// Where a job is in its life (`ALL` in life order).
    JobState {
        Queued => "queued",
        Running => "running",
        Succeeded => "succeeded",
        Failed => "failed",
        Cancelled => "cancelled",
    }
);

impl JobState {
    /// True for succeeded, failed and cancelled.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            JobState::Succeeded | JobState::Failed | JobState::Cancelled
        )
    }
}

text_enum!(
    /// Where a rollout is.
    RolloutState {
        Running => "running",
        /// Stopped because a wave failed too often; resume or roll back.
        Halted => "halted",
        Completed => "completed",
        RollingBack => "rolling_back",
        RolledBack => "rolled_back",
    }
);

impl RolloutState {
    /// True once nothing more happens without an admin (completed, halted, rolled back).
    pub fn is_settled(self) -> bool {
        matches!(
            self,
            RolloutState::Completed | RolloutState::Halted | RolloutState::RolledBack
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::assert_texts_round_trip;

    #[test]
    fn texts_are_the_serde_names_and_parse_back() {
        assert_texts_round_trip(JobState::ALL, JobState::as_str, JobState::parse);
        assert_texts_round_trip(RolloutState::ALL, RolloutState::as_str, RolloutState::parse);
        assert_eq!(JobState::parse("Succeeded"), None);
        assert_eq!(RolloutState::parse("rolling-back"), None);
    }
}
