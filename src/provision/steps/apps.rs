//! Module steps: import the template version into staging, set the customer's script, reload,
//! and publish (or republish, keeping the published id and so every embed URL stable).

use super::super::step_context::Run;
use super::super::{ProvisionError, script};
use super::OrAbsent;
use crate::domain::{AppId, ModuleKey};
use crate::qlik::ReloadStatus;
use crate::store::{Deployment, ModuleVersion};

fn deployment<'r>(run: &'r mut Run<'_>, module: &ModuleKey) -> &'r mut Deployment {
    run.observed.deployments.entry(module.clone()).or_default()
}

fn staging_name(module_name: &str, version: i64) -> String {
    format!("{module_name} (v{version})")
}

pub(super) async fn import(
    run: &mut Run<'_>,
    module: &ModuleKey,
    version: i64,
) -> Result<(), ProvisionError> {
    let label = run.step.label();
    let space = run
        .observed
        .staging_space_id
        .clone()
        .ok_or_else(|| ProvisionError::step(&label, "no staging space recorded"))?;
    let record = run.inner.store.get_module(module).await?;
    let target = run.inner.store.get_module_version(module, version).await?;
    let name = staging_name(&record.name, version);
    let found = run
        .tenant()?
        .list_apps(Some(&space))
        .await?
        .into_iter()
        .find(|item| item.name == name)
        .and_then(|item| item.resource_id);
    let app_id = match found {
        Some(id) => id,
        None => {
            let file = template_file(run, module, version, &target.template_app_id).await?;
            let app = run.tenant()?.import_app(&file, &name, Some(&space)).await?;
            run.after_call().await;
            app.attributes.id
        }
    };
    let d = deployment(run, module);
    let previous = d.staging_app_id.replace(app_id.clone());
    d.staged_version = Some(version);
    d.scripted_key = None;
    d.reload_id = None;
    d.reloaded_key = None;
    run.save().await?;
    // The previous version's staging copy is no longer needed (the published app is separate).
    if let Some(old) = previous.filter(|old| old != &app_id) {
        run.tenant()?.delete_app(&old).await.or_absent()?;
    }
    Ok(())
}

/// The template version's app file: exported from the source tenant, or from the cache.
async fn template_file(
    run: &Run<'_>,
    module: &ModuleKey,
    version: i64,
    template_app_id: &AppId,
) -> Result<std::sync::Arc<Vec<u8>>, ProvisionError> {
    let source = &run.inner.config.source_host;
    if !run.inner.config.cache_exports {
        return Ok(std::sync::Arc::new(
            run.client
                .tenant(source)
                .export_app(template_app_id)
                .await?,
        ));
    }
    // Held across the export so concurrent customers wait for one export, not start many.
    let mut cache = run.inner.exports.lock().await;
    if let Some(file) = cache.get(&(module.clone(), version)) {
        return Ok(file.clone());
    }
    let file = std::sync::Arc::new(
        run.client
            .tenant(source)
            .export_app(template_app_id)
            .await?,
    );
    cache.insert((module.clone(), version), file.clone());
    Ok(file)
}

fn staging_app(run: &mut Run<'_>, module: &ModuleKey) -> Result<AppId, ProvisionError> {
    let label = run.step.label();
    deployment(run, module)
        .staging_app_id
        .clone()
        .ok_or_else(|| ProvisionError::step(&label, "no staging app recorded"))
}

/// The template version staged for `module`, whose script and variables the app gets.
async fn staged_template(
    run: &Run<'_>,
    module: &ModuleKey,
) -> Result<ModuleVersion, ProvisionError> {
    let staged = run.observed.deployments.get(module);
    let version = staged.and_then(|d| d.staged_version).unwrap_or_default();
    Ok(run.inner.store.get_module_version(module, version).await?)
}

pub(super) async fn script(
    run: &mut Run<'_>,
    module: &ModuleKey,
    key: &str,
) -> Result<(), ProvisionError> {
    let app = staging_app(run, module)?;
    let target = staged_template(run, module).await?;
    let version = target.version;
    let admins: Vec<String> = run.observed.bot_subject.iter().cloned().collect();
    let rendered =
        script::render_module(&target.script_template, &run.customer.spec, module, &admins)
            .map_err(super::super::plan::PlanError::from)?;
    // Qlik's own syntax check first: a script it refuses is never stored on the app.
    let issues = run.tenant()?.validate_script(&rendered).await?;
    run.after_call().await;
    if let Some(error) = issues.first_error() {
        return Err(ProvisionError::permanent(
            &run.step.label(),
            format!("Qlik refused the rendered script of version {version}: {error}"),
        ));
    }
    run.tenant()?
        .set_script(&app, &rendered, &format!("oem-hub {key}"))
        .await?;
    run.after_call().await;
    let d = deployment(run, module);
    d.scripted_key = Some(key.to_owned());
    d.reloaded_key = None;
    run.save().await
}

