//! The statuses of a hybrid deployment and of the apps that arrived through it, as the store
//! keeps them and both builds show them; the text is each variant's `as_str`.

use crate::domain::states::text_enum;
use serde::{Deserialize, Serialize};

text_enum!(
    /// Where a customer's hybrid deployment is in its setup (`ALL` in setup order).
    DeploymentStatus {
        /// Set up, waiting for the deployment's local bearer token.
        AwaitingToken => "awaiting_token",
        /// The token is stored; the tenant's identity provider does not hold it yet.
        TokenReceived => "token_received",
        /// The tenant's multi-cloud identity provider holds the token.
        Connected => "connected",
    }
);

text_enum!(
    /// What became of an app that arrived through the deployment.
    HybridAppStatus {
        /// Moved into the managed space and served (view-only) in the menu.
        Adopted => "adopted",
        /// Not served; the app's `reason` says why.
        Refused => "refused",
    }
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::assert_texts_round_trip;

    #[test]
    fn texts_are_the_serde_names_and_parse_back() {
        let deployment = DeploymentStatus::ALL;
        assert_texts_round_trip(
            deployment,
            DeploymentStatus::as_str,
            DeploymentStatus::parse,
        );
        let app = HybridAppStatus::ALL;
        assert_texts_round_trip(app, HybridAppStatus::as_str, HybridAppStatus::parse);
        let texts: Vec<&str> = DeploymentStatus::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(texts, ["awaiting_token", "token_received", "connected"]);
        for bad in ["", "Connected", "awaiting-token"] {
            assert_eq!(DeploymentStatus::parse(bad), None, "{bad:?}");
        }
        for bad in ["", "Adopted", "pending"] {
            assert_eq!(HybridAppStatus::parse(bad), None, "{bad:?}");
        }
    }
}
