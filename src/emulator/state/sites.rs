//! Client-managed sites in the emulator's world: each site's deployments into tenants and its
//! license, which the control host's `sites` routes fill and distribution reads.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A client-managed site and its deployments (keyed by the site's host name).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct EmuSite {
    pub deployments: BTreeMap<String, Deployment>,
    /// The site's signed license key; Qlik Cloud takes apps only from a site on the
    /// tenant's own license.
    pub license_key: Option<String>,
}

/// A deployment: where the site distributes to, and the token it authenticates with.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Deployment {
    pub id: String,
    pub name: String,
    pub api_endpoint: String,
    pub audience: String,
    pub token: String,
}
