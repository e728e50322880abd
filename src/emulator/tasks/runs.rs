//! Task runs: `GET /api/v1/tasks/{id}/runs`, `…/runs/last`, `…/runs/{runId}/log`,
//! `GET /api/v1/tasks/resources/{id}/runs` (`OrchRun`, `OrchRunList`), and starting a run on
//! request (`POST /api/v1/tasks/{id}/actions/start`).

use super::scheduler::{WORKER_TYPE, fire};
use super::{PAGING, Tasks, error, sees};
use crate::emulator::call::TenantCall;
use crate::emulator::collection::{
    Collection, Listing, Order, Scope, find, held_in, parent, parent_visible,
};
use crate::emulator::error::{QlikError, Result};
use crate::emulator::paging::{Paging, Query};
use crate::emulator::state::EmuTaskRun;
use axum::Json;
use axum::extract::{self, Path};
use axum::http::StatusCode;
use serde_json::{Value, json};
use std::cmp::Ordering;
use std::marker::PhantomData;

/// An `OrchRun`.
fn to_json(run: &EmuTaskRun) -> Value {
    let mut body = json!({
        "id": run.id, "taskId": run.task_id, "taskName": run.task_name,
        "taskMeta": run.task_meta, "actionId": run.action_id, "resourceId": run.resource_id,
        "status": run.status, "triggeredBy": run.triggered_by, "workerId": run.reload_id,
        "workerType": WORKER_TYPE, "executedAs": run.executed_as, "startedAt": run.started_at,
    });
    if let Some(ended) = run.ended_at {
        body["endedAt"] = json!(ended);
    }
    if let Some(log) = &run.log {
        body["log"] = json!(log);
    }
    body
}

fn missing_run(id: &str) -> QlikError {
    error(
        StatusCode::NOT_FOUND,
        "GetTaskRuns",
        format!("task run {id} not found"),
    )
}

/// The runs' order for `sort` (default `-startedAt`), as `getTaskRuns` lists the keys.
fn order(query: &Query) -> Result<Option<Order<EmuTaskRun>>, QlikError> {
    let sort = query.get("sort").map_or("-startedAt", String::as_str);
    let by: fn(&EmuTaskRun, &EmuTaskRun) -> Ordering = match &sort[1.min(sort.len())..] {
        "startedAt" => |a, b| a.started_at.cmp(&b.started_at),
        "endedAt" => |a, b| a.ended_at.cmp(&b.ended_at),
        "status" => |a, b| format!("{:?}", a.status).cmp(&format!("{:?}", b.status)),
        "taskId" => |a, b| a.task_id.cmp(&b.task_id),
        "actionId" => |a, b| a.action_id.cmp(&b.action_id),
        _ => return Err(bad_sort(sort)),
    };
    match sort.as_bytes().first() {
        Some(b'+') => Ok(Some(Box::new(by))),
        Some(b'-') => Ok(Some(Box::new(move |a, b| by(b, a)))),
        _ => Err(bad_sort(sort)),
    }
}

fn bad_sort(sort: &str) -> QlikError {
    let message = format!("sort {sort:?} is not a ± prefixed run key");
    error(StatusCode::BAD_REQUEST, "GetTaskRuns", message)
}

/// Runs listed under one parent: a task (`/tasks/{id}/runs`) or a resource the tasks reload
/// (`/tasks/resources/{id}/runs`). The lists differ only in what the parent is.
pub struct Runs<P>(PhantomData<P>);

/// What the runs of [`Runs`] are listed under.
pub trait RunParent: 'static {
    /// The operation its errors name (`TASKS-<operation>`).
    const CODE: &'static str;
    /// The path the parent's id follows.
    const PATH: &'static str;

    /// Refuses a parent the caller may not see.
    fn admit(_at: &Scope) -> Result<(), QlikError> {
        Ok(())
    }
    /// Whether `run` is one of the parent's, and one the caller may see.
    fn owns(run: &EmuTaskRun, at: &Scope) -> bool;
}

/// Runs of one task: a task the caller may not see is missing.
pub struct OfTask;

impl RunParent for OfTask {
    const CODE: &'static str = "TASKS-GetTaskRuns";
    const PATH: &'static str = "/api/v1/tasks";

    fn admit(at: &Scope) -> Result<(), QlikError> {
        parent_visible::<Tasks>(at)
    }
    fn owns(run: &EmuTaskRun, at: &Scope) -> bool {
        at.parents.first() == Some(&run.task_id)
    }
}

/// Runs of every task reloading one resource, among the tasks the caller may see; a resource
/// without runs lists none (UNCONFIRMED: no 404 for it).
pub struct OfResource;

impl RunParent for OfResource {
    const CODE: &'static str = "TASKS-GetTasksResourceRuns";
    const PATH: &'static str = "/api/v1/tasks/resources";

