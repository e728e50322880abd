//! `plan`: a pure diff of a customer's desired state against what was observed, as the ordered
//! steps that would make them equal. Admins see it before anything is applied.

use super::script::{self, ScriptError};
use crate::domain::{CustomerSpec, DisplayName, EmbeddingMode, GroupName, ModuleKey, SpaceRole};
use crate::store::{Deployment, ModuleVersion, Observed};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Names of the two spaces every customer tenant gets.
pub const STAGING_SPACE: &str = "oem-hub staging";
pub const PRODUCTION_SPACE: &str = "oem-hub production";
/// The name of the web integration and the prefix of CSP entries oem-hub manages.
pub const INTEGRATION_NAME: &str = "oem-hub";
/// The data connection load scripts connect to.
pub const CONNECTION_NAME: &str = "customer_db";

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
        }
    }
}

/// Facts about the hub the plan depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubIdentity {
    /// The key id of oem-hub's JWT signing key.
    pub key_id: String,
    /// The issuer this customer's tenant must trust, and no other tenant does.
    pub issuer: String,
    /// SHA-256 of the customer's data connection string, if it has one.
    pub connection_digest: Option<String>,
}

/// Why no plan could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Script(#[from] ScriptError),
    #[error("modules: {0} has no recorded template version")]
    UnknownModule(ModuleKey),
}

/// The steps that make `observed` match `spec`, given each enabled module's target version.
pub fn plan(
    spec: &CustomerSpec,
    targets: &BTreeMap<ModuleKey, ModuleVersion>,
    observed: &Observed,
    hub: &HubIdentity,
) -> Result<Vec<Step>, PlanError> {
    let mut steps = Vec::new();
    tenant_steps(spec, observed, hub, &mut steps);
    access_steps(spec, observed, hub, &mut steps);
    for module in &spec.modules {
        let target = targets
            .get(module)
            .ok_or_else(|| PlanError::UnknownModule(module.clone()))?;
        let key = content_key(target, spec)?;
        let deployed = observed
            .deployments
            .get(module)
            .cloned()
            .unwrap_or_default();
        module_steps(module, target.version, &key, &deployed, &mut steps);
    }
    for (module, deployed) in &observed.deployments {
        let has_apps = deployed.staging_app_id.is_some() || deployed.published_app_id.is_some();
        if !spec.modules.contains(module) && has_apps {
            steps.push(Step::RemoveModule {
                module: module.clone(),
            });
        }
    }
    Ok(steps)
}

fn tenant_steps(spec: &CustomerSpec, o: &Observed, hub: &HubIdentity, steps: &mut Vec<Step>) {
    if o.tenant_id.is_none() {
        steps.push(Step::CreateTenant);
    }
    if o.tenant_name.as_deref() != Some(spec.display_name.as_str()) {
        steps.push(Step::NameTenant {
            name: spec.display_name.clone(),
        });
    }
    if o.bot_user_id.is_none() {
        steps.push(Step::CheckBotUser);
    }
    if o.idp_id.is_none()
        || o.idp_key_id.as_deref() != Some(hub.key_id.as_str())
        || o.idp_issuer.as_deref() != Some(hub.issuer.as_str())
    {
        steps.push(Step::JwtIdentityProvider {
            key_id: hub.key_id.clone(),
            issuer: hub.issuer.clone(),
        });
    }
}

fn access_steps(spec: &CustomerSpec, o: &Observed, hub: &HubIdentity, steps: &mut Vec<Step>) {
    let origins: Vec<String> = spec.origins.iter().map(|o| o.to_string()).collect();
    if o.web_integration_id.is_none() || o.web_integration_origins != origins {
        steps.push(Step::WebIntegration {
            origins: origins.clone(),
        });
    }
    if !o.csp_origins.keys().eq(sorted(&origins).iter()) {
        steps.push(Step::CspOrigins {
            origins: sorted(&origins),
        });
    }
    if o.staging_space_id.is_none() {
        steps.push(Step::StagingSpace);
    }
    if o.production_space_id.is_none() {
        steps.push(Step::ProductionSpace);
    }
    for (group, role) in &spec.group_roles {
        if !o.groups.contains_key(group) {
            steps.push(Step::Group {
                name: group.clone(),
            });
        }
        let assigned = o.assignments.get(group).map(|(_, r)| r);
        if assigned != Some(role) {
            steps.push(Step::AssignGroup {
                group: group.clone(),
                role: *role,
            });
        }
    }
    // A mapping taken out of the spec loses its access (the group itself stays: users keep
    // their membership, and other content may use it).
    for group in o.assignments.keys() {
        if !spec.group_roles.contains_key(group) {
            steps.push(Step::UnassignGroup {
                group: group.clone(),
            });
        }
    }
    if spec.data_connection.is_some()
        && (o.data_connection_id.is_none() || o.data_connection_digest != hub.connection_digest)
    {
        steps.push(Step::DataConnection);
    }
    if spec.data_connection.is_none() && o.data_connection_id.is_some() {
        steps.push(Step::RemoveDataConnection);
    }
    let oauth = spec.embedding == EmbeddingMode::Oauth;
    let current = o.oauth_client_origins == origins && o.oauth_client_trusted;
    if oauth && (o.oauth_client_id.is_none() || !current) {
        steps.push(Step::ImpersonationClient { origins });
    } else if !oauth && o.oauth_client_id.is_some() {
        steps.push(Step::RemoveImpersonationClient);
    }
}

fn module_steps(
    module: &ModuleKey,
    version: i64,
    key: &str,
    d: &Deployment,
    steps: &mut Vec<Step>,
) {
    let import = d.staging_app_id.is_none() || d.staged_version != Some(version);
    if import {
        steps.push(Step::ImportApp {
            module: module.clone(),
            version,
        });
    }
    let script = import || d.scripted_key.as_deref() != Some(key);
    if script {
        steps.push(Step::SetScript {
            module: module.clone(),
            key: key.to_owned(),
        });
    }
    let reload = script || d.reloaded_key.as_deref() != Some(key);
    if reload {
        steps.push(Step::Reload {
            module: module.clone(),
            key: key.to_owned(),
        });
    }
    if reload || d.published_app_id.is_none() || d.published_key.as_deref() != Some(key) {
        steps.push(Step::Publish {
            module: module.clone(),
            key: key.to_owned(),
            version,
        });
    }
}

/// `v<version>:<digest of the rendered script>`: what a staging or published app holds.
pub fn content_key(target: &ModuleVersion, spec: &CustomerSpec) -> Result<String, ScriptError> {
    let rendered = script::render(&target.script_template, &spec.params)?;
    Ok(format!("v{}:{}", target.version, &digest(&rendered)[..16]))
}

/// Lower-case hex SHA-256.
pub fn digest(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn sorted(items: &[String]) -> Vec<String> {
    let mut items = items.to_vec();
    items.sort();
    items.dedup();
    items
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
