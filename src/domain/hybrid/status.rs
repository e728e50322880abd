//! The statuses of a hybrid deployment and of the apps that arrived through it, as the store
//! keeps them and both builds show them; the text is each variant's `as_str`.

use serde::{Deserialize, Serialize};

/// Where a customer's hybrid deployment is in its setup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeploymentStatus {
    /// Set up, waiting for the deployment's local bearer token.
    AwaitingToken,
    /// The token is stored; the tenant's identity provider does not hold it yet.
    TokenReceived,
    /// The tenant's multi-cloud identity provider holds the token.
    Connected,
}

impl DeploymentStatus {
    /// Every status, in setup order.
    pub const ALL: [DeploymentStatus; 3] = [
        DeploymentStatus::AwaitingToken,
        DeploymentStatus::TokenReceived,
        DeploymentStatus::Connected,
    ];

    /// The stored and wire text.
    pub fn as_str(self) -> &'static str {
        match self {
            DeploymentStatus::AwaitingToken => "awaiting_token",
            DeploymentStatus::TokenReceived => "token_received",
            DeploymentStatus::Connected => "connected",
        }
    }

    /// The status whose text is `raw`.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

impl std::fmt::Display for DeploymentStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What became of an app that arrived through the deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum HybridAppStatus {
    /// Moved into the managed space and served (view-only) in the menu.
    Adopted,
    /// Not served; the app's `reason` says why.
    Refused,
}

impl HybridAppStatus {
    /// Every status.
    pub const ALL: [HybridAppStatus; 2] = [HybridAppStatus::Adopted, HybridAppStatus::Refused];

    /// The stored and wire text.
    pub fn as_str(self) -> &'static str {
        match self {
            HybridAppStatus::Adopted => "adopted",
            HybridAppStatus::Refused => "refused",
        }
    }

    /// The status whose text is `raw`.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_the_serde_names_and_parse_back() {
        for status in DeploymentStatus::ALL {
            let json = serde_json::to_value(status).ok();
            assert_eq!(json, Some(status.as_str().into()));
            assert_eq!(DeploymentStatus::parse(status.as_str()), Some(status));
        }
        for status in HybridAppStatus::ALL {
            let json = serde_json::to_value(status).ok();
            assert_eq!(json, Some(status.as_str().into()));
            assert_eq!(HybridAppStatus::parse(status.as_str()), Some(status));
        }
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
