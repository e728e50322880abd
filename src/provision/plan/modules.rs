//! A module's steps: its app through staging to production, and its scheduler task.

use super::Step;
use crate::domain::{ModuleKey, ScheduledReload};
use crate::store::Deployment;

/// Import, script, reload and publish: each step whose result the deployment does not hold
/// yet, and every later one, since each works on what the one before it made.
pub(super) fn app_steps(
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

/// The module's scheduler task made to hold `schedule`, or removed when it has none. A task
/// follows its published app: none recorded yet means the next publish makes a new one.
pub(super) fn refresh_steps(
    module: &ModuleKey,
    schedule: Option<ScheduledReload>,
    d: &Deployment,
    steps: &mut Vec<Step>,
) {
    match schedule {
        Some(schedule) => {
            let held = d.refresh_key.as_deref() == Some(schedule.key().as_str());
            if d.published_app_id.is_none() || d.refresh_task_id.is_none() || !held {
                steps.push(Step::RefreshSchedule {
                    module: module.clone(),
                    schedule,
                });
            }
        }
        None if d.refresh_task_id.is_some() => steps.push(Step::RemoveRefresh {
            module: module.clone(),
        }),
        None => {}
    }
}