    fn owns(run: &EmuTaskRun, at: &Scope) -> bool {
        at.parents.first() == Some(&run.resource_id)
            && at
                .tenant
                .tasks
                .get(&run.task_id)
                .is_some_and(|t| sees(at.tenant, &at.caller.user_id, t))
    }
}

/// `GET /api/v1/tasks/{id}/runs`.
pub type TaskRuns = Runs<OfTask>;
/// `GET /api/v1/tasks/resources/{id}/runs`.
pub type ResourceRuns = Runs<OfResource>;

impl<P: RunParent> Collection for Runs<P> {
    type Item = EmuTaskRun;

    held_in!(task_runs);

    fn missing(id: &str) -> QlikError {
        missing_run(id)
    }
    fn render(run: &EmuTaskRun, _: &Scope) -> Value {
        to_json(run)
    }
    fn admit(at: &Scope, _: Option<&str>) -> Result<(), QlikError> {
        P::admit(at)
    }
    fn visible(run: &EmuTaskRun, at: &Scope) -> bool {
        P::owns(run, at)
    }
}

impl<P: RunParent> Listing for Runs<P> {
    const PAGING: Paging = Paging {
        code: P::CODE,
        ..PAGING
    };
    const PATH: &'static str = P::PATH;

    fn path(parents: &[String]) -> String {
        format!("{}/{}/runs", P::PATH, parent(parents))
    }
    fn order(query: &Query) -> Result<Option<Order<EmuTaskRun>>, QlikError> {
        order(query)
    }
}

/// The runs of task `id` the caller may see, newest first.
fn runs_of<'t>(at: &Scope<'t>, id: &str) -> Result<Vec<&'t EmuTaskRun>, QlikError> {
    find::<Tasks>(at, id)?;
    let mut runs: Vec<&EmuTaskRun> = at
        .tenant
        .task_runs
        .values()
        .filter(|r| r.task_id == id)
        .collect();
    runs.sort_by(|a, b| b.started_at.cmp(&a.started_at).then(b.id.cmp(&a.id)));
    Ok(runs)
}

/// `GET /api/v1/tasks/{id}/runs/last` → 200 the latest `OrchRun`; 404 before the first run
/// (UNCONFIRMED).
pub async fn last(call: TenantCall, Path(id): Path<String>) -> Result<Json<Value>> {
    let world = call.lock();
    let at = Scope::new(&world, &call, &[])?;
    let runs = runs_of(&at, &id).map_err(|_| not_found("GetLastTaskRun", &id))?;
    let run = runs.first().ok_or_else(|| {
        error(
            StatusCode::NOT_FOUND,
            "GetLastTaskRun",
            format!("task {id} has no runs"),
        )
    })?;
    Ok(Json(to_json(run)))
}

fn not_found(context: &str, task: &str) -> QlikError {
    error(
        StatusCode::NOT_FOUND,
        context,
        format!("task {task} not found"),
    )
}

/// `GET /api/v1/tasks/{id}/runs/{runId}/log` → 200 `{logContent}`: the reload's log (empty
/// while the reload runs).
pub async fn log(
    call: TenantCall,
    Path((id, run_id)): Path<(String, String)>,
) -> Result<Json<Value>> {
    let world = call.lock();
    let at = Scope::new(&world, &call, &[])?;
    let runs = runs_of(&at, &id).map_err(|_| not_found("GetTaskRunLog", &id))?;
    let run = runs.into_iter().find(|r| r.id == run_id).ok_or_else(|| {
        error(
            StatusCode::NOT_FOUND,
            "GetTaskRunLog",
            format!("task run {run_id} not found"),
        )
    })?;
    Ok(Json(
        json!({ "logContent": run.log.clone().unwrap_or_default() }),
    ))
}

/// `POST /api/v1/tasks/{id}/actions/start?source=` → 200: a run now, `triggeredBy` the
/// `source` ("manual" by default), whether or not the task is enabled (UNCONFIRMED: a
/// disabled task only stops its schedule). The answer is the `.d.ts`'s `{message?}` with the
/// other keys Qlik's migration guide shows (`status_code`, `code`, `context`, `timestamp`,
/// `value`).
pub async fn start(
    call: TenantCall,
    Path(id): Path<String>,
    extract::Query(query): extract::Query<Query>,
) -> Result<Json<Value>> {
    let source = query.get("source").filter(|s| !s.is_empty());
    let source = source.map_or("manual", String::as_str);
    let (now, job) = {
        let mut world = call.lock();
        find::<Tasks>(&Scope::new(&world, &call, &[])?, &id)
            .map_err(|_| not_found("StartTask", &id))?;
        let now = world.clock.now();
        let fired = fire(&mut world, &call.tenant_id, &id, source);
        (now, fired.and_then(|(_, job)| job))
    };
    if let Some(job) = job {
        job.start(call.state());
    }
    Ok(Json(json!({
        "message": "", "status_code": 200, "code": "CHO-000", "context": "StartTask",
        "timestamp": now, "value": null,
    })))
}
