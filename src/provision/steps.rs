//! Executes one planned step. Every step looks up before it creates (where Qlik allows) and
//! records its outputs immediately, so running it again after a crash is harmless.

mod access;
mod apps;
mod events;
mod oauth;
mod observe;
mod privilege;
mod refresh;
mod tenant;
mod themes;

pub(crate) use observe::observe;

use super::step_context::Run;
use super::{ProvisionError, Step};

/// Runs `run.step` against the tenant and records its outputs.
pub(crate) async fn execute(run: &mut Run<'_>) -> Result<(), ProvisionError> {
    match run.step.clone() {
        Step::CreateTenant => tenant::create(run).await,
        Step::NameTenant { name } => tenant::name(run, &name).await,
        Step::CheckBotUser => tenant::check_bot(run).await,
        Step::JwtIdentityProvider { key_id, .. } => tenant::identity_provider(run, &key_id).await,
        Step::WebIntegration { origins } => access::web_integration(run, &origins).await,
        Step::CspOrigins { origins } => access::csp_origins(run, &origins).await,
        Step::StagingSpace => access::space(run, false).await,
        Step::ProductionSpace => access::space(run, true).await,
        Step::Group { name } => access::group(run, &name).await,
        Step::AssignGroup { group, role } => access::assign(run, &group, role).await,
        Step::DataConnection => access::data_connection(run).await,
        Step::ImportApp { module, version } => apps::import(run, &module, version).await,
        Step::SetScript { module, key } => apps::script(run, &module, &key).await,
        Step::Reload { module, key } => apps::reload(run, &module, &key).await,
        Step::Publish {
            module,
            key,
            version,
        } => apps::publish(run, &module, &key, version).await,
        Step::RemoveModule { module } => apps::remove(run, &module).await,
        Step::UnassignGroup { group } => access::unassign(run, &group).await,
        Step::RemoveDataConnection => access::remove_data_connection(run).await,
        Step::ImpersonationClient { origins } => oauth::impersonation_client(run, &origins).await,
        Step::RemoveImpersonationClient => oauth::remove(run).await,
        Step::RefreshSchedule { module, schedule } => {
            refresh::schedule(run, &module, &schedule).await
        }
        Step::RemoveRefresh { module } => refresh::remove(run, &module).await,
        Step::ReloadWebhook { url } => events::reload_webhook(run, &url).await,
        Step::RemoveReloadWebhook => events::remove(run).await,
        Step::Privilege { change } => privilege::apply(run, &change).await,
        Step::Theme { name, sha256 } => themes::upload(run, &name, &sha256).await,
        Step::RemoveTheme { name } => themes::remove(run, &name).await,
    }
}

/// True for a Qlik "not found", which deletions treat as already done.
pub(crate) fn is_not_found(err: &crate::qlik::QlikError) -> bool {
    err.status() == Some(404)
}

/// A Qlik answer in which "not found" is an answer: `None` for a 404 (a deletion already
/// done, an object removed by hand), the error for any other failure.
pub(crate) trait OrAbsent<T> {
    fn or_absent(self) -> Result<Option<T>, crate::qlik::QlikError>;
}

impl<T> OrAbsent<T> for Result<T, crate::qlik::QlikError> {
    fn or_absent(self) -> Result<Option<T>, crate::qlik::QlikError> {
        match self {
            Ok(value) => Ok(Some(value)),
            Err(e) if is_not_found(&e) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// True for a Qlik "already exists".
pub(crate) fn is_conflict(err: &crate::qlik::QlikError) -> bool {
    err.status() == Some(409)
}
