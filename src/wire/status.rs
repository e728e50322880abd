//! What the status call answers: up or not, and for admins what the hub is connected to.
//! Plain data shared by both builds.

use serde::{Deserialize, Serialize};

/// What the status call tells its caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubStatus {
    /// The hub answers and its config database is reachable.
    pub ok: bool,
    /// The rest, for a signed-in admin only (an anonymous caller learns nothing to target).
    pub details: Option<HubDetails>,
}

/// A summary of the running hub, for admins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubDetails {
    /// oem-hub's version.
    pub version: String,
    /// `sqlite` or `postgres`.
    pub database: String,
    /// The Qlik Cloud domain the hub provisions into (`qlikcloud.com`, or `localhost` for the
    /// emulator).
    pub qlik_domain: String,
    /// True when the Qlik side is oem-hub's own emulator.
    pub emulated: bool,
    /// Customers in the config database.
    pub customers: u64,
    /// Modules (template apps) in the config database.
    pub modules: u64,
}
