//! What happens to a host's user in the hub's user lifecycle: removed or restored, on whose
//! decision, and what became of the user on the customer's tenant.

use serde::{Deserialize, Serialize};

text_enum!(
    /// One entry of a user's lifecycle log.
    UserEvent {
        /// No session opens and no Qlik token is minted for the user any more.
        Removed => "removed",
        /// A bulk sync listed the user again.
        Restored => "restored",
    }
);

text_enum!(
    /// Why a user was removed or restored.
    RemovalCause {
        /// The host's backend removed the user (`DELETE /api/v1/embed/users/{id}`).
        Host => "host",
        /// A bulk sync did not (or did again) list the user.
        Sync => "sync",
        /// No sign-in within the customer's inactivity window.
        Inactive => "inactive",
    }
);

text_enum!(
    /// The user on the customer's tenant after a removal.
    TenantUserOutcome {
        /// Deleted, its licence assignment freed.
        Deleted => "deleted",
        /// The tenant has no such user (it never signed in there).
        Absent => "absent",
        /// The customer has no tenant yet.
        NoTenant => "no_tenant",
        /// Nothing was asked of the tenant (a restore).
        Untouched => "untouched",
    }
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::assert_texts_round_trip;

    #[test]
    fn every_text_reads_back() {
        assert_texts_round_trip(UserEvent::ALL, UserEvent::as_str, UserEvent::parse);
        let cause = RemovalCause::ALL;
        assert_texts_round_trip(cause, RemovalCause::as_str, RemovalCause::parse);
        let outcome = TenantUserOutcome::ALL;
        assert_texts_round_trip(outcome, TenantUserOutcome::as_str, TenantUserOutcome::parse);
    }
}
