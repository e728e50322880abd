//! Reloads API: `POST /api/v1/reloads` queues a reload (201, QUEUED) that runs in the
//! background — RELOADING, then SUCCEEDED or FAILED with a Qlik-like log — executing the
//! app's load script (see `load_script`) and storing the tables as the app's data.

use super::auth::TenantCaller;
use super::error::QlikError;
use super::load_script::run_script;
use super::state::EmuReload;
use super::{EmuState, ids};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::Utc;
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReloadRequest {
    app_id: String,
    #[serde(default)]
    partial: bool,
    #[serde(default)]
    variables: HashMap<String, String>,
}

fn err(status: StatusCode, code: &str, detail: impl Into<String>) -> QlikError {
    QlikError::new(status, code, status.canonical_reason().unwrap_or("Error")).detail(detail)
}

fn to_json(r: &EmuReload, tenant_id: &str, with_log: bool) -> Value {
    let mut body = json!({
        "id": r.id, "appId": r.app_id, "tenantId": tenant_id, "userId": r.user_id,
        "type": "external", "status": r.status, "partial": r.partial, "weight": 1,
        "creationTime": r.creation_time, "startTime": r.start_time, "endTime": r.end_time,
        "links": { "self": { "href": format!("/api/v1/reloads/{}", r.id) } },
    });
    if with_log {
        body["log"] = json!(r.log);
    }
    if let Some(code) = &r.error_code {
        body["errorCode"] = json!(code);
        body["errorMessage"] = json!(r.error_message);
    }
    body
}

fn validate_variables(vars: &HashMap<String, String>) -> Result<(), QlikError> {
    if vars.len() > 20 {
        return Err(err(
            StatusCode::BAD_REQUEST,
            "RELOADS-002",
            "at most 20 variables are allowed",
        ));
    }
    match vars.iter().find(|(k, v)| k.len() > 256 || v.len() > 256) {
        Some((k, _)) => Err(err(
            StatusCode::BAD_REQUEST,
            "RELOADS-002",
            format!("variable {k:?} is longer than 256 characters"),
        )),
        None => Ok(()),
    }
}

/// `POST /api/v1/reloads` → 201 `Reload` (QUEUED); 429 while another reload of the app is
/// pending.
pub async fn create(
    State(state): State<EmuState>,
    caller: TenantCaller,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), QlikError> {
    let req: ReloadRequest = QlikError::parse_json(&body, "RELOADS-001")?;
    validate_variables(&req.variables)?;
    let reload = {
        let mut world = state.lock();
        let tenant = world
            .tenant_mut(&caller.tenant_id)
            .ok_or_else(|| err(StatusCode::NOT_FOUND, "RELOADS-004", "tenant not found"))?;
        let Some(app) = tenant.apps.get(&req.app_id) else {
            return Err(err(
                StatusCode::NOT_FOUND,
                "RELOADS-004",
                format!("app {} not found", req.app_id),
            ));
        };
        if app.distributed.is_some() {
            return Err(err(
                StatusCode::FORBIDDEN,
                "RELOADS-003",
                super::sites::READ_ONLY,
            ));
        }
        let pending = tenant.reloads.values().any(|r| {
            r.app_id == req.app_id && ["QUEUED", "RELOADING"].contains(&r.status.as_str())
        });
        if pending {
            return Err(err(
                StatusCode::TOO_MANY_REQUESTS,
                "RELOADS-013",
                "a pending reload request already exists for this app",
            ));
        }
        let reload = EmuReload {
            id: ids::hex24(),
            app_id: req.app_id,
            user_id: caller.user_id.clone(),
            status: "QUEUED".to_owned(),
            partial: req.partial,
            log: String::new(),
            error_code: None,
            error_message: None,
            creation_time: Utc::now(),
            start_time: None,
            end_time: None,
        };
        tenant.reloads.insert(reload.id.clone(), reload.clone());
        reload
    };
    tokio::spawn(execute(
        state,
        caller.tenant_id.clone(),
        reload.id.clone(),
        req.variables,
    ));
    Ok((
        StatusCode::CREATED,
        Json(to_json(&reload, &caller.tenant_id, false)),
    ))
}

