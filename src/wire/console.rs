//! The module catalogue entry the onboarding form offers, as both builds see it.
//! Plain data: the operation that fills it is in `ops`.

use serde::{Deserialize, Serialize};

/// A module an admin can enable for a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleChoice {
    pub key: String,
    pub name: String,
    pub version: i64,
}
