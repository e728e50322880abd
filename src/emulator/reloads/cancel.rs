//! `POST /api/v1/reloads/{reloadId}/actions/cancel`: @qlik/api 2.19.0 types it 202 with a
//! `ReloadStatus` or 204, and 409 among its errors.

use super::Reloads;
use crate::emulator::call::TenantCall;
use crate::emulator::collection::find_mut;
use crate::emulator::error::{QlikError, Result};
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde_json::json;

/// A queued reload ends CANCELED at once (204); a running one goes CANCELING (202
/// `{"status":"CANCELING"}`) and ends CANCELED when the engine stops; an ended one is a 409.
/// UNCONFIRMED: which answer Qlik gives in which state, and the 409's code.
pub async fn cancel(call: TenantCall, Path(reload_id): Path<String>) -> Result<Response> {
    let mut world = call.lock();
    world.revision += 1;
    let now = world.clock.now();
    let reload = find_mut::<Reloads>(&mut world, &call, &[], &reload_id)?;
    match reload.status.as_str() {
        "QUEUED" => {
            reload.status = "CANCELED".to_owned();
            reload.end_time = Some(Utc::now());
            reload.log = "The reload was canceled before it started.\n".to_owned();
            world
                .tenant_mut(&call.tenant_id)?
                .settle_task_run(&reload_id, now);
            Ok(StatusCode::NO_CONTENT.into_response())
        }
        "RELOADING" | "CANCELING" => {
            reload.status = "CANCELING".to_owned();
            let body = Json(json!({ "status": "CANCELING" }));
            Ok((StatusCode::ACCEPTED, body).into_response())
        }
        ended => Err(QlikError::conflict(
            "RELOADS-010",
            format!("the reload has already ended ({ended})"),
        )),
    }
}
