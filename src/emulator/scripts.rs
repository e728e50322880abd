//! Load scripts: `POST /api/v1/apps/{id}/scripts` replaces the script (keeping history),
//! `GET …/scripts` lists versions (latest first), `GET …/scripts/{id|current}` reads one;
//! `POST /api/v1/apps/validatescript` checks a script as a reload would parse it.

use super::apps::Apps;
use super::auth::TenantCaller;
use super::body::JsonBody;
use super::call::TenantCall;
use super::error::{QlikError, Result};
use super::ids;
use super::state::{EmuApp, EmuTenant, ScriptVersion};
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use chrono::Utc;
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ScriptRequest {
    script: String,
    #[serde(default)]
    version_message: String,
}

/// `Script`: `{script?}`.
#[derive(Debug, Deserialize)]
pub(crate) struct ValidateRequest {
    script: Option<String>,
}

/// `POST /api/v1/apps/validatescript` → 200 `ScriptIssues` `{Errors, Warnings}` (PascalCase,
/// as apps.d.ts types them), each `{Tab, Line, Column, Msg, Info}`. UNCONFIRMED: that Qlik
/// answers empty arrays, not absent members, for a clean script.
pub async fn validate(
    _caller: TenantCaller,
    JsonBody(req, _): JsonBody<ValidateRequest, Apps>,
) -> Result<Json<Value>, QlikError> {
    let errors = super::load_script::validate(req.script.as_deref().unwrap_or_default());
    Ok(Json(json!({ "Errors": errors, "Warnings": [] })))
}

fn not_found(what: &str) -> QlikError {
    QlikError::not_found("APPS-404", format!("{what} not found"))
}

/// The app `app_id` of `tenant`, or the Apps API's 404.
fn app<'t>(tenant: &'t EmuTenant, app_id: &str) -> Result<&'t EmuApp> {
    tenant.apps.get(app_id).ok_or_else(|| not_found("app"))
}

/// `POST /api/v1/apps/{appId}/scripts` → 200, no body.
pub async fn replace(
    call: TenantCall,
    Path(app_id): Path<String>,
    JsonBody(req, _): JsonBody<ScriptRequest, Apps>,
) -> Result<StatusCode> {
    let mut tenant = call.tenant()?;
    let app = tenant
        .apps
        .get_mut(&app_id)
        .ok_or_else(|| not_found("app"))?;
    if app.distributed.is_some() {
        return Err(QlikError::forbidden(super::sites::READ_ONLY));
    }
    let now = Utc::now();
    app.script_history.push(ScriptVersion {
        id: ids::hex24(),
        script: req.script.clone(),
        version_message: req.version_message,
        modified: now,
        modifier_id: call.user_id.clone(),
    });
    app.script = req.script;
    app.modified = now;
    Ok(StatusCode::OK)
}

/// `GET /api/v1/apps/{appId}/scripts` → 200 `ScriptMetaList`, latest first.
pub async fn list(call: TenantCall, Path(app_id): Path<String>) -> Result<Json<Value>> {
    let tenant = call.tenant()?;
    let app = app(&tenant, &app_id)?;
    let scripts: Vec<Value> = app
        .script_history
        .iter()
        .rev()
        .map(|v| {
            json!({ "scriptId": v.id, "modifiedTime": v.modified, "modifierId": v.modifier_id,
                    "size": v.script.len(), "versionMessage": v.version_message })
        })
        .collect();
    Ok(Json(json!({ "scripts": scripts, "links": {} })))
}

/// `GET /api/v1/apps/{appId}/scripts/{scriptId}` (`current` for the live script) → 200.
pub async fn get(
    call: TenantCall,
    Path((app_id, script_id)): Path<(String, String)>,
) -> Result<Json<Value>> {
    let tenant = call.tenant()?;
    let app = app(&tenant, &app_id)?;
    if script_id == "current" {
        let message = app
            .script_history
            .last()
            .map(|v| v.version_message.clone())
            .unwrap_or_default();
        return Ok(Json(
            json!({ "script": app.script, "versionMessage": message }),
        ));
    }
    let version = app
        .script_history
        .iter()
        .find(|v| v.id == script_id)
        .ok_or_else(|| not_found("script version"))?;
    Ok(Json(
        json!({ "script": version.script, "versionMessage": version.version_message }),
    ))
}
