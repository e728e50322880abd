//! A customer's hybrid deployment as the console, the REST API and the store share it: the
//! deployment's state and the apps that arrived through it (never the token).

use super::{DeploymentName, DeploymentStatus, DeploymentValues, HybridAppStatus, SiteHost};
use crate::domain::{AppId, IdpId, ModuleKey, SheetId, SpaceId};
use serde::{Deserialize, Serialize};

/// A customer's hybrid deployment as the console and the REST API show it (never the token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HybridView {
    pub customer: String,
    pub site_host: SiteHost,
    pub deployment_name: DeploymentName,
    /// What to enter on the client-managed side.
    pub values: DeploymentValues,
    /// The number of the tenant's signed license, which the site must run on too (unknown
    /// when the tenant did not answer).
    pub license_number: Option<String>,
    pub status: DeploymentStatus,
    pub status_detail: String,
    pub token_received: bool,
    pub idp_id: Option<IdpId>,
    pub apps: Vec<HybridApp>,
}

/// An app that arrived through the deployment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HybridApp {
    pub app_id: AppId,
    pub name: String,
    /// The menu module it is served as (view-only).
    pub module_key: ModuleKey,
    pub status: HybridAppStatus,
    /// Why it was refused (empty when adopted).
    pub reason: String,
    pub space_id: Option<SpaceId>,
    /// When the site last distributed it (Qlik's `publishTime`).
    #[serde(default)]
    pub published_at: Option<String>,
    pub sheets: Vec<HybridSheet>,
}

/// A sheet of an adopted app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HybridSheet {
    pub id: SheetId,
    pub title: String,
    /// Extension visualizations on it: they may not open in Qlik Cloud ("visualization not
    /// found"), so such a sheet stays out of the menu until an admin exposes it.
    pub extension_types: Vec<String>,
    /// Shown in the partner menu.
    pub exposed: bool,
}
