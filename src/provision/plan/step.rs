//! The steps a plan is made of: one thing to do to a customer's tenant each, serialized into
//! the job so that a resumed apply runs exactly what was planned.

use super::privilege::PrivilegeChange;
use crate::domain::{DisplayName, GroupName, ModuleKey, ScheduledReload, SpaceRole, ThemeName};
use serde::{Deserialize, Serialize};

/// One thing to do to a customer's tenant, in plan order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    CreateTenant,
    NameTenant {
        name: DisplayName,
    },
    CheckBotUser,
    JwtIdentityProvider {
        key_id: String,
        /// The customer's own issuer (empty in jobs planned before issuers were per customer;
        /// the step derives it again either way).
        #[serde(default)]
        issuer: String,
    },
    WebIntegration {
        origins: Vec<String>,
    },
    CspOrigins {
        origins: Vec<String>,
    },
    StagingSpace,
    ProductionSpace,
    Group {
        name: GroupName,
    },
    AssignGroup {
        group: GroupName,
        role: SpaceRole,
    },
    DataConnection,
    ImportApp {
        module: ModuleKey,
        version: i64,
    },
    SetScript {
        module: ModuleKey,
        key: String,
    },
    Reload {
        module: ModuleKey,
        key: String,
    },
    Publish {
        module: ModuleKey,
        key: String,
        version: i64,
    },
    RemoveModule {
        module: ModuleKey,
    },
    UnassignGroup {
        group: GroupName,
    },
    RemoveDataConnection,
    ImpersonationClient {
        origins: Vec<String>,
    },
    RemoveImpersonationClient,
    /// Creates or updates the scheduler task that reloads the module's published app.
    RefreshSchedule {
        module: ModuleKey,
        schedule: ScheduledReload,
    },
    /// Deletes that task (the module's refresh became `manual`).
    RemoveRefresh {
        module: ModuleKey,
    },
    /// Creates or re-points the tenant webhook posting reload events to `url`, with a new
    /// signing secret.
    ReloadWebhook {
        url: String,
    },
    /// Deletes that webhook (the hub has no public URL any more).
    RemoveReloadWebhook,
    /// Puts one part of the spec's least-privilege block on the tenant.
    Privilege {
        change: PrivilegeChange,
    },
    /// Uploads (or replaces) the custom theme `name` with the archive whose SHA-256 is
    /// `sha256`, shipped by one of the customer's template versions.
    Theme {
        name: ThemeName,
        sha256: String,
    },
    /// Deletes the custom theme `name` the hub uploaded (no version ships it any more).
    RemoveTheme {
        name: ThemeName,
    },
}

impl Step {
    /// A short label for progress displays, e.g. `publish sales`.
    pub fn label(&self) -> String {
        match self {
            Step::CreateTenant => "create tenant".to_owned(),
            Step::NameTenant { .. } => "name tenant".to_owned(),
            Step::CheckBotUser => "check bot user".to_owned(),
            Step::JwtIdentityProvider { .. } => "jwt identity provider".to_owned(),
            Step::WebIntegration { .. } => "web integration".to_owned(),
            Step::CspOrigins { .. } => "csp origins".to_owned(),
            Step::StagingSpace => "staging space".to_owned(),
            Step::ProductionSpace => "production space".to_owned(),
            Step::Group { name } => format!("group {name}"),
            Step::AssignGroup { group, .. } => format!("assign group {group}"),
            Step::DataConnection => "data connection".to_owned(),
            Step::ImportApp { module, .. } => format!("import {module}"),
            Step::SetScript { module, .. } => format!("script {module}"),
            Step::Reload { module, .. } => format!("reload {module}"),
            Step::Publish { module, .. } => format!("publish {module}"),
            Step::RemoveModule { module } => format!("remove {module}"),
            Step::UnassignGroup { group } => format!("unassign group {group}"),
            Step::ImpersonationClient { .. } => "impersonation oauth client".to_owned(),
            Step::RemoveImpersonationClient => "remove impersonation oauth client".to_owned(),
            Step::RemoveDataConnection => "remove data connection".to_owned(),
            Step::RefreshSchedule { module, .. } => format!("refresh schedule {module}"),
            Step::RemoveRefresh { module } => format!("remove refresh schedule {module}"),
            Step::ReloadWebhook { .. } => "reload events webhook".to_owned(),
            Step::RemoveReloadWebhook => "remove reload events webhook".to_owned(),
            Step::Privilege { change } => change.label().to_owned(),
            Step::Theme { name, .. } => format!("theme {name}"),
            Step::RemoveTheme { name } => format!("remove theme {name}"),
        }
    }
}
