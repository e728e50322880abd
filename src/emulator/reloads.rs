//! Reloads API: `POST /api/v1/reloads` queues a reload (201, QUEUED) that runs in the
//! background (see `run`), executing the app's load script and storing its tables; it can
//! be cancelled (see `cancel`).

mod cancel;
pub mod logs;
mod run;
mod sources;

pub use cancel::cancel;

use super::body::{Api, JsonBody};
use super::call::TenantCall;
use super::collection::{Collection, Exactly, Listing, Scope, Selector, held_in};
use super::error::{QlikError, Result};
use super::paging::{self, Paging, Query};
use super::state::{EmuReload, EmuTenant};
use super::{EmuState, ids};
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ReloadRequest {
    app_id: String,
    #[serde(default)]
    partial: bool,
    #[serde(default)]
    variables: HashMap<String, String>,
}

fn to_json(r: &EmuReload, tenant_id: &str, with_log: bool) -> Value {
    let mut body = json!({
        "id": r.id, "appId": r.app_id, "tenantId": tenant_id, "userId": r.user_id,
        "type": r.kind, "status": r.status, "partial": r.partial, "weight": 1,
        "creationTime": r.creation_time,
        "links": { "self": { "href": format!("/api/v1/reloads/{}", r.id) } },
    });
    // `startTime?: string`, `endTime?: string`: absent until the reload starts and ends.
    if let Some(start) = &r.start_time {
        body["startTime"] = json!(start);
    }
    if let Some(end) = &r.end_time {
        body["endTime"] = json!(end);
    }
    if with_log {
        body["log"] = json!(r.log);
    }
    if let Some(code) = &r.error_code {
        body["errorCode"] = json!(code);
        body["errorMessage"] = json!(r.error_message);
    }
    body
}

/// Qlik's limits on reload variables: at most 20, names and values at most 256 characters.
pub(super) fn validate_variables(vars: &HashMap<String, String>) -> Result<(), QlikError> {
    if vars.len() > 20 {
        return Err(QlikError::bad_request(
            "RELOADS-002",
            "at most 20 variables are allowed",
        ));
    }
    match vars.iter().find(|(k, v)| k.len() > 256 || v.len() > 256) {
        Some((k, _)) => Err(QlikError::bad_request(
            "RELOADS-002",
            format!("variable {k:?} is longer than 256 characters"),
        )),
        None => Ok(()),
    }
}

/// Why a reload could not be queued.
#[derive(Debug)]
pub(super) enum Refusal {
    /// No such app in the tenant.
    NoApp,
    /// The app is distributed from a client-managed site: read-only in the cloud.
    ReadOnly,
    /// A reload of the app is still pending; it should end in about this many seconds.
    Pending { retry_after: u64 },
}

impl Refusal {
    /// The reason, as the Reloads API words it.
    pub(super) fn message(&self, app_id: &str) -> String {
        match self {
            Self::NoApp => format!("app {app_id} not found"),
            Self::ReadOnly => super::sites::READ_ONLY.to_owned(),
            Self::Pending { .. } => PENDING.to_owned(),
        }
    }
}

const PENDING: &str = "a pending reload request already exists for this app";

/// Queues a reload of `app_id` in `tenant` as `user_id` (QUEUED), the one way reloads start
/// (`POST /api/v1/reloads` and task runs); [`start`] runs it once the world is unlocked.
/// `reload_ms` is the knob, for a pending reload's remaining time.
pub(super) fn queue(
    tenant: &mut EmuTenant,
    reload_ms: u64,
    app_id: &str,
    user_id: &str,
    partial: bool,
    kind: &str,
) -> Result<EmuReload, Refusal> {
    let app = tenant.apps.get(app_id).ok_or(Refusal::NoApp)?;
    if app.distributed.is_some() {
        return Err(Refusal::ReadOnly);
    }
    let pending = tenant.reloads.values().find(|r| {
        r.app_id == app_id && ["QUEUED", "RELOADING", "CANCELING"].contains(&r.status.as_str())
    });
    if let Some(pending) = pending {
        let started = pending.start_time.unwrap_or(pending.creation_time);
        let ran = (Utc::now() - started).num_milliseconds().max(0) as u64;
        let left_ms = reload_ms.saturating_sub(ran);
        let retry_after = left_ms.div_ceil(1000).max(1);
        return Err(Refusal::Pending { retry_after });
    }
    let reload = EmuReload {
        id: ids::hex24(),
        app_id: app_id.to_owned(),
        user_id: user_id.to_owned(),
        status: "QUEUED".to_owned(),
        partial,
        log: String::new(),
        error_code: None,
        error_message: None,
        creation_time: Utc::now(),
        start_time: None,
        end_time: None,
        kind: kind.to_owned(),
    };
    tenant.reloads.insert(reload.id.clone(), reload.clone());
    Ok(reload)
}

