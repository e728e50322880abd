//! The scheduler: every enabled task keeps its schedule's next occurrence (`EmuTask::next_at`,
//! emulated time); [`fire_due`] fires each task whose occurrence has come, after `POST /clock`
//! moves the clock and on the emulator's one-second background tick. A firing
//! ([`fire`]) is a run and a reload of the task's app queued as the task's owner.

use super::{metadata, schedule};
use crate::emulator::EmuState;
use crate::emulator::ids;
use crate::emulator::reloads;
use crate::emulator::state::{EmuTaskRun, RunStatus, World};
use std::collections::HashMap;

/// `triggeredBy` of a scheduled run (UNCONFIRMED: Qlik's value for its time triggers).
pub const TIME_SCHEDULE: &str = "time-schedule";

/// `workerType` of a run: the reload engine does the work, its reload id is `workerId`
/// (UNCONFIRMED value).
pub const WORKER_TYPE: &str = "reload-engine";

/// A queued reload to start once the world is unlocked.
#[derive(Debug)]
pub struct Job {
    tenant_id: String,
    reload_id: String,
    variables: HashMap<String, String>,
}

impl Job {
    /// Starts the reload (spawns its run).
    pub fn start(self, state: &EmuState) {
        reloads::start(state, &self.tenant_id, &self.reload_id, self.variables);
    }
}

/// Fires task `task_id` of tenant `tenant_id` now, as `triggered_by`: the new run, and the
/// reload to start. A reload that cannot be queued (one of the app is still pending, the app
/// is gone) fails the run at once with the Reloads API's reason as its log (UNCONFIRMED).
pub fn fire(
    world: &mut World,
    tenant_id: &str,
    task_id: &str,
    triggered_by: &str,
) -> Option<(EmuTaskRun, Option<Job>)> {
    let now = world.clock.now();
    let reload_ms = world.config.knobs.reload_ms;
    world.revision += 1;
    let tenant = world.tenants.get_mut(tenant_id)?;
    let task = tenant.tasks.get(task_id)?.clone();
    let queued = reloads::queue(
        tenant,
        reload_ms,
        &task.app_id,
        &task.owner_id,
        task.partial,
        "chronos",
    );
    let mut run = EmuTaskRun {
        id: ids::guid(),
        task_id: task.id.clone(),
        task_name: task.name.clone(),
        task_meta: metadata(&task, tenant_id),
        action_id: task.action_id.clone(),
        resource_id: task.app_id.clone(),
        status: RunStatus::Running,
        triggered_by: triggered_by.to_owned(),
        reload_id: String::new(),
        executed_as: task.owner_id.clone(),
        started_at: now,
        ended_at: None,
        log: None,
    };
    let job = match queued {
        Ok(reload) => {
            run.reload_id = reload.id.clone();
            Some(Job {
                tenant_id: tenant_id.to_owned(),
                reload_id: reload.id,
                variables: task.variables.into_iter().collect(),
            })
        }
        Err(refusal) => {
            run.status = RunStatus::Failed;
            run.ended_at = Some(now);
            run.log = Some(format!("{}\n", refusal.message(&task.app_id)));
            None
        }
    };
    tenant.task_runs.insert(run.id.clone(), run.clone());
    Some((run, job))
}

/// Fires every enabled task whose next occurrence is at or before the emulated now, once
/// each however many occurrences passed (see [`schedule::due`]), and moves its next
/// occurrence past now. Returns how many fired.
pub fn fire_due(state: &EmuState) -> usize {
    let fired: Vec<Option<Job>> = {
        let mut world = state.lock();
        let now = world.clock.now();
        let mut due = Vec::new();
        for (tenant_id, tenant) in &mut world.tenants {
            for task in tenant.tasks.values_mut().filter(|t| t.enabled) {
                // A schedule that no longer evaluates (it did when stored) stops firing.
                let (fires, next) =
                    schedule::due(&task.schedule, task.created_at, task.next_at, now)
                        .unwrap_or((false, None));
                task.next_at = next;
                if fires {
                    due.push((tenant_id.clone(), task.id.clone()));
                }
            }
        }
        due.iter()
            .filter_map(|(tenant, task)| fire(&mut world, tenant, task, TIME_SCHEDULE))
            .map(|(_, job)| job)
            .collect()
    };
    let count = fired.len();
    for job in fired.into_iter().flatten() {
        job.start(state);
    }
    count
}
