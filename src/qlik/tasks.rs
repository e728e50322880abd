//! The tasks API (`/api/v1/tasks`, `@qlik/api` 2.19.0 `tasks`): a scheduler task per module
//! that reloads the customer's published app on a recurrence rule. The body is the one Qlik's
//! "Migrate reload tasks to the new Tasks API" guide gives (spec version 0.8, one event state
//! calling `app.reload`); the deprecated `reload-tasks` API is not used (see README).

use super::TenantApi;
use super::error::QlikError;
use crate::domain::spread::schedule_key;
use crate::domain::{AppId, ScheduledReload, SpaceId, TaskId};
use serde::Deserialize;
use serde_json::{Value, json};

/// The Serverless Workflow version Qlik's guide sends.
const SPEC_VERSION: &str = "0.8";
/// The state (and `start.stateName`) of an oem-hub reload task.
const STATE: &str = "reload";

/// The parts of a `Task` oem-hub reads back.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    pub id: TaskId,
    pub name: String,
    /// `enabled?: boolean`; a task made without it stays disabled.
    #[serde(default)]
    pub enabled: bool,
    /// Computed by Qlik from the states: the app the task reloads.
    pub resource_id: Option<String>,
    pub start: Option<Start>,
    /// The states; oem-hub reads the reload's `arguments.variables` back from them.
    #[serde(default)]
    pub states: Vec<serde_json::Value>,
}

/// `Startdef`.
#[derive(Debug, Clone, Deserialize)]
pub struct Start {
    pub schedule: Option<ScheduleDef>,
}

/// `Schedule = string | {cron?, interval?, recurrence?, startDateTime?, timezone?, …}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ScheduleDef {
    Text(String),
    Object(ScheduleObject),
}

/// The object form of `Schedule`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleObject {
    pub recurrence: Option<String>,
    /// Qlik's default is UTC.
    pub timezone: Option<String>,
    pub start_date_time: Option<String>,
}

impl Task {
    fn schedule(&self) -> Option<&ScheduleObject> {
        match self.start.as_ref()?.schedule.as_ref()? {
            ScheduleDef::Object(o) => Some(o),
            ScheduleDef::Text(_) => None,
        }
    }

    /// `ScheduledReload::key()` of what this task holds, if it is an enabled schedule of
    /// `app`; `None` for anything else (disabled, another app, no recurrence).
    pub fn schedule_key(&self, app: &AppId) -> Option<String> {
        let s = self.schedule()?;
        let hour = s
            .start_date_time
            .as_deref()
            .and_then(|t| t.get(11..13))
            .and_then(|h| h.parse::<u8>().ok())
            .unwrap_or(0);
        let zone = s.timezone.as_deref().unwrap_or("UTC");
        let ours = self.enabled && self.resource_id.as_deref() == Some(app.as_str());
        let recurrence = s.recurrence.as_deref().filter(|_| ours)?;
        Some(schedule_key(recurrence, zone, hour, &self.variables()))
    }

    /// The reload-time variables the task's reload action passes.
    fn variables(&self) -> std::collections::BTreeMap<String, String> {
        let arguments = &self.states.first().map(|s| {
            s["onEvents"][0]["actions"][0]["functionRef"]["arguments"]["variables"].clone()
        });
        arguments
            .clone()
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default()
    }

    /// The date part (`YYYY-MM-DD`) of the task's `startDateTime`, kept when it is updated.
    pub fn start_date(&self) -> Option<String> {
        let date = self.schedule()?.start_date_time.as_deref()?.get(..10)?;
        Some(date.to_owned())
    }
}

/// The body of a task that reloads `app` in `space` on `schedule`, starting on `start_date`
/// (`YYYY-MM-DD` in the schedule's zone).
pub fn reload_task(
    name: &str,
    app: &AppId,
    space: &SpaceId,
    schedule: &ScheduledReload,
    start_date: &str,
) -> Value {
    json!({
        "name": name,
        "specVersion": SPEC_VERSION,
        "enabled": true,
        "metadata": { "spaceId": space, "usage": "ANALYTICS" },
        "start": {
            "stateName": STATE,
            "schedule": {
                "recurrence": schedule.recurrence,
                "startDateTime": format!("{start_date}T{:02}:00:00", schedule.start_hour),
                "timezone": schedule.time_zone,
            },
        },
        "states": [{
            "name": STATE,
            "type": "event",
            "onEvents": [{
                "eventRefs": [],
                "actions": [{
                    "name": "reload-action",
                    "functionRef": {
                        "refName": "app.reload",
                        "arguments": arguments(app, schedule),
                    },
                }],
            }],
            "end": true,
        }],
    })
}

