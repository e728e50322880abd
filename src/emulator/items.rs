//! Items API: the resource catalogue, cursor-paginated with `links.next.href` like Qlik.

use super::apps::app_attributes;
use super::collection::{Collection, Exactly, Listing, Scope, Selector, held_in};
use super::error::QlikError;
use super::paging::{self, Paging, Query};
use super::state::EmuApp;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

/// The items of a tenant: its apps (the only resource type emulated), oldest first, paged by
/// item id; `resourceType`, `spaceId` and `name` select.
pub struct Items;

impl Collection for Items {
    type Item = EmuApp;

    held_in!(apps);

    fn missing(id: &str) -> QlikError {
        QlikError::not_found("ITEMS-404", format!("item {id} not found"))
    }
    fn render(app: &EmuApp, at: &Scope) -> Value {
        item_json(app, &at.tenant.id)
    }
}

impl Listing for Items {
    const PAGING: Paging = paging::ITEMS;
    const PATH: &'static str = "/api/v1/items";

    /// The item id, not the app id the apps are held by: the list's cursor names it.
    fn cursor<'i>(_: &'i str, app: &'i EmuApp) -> &'i str {
        &app.item_id
    }
    fn created(app: &EmuApp) -> Option<DateTime<Utc>> {
        Some(app.created)
    }
    fn selector(query: &Query) -> Result<Selector<EmuApp>, QlikError> {
        let wants_apps = query.get("resourceType").is_none_or(|t| t == "app");
        let space = Exactly::param(query, "spaceId");
        let name = Exactly::param(query, "name");
        Ok(Box::new(move |app, _| {
            wants_apps && space.admits_some(app.space_id.as_deref()) && name.admits(&app.name)
        }))
    }
}

/// `ItemResultResponseBody`: the required keys of Qlik's type are all written (`actions`,
/// `collectionIds`, `meta`, `links`), and unset strings are `""` as Qlik writes them.
fn item_json(app: &EmuApp, tenant_id: &str) -> Value {
    // What the caller may do with an app item; UNCONFIRMED beyond the common ones.
    let actions = [
        "read",
        "update",
        "delete",
        "reload",
        "duplicate",
        "publish",
        "exportqvf",
    ];
    json!({
        "id": app.item_id,
        "name": app.name,
        "description": app.description,
        "resourceType": "app",
        "resourceId": app.id,
        "resourceSubType": "",
        "resourceAttributes": app_attributes(app),
        "resourceCustomAttributes": {},
        "resourceCreatedAt": app.created,
        "resourceUpdatedAt": app.modified,
        "resourceReloadEndTime": "",
        "resourceReloadStatus": "",
        "spaceId": app.space_id.clone().unwrap_or_default(),
        "ownerId": app.owner_id,
        "creatorId": app.owner_id,
        "updaterId": app.owner_id,
        "tenantId": tenant_id,
        "thumbnailId": "",
        "createdAt": app.created,
        "updatedAt": app.modified,
        "isFavorited": false,
        "actions": actions,
        "collectionIds": [],
        "meta": { "actions": actions, "collections": [], "isFavorited": false, "tags": [] },
        "links": { "self": { "href": format!("/api/v1/items/{}", app.item_id) } },
    })
}