/// Starts a reload (or resumes waiting for the recorded one) and waits for its end.
pub(super) async fn reload(
    run: &mut Run<'_>,
    module: &ModuleKey,
    key: &str,
) -> Result<(), ProvisionError> {
    let app = staging_app(run, module)?;
    let reload_id = match deployment(run, module).reload_id.clone() {
        Some(id) => id,
        None => {
            let target = staged_template(run, module).await?;
            let variables = script::variables(&target.variables, &run.customer.spec.params)
                .map_err(super::super::plan::PlanError::from)?;
            let reload = run.tenant()?.start_reload(&app, &variables).await?;
            deployment(run, module).reload_id = Some(reload.id.clone());
            run.save().await?;
            reload.id
        }
    };
    run.after_call().await;
    let poll = run.inner.config.reload_poll;
    let reload = loop {
        let reload = run.tenant()?.get_reload(&reload_id).await?;
        if reload.is_finished() {
            break reload;
        }
        if let ReloadStatus::Other(status) = &reload.status {
            tracing::warn!(%status, reload = %reload.id, "unknown reload status; still polling");
        }
        run.heartbeat().await?;
        tokio::time::sleep(poll).await;
    };
    let d = deployment(run, module);
    d.reload_id = None;
    if reload.status == ReloadStatus::Succeeded {
        d.reloaded_key = Some(key.to_owned());
        return run.save().await;
    }
    run.save().await?;
    if let Some(why) = reload.status.permanent_failure() {
        return Err(ProvisionError::Permanent {
            step: run.step.label(),
            reason: format!("reload {} ended {}: {why}", reload.id, reload.status),
        });
    }
    let reason = reload
        .error_message
        .or(reload
            .log
            .map(|log| log.lines().last().unwrap_or_default().to_owned()))
        .unwrap_or_default();
    Err(ProvisionError::step(
        &run.step.label(),
        format!("reload {} ended {}: {reason}", reload.id, reload.status),
    ))
}

/// Publishes the staging app, or republishes it over the existing published app.
pub(super) async fn publish(
    run: &mut Run<'_>,
    module: &ModuleKey,
    key: &str,
    version: i64,
) -> Result<(), ProvisionError> {
    let app = staging_app(run, module)?;
    let label = run.step.label();
    let space = run
        .observed
        .production_space_id
        .clone()
        .ok_or_else(|| ProvisionError::step(&label, "no production space recorded"))?;
    let module_name = run.inner.store.get_module(module).await?.name;
    let target = match deployment(run, module).published_app_id.clone() {
        Some(id) => Some(id),
        // Not recorded: an earlier publish whose answer was lost, or one of an older version.
        None => run
            .tenant()?
            .list_apps(Some(&space))
            .await?
            .into_iter()
            .find(|item| {
                let origin = item
                    .resource_attributes
                    .as_ref()
                    .and_then(|a| a.origin_app_id.as_ref());
                origin == Some(&app) || is_published_name(&item.name, &module_name)
            })
            .and_then(|item| item.resource_id),
    };
    let published = match target {
        Some(target) => run.tenant()?.republish_app_over(&app, &target).await?,
        None => run.tenant()?.publish_app(&app, &space).await?,
    };
    run.after_call().await;
    let d = deployment(run, module);
    d.published_app_id = Some(published.attributes.id);
    d.published_key = Some(key.to_owned());
    d.version = Some(version);
    run.save().await
}

/// True for the name a module's app is published under (`Sales (v3)`, from its staging name).
fn is_published_name(name: &str, module_name: &str) -> bool {
    name.strip_prefix(module_name)
        .and_then(|rest| rest.strip_prefix(" (v"))
        .and_then(|rest| rest.strip_suffix(')'))
        .is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
}

/// Deletes a disabled module's published and staging apps.
pub(super) async fn remove(run: &mut Run<'_>, module: &ModuleKey) -> Result<(), ProvisionError> {
    super::refresh::delete_task(run, module).await?;
    let d = deployment(run, module).clone();
    let tenant = run.tenant()?;
    for app in [d.published_app_id, d.staging_app_id].into_iter().flatten() {
        tenant.delete_app(&app).await.or_absent()?;
    }
    run.after_call().await;
    run.observed.deployments.remove(module);
    run.save().await
}

#[cfg(test)]
mod tests {
    #[test]
    fn published_names_table() {
        let cases = [
            ("Sales (v1)", true),
            ("Sales (v12)", true),
            ("Sales Pro (v1)", false),
            ("Sales", false),
            ("Sales (v)", false),
            ("Sales (vx)", false),
        ];
        for (name, want) in cases {
            assert_eq!(super::is_published_name(name, "Sales"), want, "{name}");
        }
    }
}
