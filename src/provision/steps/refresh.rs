//! Refresh steps: the scheduler task that reloads a module's published app on the customer's
//! schedule, found by id (or by name when its id was lost), updated in place or made anew.

use super::super::ProvisionError;
use super::super::step_context::Run;
use super::OrAbsent;
use crate::domain::{ModuleKey, ScheduledReload};
use crate::qlik::{Task, reload_task};
use crate::store::Deployment;

/// The name of a module's task on the tenant (one per published app).
pub(crate) fn task_name(module: &ModuleKey) -> String {
    format!("oem-hub refresh {module}")
}

fn deployment<'r>(run: &'r mut Run<'_>, module: &ModuleKey) -> &'r mut Deployment {
    run.observed.deployments.entry(module.clone()).or_default()
}

/// Today in the schedule's zone, `YYYY-MM-DD`: a new task's first day.
fn today_in(schedule: &ScheduledReload) -> String {
    let now = chrono::Utc::now();
    match schedule.time_zone.as_str().parse::<chrono_tz::Tz>() {
        Ok(zone) => now.with_timezone(&zone).date_naive().to_string(),
        Err(_) => now.date_naive().to_string(),
    }
}

/// Makes the module's task hold `schedule`.
pub(super) async fn schedule(
    run: &mut Run<'_>,
    module: &ModuleKey,
    schedule: &ScheduledReload,
) -> Result<(), ProvisionError> {
    let label = run.step.label();
    let d = deployment(run, module).clone();
    let app = d
        .published_app_id
        .ok_or_else(|| ProvisionError::step(&label, "no published app recorded"))?;
    let space = run
        .observed
        .production_space_id
        .clone()
        .ok_or_else(|| ProvisionError::step(&label, "no production space recorded"))?;
    let name = task_name(module);
    let existing: Option<Task> = match &d.refresh_task_id {
        Some(id) => run.tenant()?.get_task(id).await.or_absent()?,
        None => None,
    };
    // Not recorded (or gone): an earlier create whose answer was lost is found by its name.
    let existing = match existing {
        Some(task) => Some(task),
        None => run
            .tenant()?
            .list_tasks(&app)
            .await?
            .into_iter()
            .find(|t| t.name == name),
    };
    let start = existing
        .as_ref()
        .and_then(Task::start_date)
        .unwrap_or_else(|| today_in(schedule));
    let body = reload_task(&name, &app, &space, schedule, &start);
    let task = match existing {
        Some(task) => run.tenant()?.update_task(&task.id, &body).await?,
        None => run.tenant()?.create_task(&body).await?,
    };
    run.after_call().await;
    let d = deployment(run, module);
    d.refresh_task_id = Some(task.id);
    d.refresh_key = Some(schedule.key());
    run.save().await
}

/// Deletes the module's task (already gone counts as done).
pub(super) async fn remove(run: &mut Run<'_>, module: &ModuleKey) -> Result<(), ProvisionError> {
    delete_task(run, module).await?;
    run.save().await
}

/// Deletes the recorded task, if any, and forgets it (the caller saves).
pub(super) async fn delete_task(
    run: &mut Run<'_>,
    module: &ModuleKey,
) -> Result<(), ProvisionError> {
    if let Some(id) = deployment(run, module).refresh_task_id.clone() {
        let tenant = run.tenant()?;
        tenant.delete_task(&id).await.or_absent()?;
        run.after_call().await;
    }
    let d = deployment(run, module);
    d.refresh_task_id = None;
    d.refresh_key = None;
    Ok(())
}
