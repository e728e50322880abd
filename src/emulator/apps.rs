//! Apps API: app documents with their attributes (`NxApp`).

use super::body::Api;
use super::collection::{Collection, Scope, held_in};
use super::error::QlikError;
use super::state::EmuApp;
use serde_json::{Value, json};

/// The apps of a tenant, read as `NxApp` (`GET /api/v1/apps/{appId}`).
pub struct Apps;

impl Api for Apps {
    const BAD_REQUEST: &'static str = "APPS-400";
}

impl Collection for Apps {
    type Item = EmuApp;

    held_in!(apps);

    fn missing(app_id: &str) -> QlikError {
        QlikError::not_found("APPS-404", format!("app {app_id} not found"))
    }
    fn render(app: &EmuApp, _: &Scope) -> Value {
        nx_app_json(app)
    }
}

/// App attributes as they appear in `NxApp.attributes` and `Item.resourceAttributes`.
/// Every string is a string: Qlik writes `""` for an unset one (`originAppId`, `publishTime`
/// "empty if unpublished", `lastReloadTime`, as in the answers qlik-cli's changelog prints),
/// never `null`, which `NxAttributes` does not allow. `_resourcetype` is in those answers too.
/// `spaceId` is not in Qlik's schema but Qlik's own tutorial reads it, so it is emitted.
pub fn app_attributes(app: &EmuApp) -> Value {
    let mut attributes = json!({
        "_resourcetype": "app",
        "id": app.id,
        "name": app.name,
        "description": app.description,
        "ownerId": app.owner_id,
        "owner": app.owner_id,
        "originAppId": app.origin_app_id.clone().unwrap_or_default(),
        "createdDate": app.created,
        "modifiedDate": app.modified,
        // UNCONFIRMED: the emulator keeps no reload time on the app; "" is Qlik's unset value.
        "lastReloadTime": "",
        "publishTime": app.publish_time.map_or(json!(""), |t| json!(t)),
        // Qlik Cloud marks apps distributed from client-managed sites as published.
        "published": app.distributed.is_some(),
        "custom": {},
        "thumbnail": "",
        "dynamicColor": "",
        "encrypted": false,
        "hasSectionAccess": false,
        "isDirectQueryMode": false,
        "usage": "ANALYTICS",
    });
    // UNCONFIRMED: whether Qlik writes `"spaceId": ""` or no key for a personal app (qlik-cli's
    // changelog shows no key); the emulator writes `""`, Qlik's unset string, and the client
    // reads both as "no space".
    attributes["spaceId"] = json!(app.space_id.clone().unwrap_or_default());
    attributes
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