/// Runs a queued reload to its end state.
async fn execute(
    state: EmuState,
    tenant_id: String,
    reload_id: String,
    variables: HashMap<String, String>,
) {
    let prepared = {
        let mut world = state.lock();
        let delay = std::time::Duration::from_millis(world.config.knobs.reload_ms);
        let inject_failure = world.config.knobs.fail_reloads;
        let Some(tenant) = world.tenant_mut(&tenant_id) else {
            return;
        };
        let connections: HashMap<String, String> = tenant
            .data_connections
            .values()
            .map(|c| (c.name.clone(), super::data_connections::with_credentials(c)))
            .collect();
        let Some(reload) = tenant.reloads.get_mut(&reload_id) else {
            return;
        };
        reload.status = "RELOADING".to_owned();
        reload.start_time = Some(Utc::now());
        let app_id = reload.app_id.clone();
        tenant.apps.get(&app_id).map(|app| {
            (
                app.script.clone(),
                connections,
                app_id,
                delay,
                inject_failure,
            )
        })
    };
    let Some((script, connections, app_id, delay, inject_failure)) = prepared else {
        return;
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let outcome = if inject_failure {
        Err(super::load_script::RunError {
            message: "injected reload failure (emulator knob failReloads)".to_owned(),
            log: "Error: injected reload failure\nExecution Failed\n".to_owned(),
        })
    } else {
        run_script(&script, &connections, &variables).await
    };
    let mut world = state.lock();
    world.revision += 1;
    let Some(tenant) = world.tenant_mut(&tenant_id) else {
        return;
    };
    let tables = match outcome {
        Ok((tables, log)) => {
            finish(tenant.reloads.get_mut(&reload_id), "SUCCEEDED", log, None);
            tables
        }
        Err(failure) => {
            finish(
                tenant.reloads.get_mut(&reload_id),
                "FAILED",
                failure.log,
                Some(failure.message),
            );
            return;
        }
    };
    if let Some(app) = tenant.apps.get_mut(&app_id) {
        app.data = tables;
        app.modified = Utc::now();
    }
}

fn finish(reload: Option<&mut EmuReload>, status: &str, log: String, error: Option<String>) {
    if let Some(reload) = reload {
        reload.status = status.to_owned();
        reload.log = log;
        reload.end_time = Some(Utc::now());
        if let Some(message) = error {
            reload.error_code = Some("RELOADS-011".to_owned());
            reload.error_message = Some(message);
        }
    }
}

/// `GET /api/v1/reloads/{reloadId}` → 200 `Reload` (with its log).
pub async fn get(
    State(state): State<EmuState>,
    caller: TenantCaller,
    Path(reload_id): Path<String>,
) -> Result<Json<Value>, QlikError> {
    let world = state.lock();
    world
        .tenants
        .get(&caller.tenant_id)
        .and_then(|t| t.reloads.get(&reload_id))
        .map(|r| Json(to_json(r, &caller.tenant_id, true)))
        .ok_or_else(|| err(StatusCode::NOT_FOUND, "RELOADS-004", "reload not found"))
}

/// `GET /api/v1/reloads?appId=&log=` → 200 `{data, links}`, newest first.
pub async fn list(
    State(state): State<EmuState>,
    caller: TenantCaller,
    Query(q): Query<HashMap<String, String>>,
) -> Json<Value> {
    let with_log = q.get("log").is_some_and(|v| v == "true");
    let world = state.lock();
    let mut data: Vec<&EmuReload> = world
        .tenants
        .get(&caller.tenant_id)
        .map(|t| {
            t.reloads
                .values()
                .filter(|r| q.get("appId").is_none_or(|a| &r.app_id == a))
                .collect()
        })
        .unwrap_or_default();
    data.sort_by_key(|r| std::cmp::Reverse(r.creation_time));
    let data: Vec<Value> = data
        .into_iter()
        .map(|r| to_json(r, &caller.tenant_id, with_log))
        .collect();
    Json(json!({ "data": data, "links": { "self": { "href": "/api/v1/reloads" } } }))
}
