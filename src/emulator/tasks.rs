//! Tasks API (`/api/v1/tasks`, @qlik/api 2.19.0 `tasks.d.ts`): scheduled app reloads. A task
//! holds one `app.reload` action and an RRULE schedule (see `schedule`); the `scheduler` fires
//! it on the emulator's clock, and each firing is a run (see `runs`) following a reload queued
//! through the Reloads API's own path.

pub mod runs;
pub mod schedule;
pub mod scheduler;
mod spec;

use super::auth::{TENANT_ADMIN, TenantCaller};
use super::call::TenantCall;
use super::collection::{Collection, Exactly, Listing, Order, Scope, Selector, find, held_in};
use super::error::{QlikError, Result, TASKS_PREFIX};
use super::ids;
use super::paging::{Paging, Query};
use super::state::{EmuTask, EmuTenant, World};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{self, Path};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

/// A Tasks API error: `context` is the operation (`CreateTask`), answered in the Tasks
/// envelope (numeric `code`).
pub fn error(status: StatusCode, context: &str, message: impl Into<String>) -> QlikError {
    QlikError::of_status(status, &format!("{TASKS_PREFIX}{context}")).detail(message)
}

/// Tasks: default page 10, at most 100, cursor `page` (range and default UNCONFIRMED).
pub const PAGING: Paging = Paging {
    default: 10,
    max: 100,
    zero_means_default: false,
    cursor: "page",
    code: "TASKS-GetTasks",
};

/// The tenant's tasks the caller may see: a tenant admin sees all, others the tasks they own
/// or whose app they may open (UNCONFIRMED: Qlik says "the tasks that the requesting user has
/// access to").
pub struct Tasks;

impl Collection for Tasks {
    type Item = EmuTask;

    held_in!(tasks);

    fn missing(id: &str) -> QlikError {
        error(
            StatusCode::NOT_FOUND,
            "GetTask",
            format!("task {id} not found"),
        )
    }
    fn render(task: &EmuTask, at: &Scope) -> Value {
        to_json(task, &at.tenant.id)
    }
    fn visible(task: &EmuTask, at: &Scope) -> bool {
        sees(at.tenant, &at.caller.user_id, task)
    }
    /// A deleted task stops (the scheduler no longer finds it) and its runs go with it
    /// (UNCONFIRMED: whether Qlik keeps a deleted task's runs).
    fn deleted(world: &mut World, tenant_id: &str, task: EmuTask) {
        if let Some(tenant) = world.tenants.get_mut(tenant_id) {
            tenant.task_runs.retain(|_, run| run.task_id != task.id);
        }
    }
}

impl Listing for Tasks {
    const PAGING: Paging = PAGING;
    const PATH: &'static str = "/api/v1/tasks";

    fn selector(query: &Query) -> Result<Selector<EmuTask>, QlikError> {
        let resource = Exactly::param(query, "resourceId");
        Ok(Box::new(move |t, _| resource.admits(&t.app_id)))
    }
    fn order(query: &Query) -> Result<Option<Order<EmuTask>>, QlikError> {
        let sort = query.get("sort").map_or("-updatedAt", String::as_str);
        let key: fn(&EmuTask) -> DateTime<Utc> = match &sort[1.min(sort.len())..] {
            "createdAt" => |t| t.created_at,
            "updatedAt" => |t| t.updated_at,
            _ => return Err(bad_sort(sort)),
        };
        match sort.as_bytes().first() {
            Some(b'+') => Ok(Some(Box::new(move |a, b| key(a).cmp(&key(b))))),
            Some(b'-') => Ok(Some(Box::new(move |a, b| key(b).cmp(&key(a))))),
            _ => Err(bad_sort(sort)),
        }
    }
}

fn bad_sort(sort: &str) -> QlikError {
    let message =
        format!("sort {sort:?} is not one of +createdAt, -createdAt, +updatedAt, -updatedAt");
    error(StatusCode::BAD_REQUEST, "GetTasks", message)
}

/// Whether `user_id` may see `task`.
fn sees(tenant: &EmuTenant, user_id: &str, task: &EmuTask) -> bool {
    task.owner_id == user_id
        || tenant.has_role(user_id, TENANT_ADMIN)
        || tenant
            .apps
            .get(&task.app_id)
            .is_some_and(|a| tenant.can_view(user_id, a))
}

