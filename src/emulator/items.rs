//! Items API: the resource catalogue, cursor-paginated with `links.next.href` like Qlik.

use super::EmuState;
use super::apps::app_attributes;
use super::auth::TenantCaller;
use super::error::QlikError;
use super::paging;
use super::state::EmuApp;
use axum::Json;
use axum::extract::{Query, State};
use serde_json::{Value, json};

/// `GET /api/v1/items?resourceType=app&spaceId=&name=&limit=&next=` → 200 `{data, links}`.
pub async fn list(
    State(state): State<EmuState>,
    caller: TenantCaller,
    Query(q): Query<paging::Query>,
) -> Result<Json<Value>, QlikError> {
    let world = state.lock();
    let tenant = world
        .tenants
        .get(&caller.tenant_id)
        .ok_or_else(|| QlikError::not_found("ITEMS-404", "tenant not found"))?;
    let wants_apps = q.get("resourceType").is_none_or(|t| t == "app");
    let mut apps: Vec<&EmuApp> = tenant
        .apps
        .values()
        .filter(|_| wants_apps)
        .filter(|a| {
            q.get("spaceId")
                .is_none_or(|s| a.space_id.as_deref() == Some(s.as_str()))
        })
        .filter(|a| q.get("name").is_none_or(|n| &a.name == n))
        .collect();
    apps.sort_by(|a, b| (a.created, &a.item_id).cmp(&(b.created, &b.item_id)));
    let page = paging::ITEMS.page(
        "/api/v1/items",
        &q,
        &apps,
        |a| a.item_id.as_str(),
        |a| item_json(a, &caller.tenant_id),
    )?;
    Ok(Json(page))
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
