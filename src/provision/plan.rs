//! `plan`: a pure diff of a customer's desired state against what was observed, as the ordered
//! steps that would make them equal. Admins see it before anything is applied.

mod modules;
mod privilege;
mod step;
mod themes;

pub use privilege::PrivilegeChange;
pub use step::Step;

use super::script::{self, ScriptError};
use crate::domain::{
    CustomerSpec, EmbeddingMode, ModuleKey, Refresh, ScheduledReload, SpreadError, spread,
};
use crate::store::{ModuleVersion, Observed};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Names of the two spaces every customer tenant gets.
pub const STAGING_SPACE: &str = "oem-hub staging";
pub const PRODUCTION_SPACE: &str = "oem-hub production";
/// The name of the web integration and the prefix of CSP entries oem-hub manages.
pub const INTEGRATION_NAME: &str = "oem-hub";
/// The data connection load scripts connect to.
pub const CONNECTION_NAME: &str = "customer_db";

/// Facts about the hub the plan depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubIdentity {
    /// The key id of oem-hub's JWT signing key.
    pub key_id: String,
    /// The issuer this customer's tenant must trust, and no other tenant does.
    pub issuer: String,
    /// SHA-256 of the customer's data connection string, if it has one.
    pub connection_digest: Option<String>,
    /// Where the customer's tenant posts reload events, when the hub has a public URL.
    pub events_url: Option<String>,
}

/// Why no plan could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Script(#[from] ScriptError),
    #[error("modules: {0} has no recorded template version")]
    UnknownModule(ModuleKey),
    #[error("refresh: {0}")]
    Spread(#[from] SpreadError),
    #[error("modules: {first} and {second} ship different themes named {theme}")]
    ThemeConflict {
        theme: crate::domain::ThemeName,
        first: ModuleKey,
        second: ModuleKey,
    },
}

/// Each scheduled module's offset (seconds) inside its schedule's spreading window.
pub type RefreshOffsets = BTreeMap<ModuleKey, u32>;

/// The steps that make `observed` match `spec`, given each enabled module's target version.
pub fn plan(
    spec: &CustomerSpec,
    targets: &BTreeMap<ModuleKey, ModuleVersion>,
    observed: &Observed,
    hub: &HubIdentity,
    offsets: &RefreshOffsets,
) -> Result<Vec<Step>, PlanError> {
    let mut steps = Vec::new();
    tenant_steps(spec, observed, hub, &mut steps);
    let privilege = privilege::changes(&spec.privilege, &observed.privilege);
    steps.extend(
        privilege
            .into_iter()
            .map(|change| Step::Privilege { change }),
    );
    access_steps(spec, observed, hub, &mut steps);
    events_steps(observed, hub, &mut steps);
    themes::steps(&themes::desired(targets)?, observed, &mut steps);
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
        modules::app_steps(module, target.version, &key, &deployed, &mut steps);
        let offset = offsets.get(module).copied().unwrap_or(0);
        let schedule = match spec.refresh.for_module(module) {
            Refresh::Manual => None,
            Refresh::Schedule(s) => Some(ScheduledReload {
                variables: script::variables(&target.variables, &spec.params)?,
                ..spread::shifted(s, offset)?
            }),
        };
        modules::refresh_steps(module, schedule, &deployed, &mut steps);
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
    // Groups the access rules name (the hub's attribute groups among them) exist on the
    // tenant too, so an impersonated user can be put in them (OAuth mode).
    for group in spec.access.group_names(&spec.modules) {
        if !o.groups.contains_key(&group) && !spec.group_roles.contains_key(&group) {
            steps.push(Step::Group { name: group });
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

/// The tenant webhook for reload events: made (or re-pointed) when the hub has a public URL,
/// removed when it no longer has one.
fn events_steps(o: &Observed, hub: &HubIdentity, steps: &mut Vec<Step>) {
    match &hub.events_url {
        Some(url)
            if o.reload_webhook_id.is_none() || o.reload_webhook_url.as_ref() != Some(url) =>
        {
            steps.push(Step::ReloadWebhook { url: url.clone() });
        }
        None if o.reload_webhook_id.is_some() => steps.push(Step::RemoveReloadWebhook),
        _ => {}
    }
}

/// `v<version>:<digest of the rendered script>`: what a staging or published app holds.
pub fn content_key(target: &ModuleVersion, spec: &CustomerSpec) -> Result<String, ScriptError> {
    // Without the bot's ADMIN row: the key follows the spec, whichever bot the tenant has.
    let mut content = script::render_module(&target.script_template, spec, &target.key, &[])?;
    // Reload-time variables are content too: a new value must reload the app.
    let variables = script::variables(&target.variables, &spec.params)?;
    if !variables.is_empty() {
        content.push('\0');
        content.push_str(&serde_json::to_string(&variables).unwrap_or_default());
    }
    Ok(format!("v{}:{}", target.version, &digest(&content)[..16]))
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

#[cfg(test)]
#[path = "plan/refresh_tests.rs"]
mod refresh_tests;

#[cfg(test)]
#[path = "plan/events_tests.rs"]
mod events_tests;

#[cfg(test)]
#[path = "plan/identity_tests.rs"]
mod identity_tests;

#[cfg(test)]
#[path = "plan/privilege_tests.rs"]
mod privilege_tests;

#[cfg(test)]
#[path = "plan/themes_tests.rs"]
mod themes_tests;
