//! Publishing: an app in a shared (or personal) space is published into a managed space as a
//! new app with `originAppId`; republishing (`PUT`, `targetId`) overwrites that app in place
//! so its id — and every embed URL using it — stays stable. Also delete and move.

use super::app_docs::new_app;
use super::apps::{Apps, nx_app_json};
use super::body::{Api, JsonBody};
use super::call::TenantCall;
use super::error::{QlikError, Result};
use super::propagation;
use super::state::Lagging;
use axum::Json;
use axum::extract::Path;
use chrono::Utc;
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Debug, Default, Deserialize)]
struct Attributes {
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PublishRequest {
    space_id: String,
    #[serde(default)]
    attributes: Attributes,
    data: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RepublishRequest {
    target_id: String,
    #[serde(default)]
    attributes: Attributes,
    data: Option<String>,
    check_origin_app_id: Option<bool>,
}

fn not_found(what: &str) -> QlikError {
    QlikError::not_found("APPS-404", format!("{what} not found"))
}

fn bad(detail: impl Into<String>) -> QlikError {
    QlikError::bad_request(Apps::BAD_REQUEST, detail)
}

/// `POST /api/v1/apps/{appId}/publish` → 200 `NxApp` (the new published app).
pub async fn publish(
    call: TenantCall,
    Path(app_id): Path<String>,
    JsonBody(req, _): JsonBody<PublishRequest, Apps>,
) -> Result<Json<Value>> {
    let mut world = call.lock();
    let tenant = world.tenant_mut(&call.tenant_id)?;
    let space = tenant
        .spaces
        .get(&req.space_id)
        .ok_or_else(|| not_found("space"))?;
    if space.space_type != "managed" {
        return Err(bad("apps are published to managed spaces only"));
    }
    let source = tenant.apps.get(&app_id).ok_or_else(|| not_found("app"))?;
    let source_in_managed = source
        .space_id
        .as_ref()
        .and_then(|s| tenant.spaces.get(s))
        .is_some_and(|s| s.space_type == "managed");
    if source_in_managed {
        return Err(bad(
            "an app in a managed space cannot be published again; republish instead",
        ));
    }
    let name = req.attributes.name.unwrap_or_else(|| source.name.clone());
    let mut published = new_app(&call.user_id, &name, source, Some(req.space_id));
    published.origin_app_id = Some(app_id);
    published.publish_time = Some(Utc::now());
    if req.data.as_deref() == Some("target") {
        published.data = Vec::new();
    }
    let body = nx_app_json(&published);
    let id = published.id.clone();
    tenant.apps.insert(id.clone(), published);
    propagation::created(&mut world, &id, Lagging::App);
    Ok(Json(body))
}

/// `PUT /api/v1/apps/{appId}/publish` with `targetId` → 200 `NxApp` (the same target id).
/// `data: "target"` keeps the target's data; otherwise the source's data is copied (Qlik does
/// not document the meaning; this is the plausible reading).
pub async fn republish(
    call: TenantCall,
    Path(app_id): Path<String>,
    JsonBody(req, _): JsonBody<RepublishRequest, Apps>,
) -> Result<Json<Value>> {
    let mut tenant = call.tenant()?;
    let source = tenant
        .apps
        .get(&app_id)
        .cloned()
        .ok_or_else(|| not_found("app"))?;
    let target = tenant
        .apps
        .get_mut(&req.target_id)
        .ok_or_else(|| not_found("target app"))?;
    if target.publish_time.is_none() {
        return Err(bad("targetId is not a published app"));
    }
    if req.check_origin_app_id.unwrap_or(true)
        && target.origin_app_id.as_deref() != Some(app_id.as_str())
    {
        return Err(bad("the target was published from another app"));
    }
    target.sheets = source.sheets.clone();
    target.script = source.script.clone();
    if req.data.as_deref() != Some("target") {
        target.data = source.data.clone();
        // Section access travels with the data it reduces (UNCONFIRMED for `data: target`).
        target.section_access = source.section_access.clone();
    }
    if let Some(name) = req.attributes.name {
        target.name = name;
    }
    target.publish_time = Some(Utc::now());
    target.modified = Utc::now();
    Ok(Json(nx_app_json(target)))
}

/// `DELETE /api/v1/apps/{appId}` → 200.
pub async fn delete(call: TenantCall, Path(app_id): Path<String>) -> Result<Json<Value>> {
    let mut tenant = call.tenant()?;
    tenant
        .apps
        .remove(&app_id)
        .ok_or_else(|| not_found("app"))?;
    Ok(Json(json!({})))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MoveRequest {
    space_id: String,
}

/// `PUT /api/v1/apps/{appId}/space` with `spaceId` → 200 `NxApp`.
pub async fn move_to_space(
    call: TenantCall,
    Path(app_id): Path<String>,
    JsonBody(req, _): JsonBody<MoveRequest, Apps>,
) -> Result<Json<Value>> {
    let mut tenant = call.tenant()?;
    let space_type = match tenant.spaces.get(&req.space_id) {
        Some(space) => space.space_type.clone(),
        None => return Err(not_found("space")),
    };
    let app = tenant
        .apps
        .get_mut(&app_id)
        .ok_or_else(|| not_found("app"))?;
    if app.distributed.is_some() && space_type != "managed" {
        return Err(bad(format!(
            "an app distributed from a client-managed site can only be moved into a managed space, not a {space_type} one"
        )));
    }
    app.space_id = Some(req.space_id);
    Ok(Json(nx_app_json(app)))
}