/// Runs a queued reload in the background, passing `variables` to the load script.
pub(super) fn start(
    state: &EmuState,
    tenant_id: &str,
    reload_id: &str,
    variables: HashMap<String, String>,
) {
    let job = run::execute(
        state.clone(),
        tenant_id.to_owned(),
        reload_id.to_owned(),
        variables,
    );
    tokio::spawn(job);
}

/// `POST /api/v1/reloads` → 201 `Reload` (QUEUED); 429 with `retry-after` while another
/// reload of the app is pending (`QueueReloadHttpError` lists 429; the body, and
/// `retry-after` being the pending reload's expected remaining time, are UNCONFIRMED).
pub async fn create(
    call: TenantCall,
    JsonBody(req, _): JsonBody<ReloadRequest, Reloads>,
) -> Result<Response> {
    validate_variables(&req.variables)?;
    let queued = {
        let mut world = call.lock();
        let reload_ms = world.config.knobs.reload_ms;
        let tenant = world.tenant_mut(&call.tenant_id)?;
        queue(
            tenant,
            reload_ms,
            &req.app_id,
            &call.user_id,
            req.partial,
            "external",
        )
    };
    let reload = match queued {
        Ok(reload) => reload,
        Err(Refusal::Pending { retry_after }) => return Ok(pending_reload(retry_after)),
        Err(refusal @ Refusal::NoApp) => {
            let message = refusal.message(&req.app_id);
            return Err(QlikError::of_status(StatusCode::NOT_FOUND, "RELOADS-004").detail(message));
        }
        Err(refusal @ Refusal::ReadOnly) => {
            let message = refusal.message(&req.app_id);
            return Err(QlikError::of_status(StatusCode::FORBIDDEN, "RELOADS-003").detail(message));
        }
    };
    start(call.state(), &call.tenant_id, &reload.id, req.variables);
    let body = Json(to_json(&reload, &call.tenant_id, false));
    Ok((StatusCode::CREATED, body).into_response())
}

fn pending_reload(retry_after: u64) -> Response {
    let mut response = QlikError::of_status(StatusCode::TOO_MANY_REQUESTS, "RELOADS-013")
        .detail(PENDING)
        .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    response
}

/// The reloads of a tenant, newest first; `appId` selects, and the list carries each log only
/// with `log=true` (reading one reload always does).
pub struct Reloads;

impl Api for Reloads {
    const BAD_REQUEST: &'static str = "RELOADS-001";
}

impl Collection for Reloads {
    type Item = EmuReload;

    held_in!(reloads);

    fn missing(_: &str) -> QlikError {
        QlikError::of_status(StatusCode::NOT_FOUND, "RELOADS-004").detail("reload not found")
    }
    fn render(r: &EmuReload, at: &Scope) -> Value {
        to_json(r, &at.tenant.id, true)
    }
}

impl Listing for Reloads {
    const PAGING: Paging = paging::RELOADS;
    const PATH: &'static str = "/api/v1/reloads";
    const NEWEST_FIRST: bool = true;

    fn listed(r: &EmuReload, at: &Scope, query: &Query) -> Value {
        let with_log = query.get("log").is_some_and(|v| v == "true");
        to_json(r, &at.tenant.id, with_log)
    }
    fn created(r: &EmuReload) -> Option<DateTime<Utc>> {
        Some(r.creation_time)
    }
    fn selector(query: &Query) -> Result<Selector<EmuReload>, QlikError> {
        let app = Exactly::param(query, "appId");
        Ok(Box::new(move |r, _| app.admits(&r.app_id)))
    }
}
