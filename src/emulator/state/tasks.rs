//! Tasks (the Tasks API's scheduled app reloads) and their runs in the emulator's world, and
//! how a run follows the reload it started to its end.

use super::EmuTenant;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// When a task fires: an RRULE evaluated in a time zone (`start.schedule` of the task).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    /// The RRULE, without its optional `RRULE:` prefix.
    pub recurrence: String,
    /// `startDateTime`, local time in `timezone`: the rule's DTSTART. Absent, the task's
    /// creation time is.
    pub start: Option<NaiveDateTime>,
    /// `endDateTime`, local time in `timezone`: no occurrence after it.
    pub end: Option<NaiveDateTime>,
    /// IANA time zone name (`UTC` when the task names none).
    pub timezone: String,
}

/// A task: one `app.reload` action started by a schedule or on request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EmuTask {
    pub id: String,
    /// The task as the client wrote it, less what the service sets (`id`, `resourceId`,
    /// `metadata`, `enabled`): answered back as written.
    pub spec: Value,
    pub name: String,
    pub enabled: bool,
    /// The reloaded app: the task's `resourceId`.
    pub app_id: String,
    pub partial: bool,
    /// Passed to the load script as `POST /api/v1/reloads` `variables` are.
    pub variables: BTreeMap<String, String>,
    /// The action's name: a run's `actionId`.
    pub action_id: String,
    /// Who the task runs as: the creator, or whoever last updated it.
    pub owner_id: String,
    pub created_by: String,
    pub space_id: Option<String>,
    pub usage: String,
    pub migrated_from: Option<String>,
    pub orchestration_id: String,
    pub trigger_id: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub schedule: Schedule,
    /// The schedule's next occurrence after the last firing (emulated time); `None` once the
    /// schedule has no more.
    pub next_at: Option<DateTime<Utc>>,
}

/// `OrchRun.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RunStatus {
    Running,
    Succeeded,
    Failed,
}

/// One run of a task: the reload it queued, followed to its end.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EmuTaskRun {
    pub id: String,
    pub task_id: String,
    pub task_name: String,
    /// The task's `metadata` when it ran (`OrchRun.taskMeta`).
    pub task_meta: Value,
    pub action_id: String,
    pub resource_id: String,
    pub status: RunStatus,
    pub triggered_by: String,
    /// The reload's id (`workerId`); empty when no reload could be queued.
    pub reload_id: String,
    pub executed_as: String,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    /// The reload's log, once it ended.
    pub log: Option<String>,
}

impl RunStatus {
    /// The run status for a reload status: `None` while the reload has not ended. Every end
    /// other than SUCCEEDED (FAILED, CANCELED, EXCEEDED_LIMIT) fails the run.
    pub fn of_reload(status: &str) -> Option<Self> {
        match status {
            "QUEUED" | "RELOADING" | "CANCELING" => None,
            "SUCCEEDED" => Some(Self::Succeeded),
            _ => Some(Self::Failed),
        }
    }
}

impl EmuTenant {
    /// Ends the running task run of reload `reload_id` (if any) as the reload ended, at `now`
    /// (emulated time): called wherever a reload reaches its end state.
    pub fn settle_task_run(&mut self, reload_id: &str, now: DateTime<Utc>) {
        let Some(reload) = self.reloads.get(reload_id) else {
            return;
        };
        let Some(status) = RunStatus::of_reload(&reload.status) else {
            return;
        };
        let run = self
            .task_runs
            .values_mut()
            .find(|r| r.reload_id == reload_id && r.status == RunStatus::Running);
        if let Some(run) = run {
            run.status = status;
            run.ended_at = Some(now);
            run.log = Some(reload.log.clone());
        }
    }
}
