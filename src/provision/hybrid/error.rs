//! Why a hybrid step failed, each worded as what the admin does next.

use crate::domain::ParseError;
use crate::qlik::QlikError;
use crate::store::{SealError, StoreError};

/// A refused or failed hybrid operation.
#[derive(Debug, thiserror::Error)]
pub enum HybridError {
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error(
        "customer {0} has no hybrid deployment: set one up first (client-managed site host and deployment name)"
    )]
    NoDeployment(String),
    #[error(
        "no local bearer token yet: paste the token of deployment {0} from the client-managed site (QMC → Cloud distribution → Deployment setup)"
    )]
    NoToken(String),
    #[error(
        "customer {0} has no tenant yet: apply its spec first (the tenant URL is the deployment's API endpoint)"
    )]
    NotProvisioned(String),
    #[error(
        "customer {0}'s tenant has no managed space to place distributed apps in: apply the customer's spec so its production (managed) space exists"
    )]
    NoManagedSpace(String),
    #[error(
        "the tenant has no multi-cloud identity provider with deployment {0}'s token, so the site cannot distribute to it: reconcile the deployment (POST …/hybrid/reconcile)"
    )]
    IdpMissing(String),
    #[error(
        "token: this local bearer token belongs to customer {0}'s deployment; each customer needs its own deployment and token"
    )]
    TokenInUse(String),
    #[error("{0} not found among the customer's distributed apps")]
    UnknownApp(String),
    #[error("Qlik call failed: {0}")]
    Qlik(#[from] QlikError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Seal(#[from] SealError),
}

impl HybridError {
    /// Bad input in `field`.
    pub fn invalid(field: &'static str, e: ParseError) -> Self {
        HybridError::Invalid {
            field,
            message: e.to_string(),
        }
    }
}