/// The reload action's arguments: the app, and the template's reload-time variables when it
/// has any (UNCONFIRMED: `arguments` is `unknown` in 2.19.0; `variables` as `POST /reloads`).
fn arguments(app: &AppId, schedule: &ScheduledReload) -> Value {
    let mut arguments = json!({ "appId": app, "partial": false });
    if !schedule.variables.is_empty() {
        arguments["variables"] = json!(schedule.variables);
    }
    arguments
}

impl TenantApi<'_> {
    /// `POST /api/v1/tasks` → 201 `Task`.
    pub async fn create_task(self, body: &Value) -> Result<Task, QlikError> {
        self.post("/api/v1/tasks", body).await
    }

    /// `GET /api/v1/tasks/{id}`.
    pub async fn get_task(self, id: &TaskId) -> Result<Task, QlikError> {
        self.get(&format!("/api/v1/tasks/{id}")).await
    }

    /// `PUT /api/v1/tasks/{id}` with the whole definition → 200 `Task`.
    pub async fn update_task(self, id: &TaskId, body: &Value) -> Result<Task, QlikError> {
        self.put(&format!("/api/v1/tasks/{id}"), body).await
    }

    /// `DELETE /api/v1/tasks/{id}` (204).
    pub async fn delete_task(self, id: &TaskId) -> Result<(), QlikError> {
        self.delete(&format!("/api/v1/tasks/{id}")).await
    }

    /// `GET /api/v1/tasks?resourceId={app}`, all pages: the tasks that reload `app`.
    pub async fn list_tasks(self, app: &AppId) -> Result<Vec<Task>, QlikError> {
        let path = format!("/api/v1/tasks?resourceId={app}&limit=100");
        self.list_all(&path).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::TimeZone;

    fn schedule() -> ScheduledReload {
        ScheduledReload {
            recurrence: "RRULE:FREQ=DAILY;BYHOUR=2;BYMINUTE=37;BYSECOND=12".to_owned(),
            time_zone: TimeZone::parse("Europe/Berlin").expect("zone"),
            start_hour: 0,
            variables: [("region".to_owned(), "North".to_owned())].into(),
        }
    }

    #[test]
    fn a_task_read_back_has_the_key_it_was_made_with() {
        let app = AppId::parse("app-1").expect("app");
        let space = SpaceId::parse("space-1").expect("space");
        let mut body = reload_task(
            "oem-hub refresh sales",
            &app,
            &space,
            &schedule(),
            "2026-12-02",
        );
        body["id"] = json!("67ffd32c08e939e2f3a31184");
        body["resourceId"] = json!("app-1");
        let task: Task = serde_json::from_value(body).expect("decodes");
        assert_eq!(task.schedule_key(&app), Some(schedule().key()));
        assert_eq!(task.start_date().as_deref(), Some("2026-12-02"));
        let other = AppId::parse("app-2").expect("app");
        assert_eq!(task.schedule_key(&other), None, "another app's task");
        let disabled = Task {
            enabled: false,
            ..task
        };
        assert_eq!(
            disabled.schedule_key(&app),
            None,
            "a disabled task holds no schedule"
        );
    }

    #[test]
    fn a_string_schedule_or_none_is_no_schedule() {
        let app = AppId::parse("a").expect("app");
        for start in [json!({"schedule": "R/PT1H"}), json!({}), Value::Null] {
            let task: Task = serde_json::from_value(json!({
                "id": "t1", "name": "n", "enabled": true, "resourceId": "a", "start": start
            }))
            .expect("decodes");
            assert_eq!(task.schedule_key(&app), None);
        }
    }
}