/// `TaskMetadata` as the service fills it. UNCONFIRMED: `orchestration.type` and
/// `trigger.type` (0–3 undocumented; 0 here).
pub fn metadata(task: &EmuTask, tenant_id: &str) -> Value {
    let mut meta = json!({
        "createdAt": task.created_at, "updatedAt": task.updated_at,
        "createdBy": task.created_by, "ownerId": task.owner_id, "tenantId": tenant_id,
        "usage": task.usage,
        "orchestration": { "id": task.orchestration_id, "type": 0 },
        "trigger": { "id": task.trigger_id, "type": 0 },
    });
    if let Some(space) = &task.space_id {
        meta["spaceId"] = json!(space);
    }
    if let Some(from) = &task.migrated_from {
        meta["migratedFrom"] = json!(from);
    }
    meta
}

/// A `Task`: the client's body as written, with what the service sets.
fn to_json(task: &EmuTask, tenant_id: &str) -> Value {
    let mut body = task.spec.clone();
    body["id"] = json!(task.id);
    body["resourceId"] = json!(task.app_id);
    body["enabled"] = json!(task.enabled);
    body["metadata"] = metadata(task, tenant_id);
    body
}

/// Checks `body` for `caller` and writes it into `task` (a new one or a copy, kept only on
/// success) at the emulated now: the app must be one the caller may reload (403 otherwise, as
/// "the app does not exist, is not accessible"); the schedule's next occurrence is computed
/// afresh.
fn apply(
    world: &World,
    caller: &TenantCaller,
    body: &[u8],
    context: &str,
    task: &mut EmuTask,
) -> Result<(), QlikError> {
    spec::parse(body, task).map_err(|m| error(StatusCode::BAD_REQUEST, context, m))?;
    let tenant = world.tenant(&caller.tenant_id)?;
    let app = tenant
        .apps
        .get(&task.app_id)
        .filter(|a| {
            tenant.has_role(&caller.user_id, TENANT_ADMIN) || tenant.can_view(&caller.user_id, a)
        })
        .filter(|a| a.distributed.is_none());
    let Some(app) = app else {
        let message = format!("the app {} does not exist, is not accessible", task.app_id);
        return Err(error(StatusCode::FORBIDDEN, context, message));
    };
    let now = world.clock.now();
    task.next_at = if task.enabled {
        schedule::next_after(&task.schedule, task.created_at, now)
            .map_err(|m| error(StatusCode::BAD_REQUEST, context, m))?
    } else {
        None
    };
    task.space_id = app.space_id.clone();
    // `updateTask`: "If the task is owned by another user, ownership will be transferred to
    // the requesting user."
    task.owner_id = caller.user_id.clone();
    task.updated_at = now;
    Ok(())
}

/// `POST /api/v1/tasks` → 201 `Task`; `migrateFrom` is kept as `metadata.migratedFrom`.
pub async fn create(
    call: TenantCall,
    extract::Query(query): extract::Query<Query>,
    body: Bytes,
) -> Result<Response> {
    let mut world = call.lock();
    let now = world.clock.now();
    let mut task = EmuTask {
        id: ids::guid(),
        spec: Value::Null,
        name: String::new(),
        enabled: false,
        app_id: String::new(),
        partial: false,
        variables: Default::default(),
        action_id: String::new(),
        owner_id: call.user_id.clone(),
        created_by: call.user_id.clone(),
        space_id: None,
        usage: String::new(),
        migrated_from: query.get("migrateFrom").filter(|m| !m.is_empty()).cloned(),
        orchestration_id: ids::guid(),
        trigger_id: ids::guid(),
        created_at: now,
        updated_at: now,
        schedule: Default::default(),
        next_at: None,
    };
    apply(&world, &call, &body, "CreateTask", &mut task)?;
    let body = Json(to_json(&task, &call.tenant_id));
    world
        .tenant_mut(&call.tenant_id)?
        .tasks
        .insert(task.id.clone(), task);
    Ok((StatusCode::CREATED, body).into_response())
}

/// `PUT /api/v1/tasks/{id}` → 200 `Task`: the whole task replaced, its schedule re-evaluated.
pub async fn update(call: TenantCall, Path(id): Path<String>, body: Bytes) -> Result<Json<Value>> {
    let mut world = call.lock();
    let mut task = find::<Tasks>(&Scope::new(&world, &call, &[])?, &id)
        .map_err(|_| {
            error(
                StatusCode::NOT_FOUND,
                "UpdateTask",
                format!("task {id} not found"),
            )
        })?
        .clone();
    apply(&world, &call, &body, "UpdateTask", &mut task)?;
    let answer = to_json(&task, &call.tenant_id);
    world.tenant_mut(&call.tenant_id)?.tasks.insert(id, task);
    Ok(Json(answer))
}
