//! An app's reload logs (apps.d.ts): `GET /api/v1/apps/{appId}/reloads/logs/{reloadId}`
//! (`getAppReloadLog`, the log "as text/plain; charset=UTF-8") and the list of them.

use crate::emulator::auth::{TENANT_ADMIN, TenantCaller};
use crate::emulator::call::TenantCall;
use crate::emulator::error::{QlikError, Result};
use crate::emulator::state::{EmuApp, EmuTenant};
use axum::Json;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// The app `app_id` if the caller may view it: 404 for no such app, 403 for one the caller
/// may not open (UNCONFIRMED: the codes; `GetAppReloadLogHttpError` types any status).
fn viewable<'t>(
    tenant: &'t EmuTenant,
    caller: &TenantCaller,
    app_id: &str,
) -> Result<&'t EmuApp, QlikError> {
    let app = tenant
        .apps
        .get(app_id)
        .ok_or_else(|| QlikError::not_found("APPS-404", format!("app {app_id} not found")))?;
    if tenant.has_role(&caller.user_id, TENANT_ADMIN) || tenant.can_view(&caller.user_id, app) {
        Ok(app)
    } else {
        Err(
            QlikError::new(StatusCode::FORBIDDEN, "APPS-403", "Forbidden")
                .detail(format!("no access to app {app_id}")),
        )
    }
}

/// `GET /api/v1/apps/{appId}/reloads/logs/{reloadId}` → 200 the reload's log as plain text
/// (empty while the reload runs: UNCONFIRMED); 404 for a reload not of this app.
pub async fn log(
    call: TenantCall,
    Path((app_id, reload_id)): Path<(String, String)>,
) -> Result<Response> {
    let tenant = call.tenant()?;
    viewable(&tenant, &call, &app_id)?;
    let reload = tenant
        .reloads
        .get(&reload_id)
        .filter(|r| r.app_id == app_id)
        .ok_or_else(|| {
            let message = format!("reload {reload_id} of app {app_id} not found");
            QlikError::not_found("APPS-404", message)
        })?;
    let mut response = reload.log.clone().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=UTF-8"),
    );
    Ok(response)
}

/// `GET /api/v1/apps/{appId}/reloads/logs` → 200 `ScriptLogList`: the app's ended reloads,
/// newest first, each with the link to its log (`links.log`, UNCONFIRMED: relative).
pub async fn list(call: TenantCall, Path(app_id): Path<String>) -> Result<Json<Value>> {
    let tenant = call.tenant()?;
    viewable(&tenant, &call, &app_id)?;
    let mut ended: Vec<_> = tenant
        .reloads
        .values()
        .filter(|r| r.app_id == app_id)
        .filter_map(|r| r.end_time.map(|end| (end, r)))
        .collect();
    ended.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.id.cmp(&a.1.id)));
    let data: Vec<Value> = ended
        .into_iter()
        .map(|(end, r)| {
            let started = r.start_time.unwrap_or(r.creation_time);
            json!({
                "reloadId": r.id, "success": r.status == "SUCCEEDED", "endTime": end,
                "duration": (end - started).num_milliseconds().max(0),
                "links": { "log": format!("/api/v1/apps/{app_id}/reloads/logs/{}", r.id) },
            })
        })
        .collect();
    Ok(Json(json!({ "data": data })))
}
