//! The states of a customer's reloads as the hub records them: why a reload ran, how it
//! ended, and where a fleet-wide "reload now" and each of its items are.

use serde::{Deserialize, Serialize};

text_enum!(
    /// Why a reload of a published app ran.
    ReloadTrigger {
        /// The tenant's scheduler task (the customer's `refresh` schedule).
        Schedule => "schedule",
        /// The hub's automatic retry of a failed scheduled reload.
        Retry => "retry",
        /// An admin's "reload now".
        ReloadNow => "reload_now",
        /// Anything else seen on the tenant (someone reloaded it by hand).
        Other => "other",
    }
);

text_enum!(
    /// How a recorded reload stands.
    ReloadOutcome {
        Running => "running",
        Succeeded => "succeeded",
        Failed => "failed",
        Canceled => "canceled",
        /// Qlik stopped it at a limit of the tenant.
        ExceededLimit => "exceeded_limit",
    }
);

impl ReloadOutcome {
    /// True for the outcomes that leave the data as old as before.
    pub fn is_failure(self) -> bool {
        matches!(
            self,
            ReloadOutcome::Failed | ReloadOutcome::Canceled | ReloadOutcome::ExceededLimit
        )
    }
}

text_enum!(
    /// Where a fleet-wide "reload now" is.
    FleetReloadState {
        Running => "running",
        Done => "done",
        Cancelled => "cancelled",
    }
);

text_enum!(
    /// One customer × module of a fleet reload.
    FleetItemState {
        Pending => "pending",
        Running => "running",
        Succeeded => "succeeded",
        Failed => "failed",
    }
);

impl FleetItemState {
    /// True once the item will not change.
    pub fn is_final(self) -> bool {
        matches!(self, FleetItemState::Succeeded | FleetItemState::Failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::assert_texts_round_trip;

    #[test]
    fn every_text_reads_back() {
        let trigger = ReloadTrigger::ALL;
        assert_texts_round_trip(trigger, ReloadTrigger::as_str, ReloadTrigger::parse);
        let outcome = ReloadOutcome::ALL;
        assert_texts_round_trip(outcome, ReloadOutcome::as_str, ReloadOutcome::parse);
        let fleet = FleetReloadState::ALL;
        assert_texts_round_trip(fleet, FleetReloadState::as_str, FleetReloadState::parse);
        let item = FleetItemState::ALL;
        assert_texts_round_trip(item, FleetItemState::as_str, FleetItemState::parse);
        assert_eq!(ReloadOutcome::parse("SUCCEEDED"), None);
    }
}
