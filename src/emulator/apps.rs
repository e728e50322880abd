//! Apps API: app documents with their attributes (`NxApp`).

use super::EmuState;
use super::auth::TenantCaller;
use super::error::QlikError;
use super::state::EmuApp;
use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Value, json};

/// `GET /api/v1/apps/{appId}` → 200 `NxApp`.
pub async fn get(
    State(state): State<EmuState>,
    caller: TenantCaller,
    Path(app_id): Path<String>,
) -> Result<Json<Value>, QlikError> {
    let world = state.lock();
    let app = world
        .tenants
        .get(&caller.tenant_id)
        .and_then(|t| t.apps.get(&app_id))
        .ok_or_else(|| QlikError::not_found("APPS-404", format!("app {app_id} not found")))?;
    Ok(Json(nx_app_json(app)))
}

/// App attributes as they appear in `NxApp.attributes` and `Item.resourceAttributes`.
/// `spaceId` is not in Qlik's schema but Qlik's own tutorial reads it, so it is emitted.
pub fn app_attributes(app: &EmuApp) -> Value {
    json!({
        "id": app.id,
        "name": app.name,
        "description": app.description,
        "ownerId": app.owner_id,
        "owner": app.owner_id,
        // Qlik Cloud marks apps distributed from client-managed sites as published.
        "spaceId": app.space_id,
        "originAppId": app.origin_app_id,
        "createdDate": app.created,
        "modifiedDate": app.modified,
        "lastReloadTime": Value::Null,
        "publishTime": app.publish_time,
        "published": app.distributed.is_some(),
        "custom": {},
        "thumbnail": "",
        "dynamicColor": "",
        "encrypted": false,
        "hasSectionAccess": false,
        "isDirectQueryMode": false,
        "usage": "ANALYTICS",
    })
}

/// The `NxApp` resource.
pub fn nx_app_json(app: &EmuApp) -> Value {
    // Distributed apps are read-only: they can only be moved to a space or removed.
    let privileges = match app.distributed {
        Some(_) => json!(["read", "delete", "change_space"]),
        None => json!([
            "read",
            "update",
            "delete",
            "reload",
            "export",
            "publish",
            "duplicate",
            "change_owner",
            "change_space"
        ]),
    };
    json!({
        "attributes": app_attributes(app),
        "privileges": privileges,
        "create": [{"resource": "sheet", "canCreate": true}],
    })
}
