//! Items API: the resource catalogue, cursor-paginated with `links.next.href` like Qlik.

use super::EmuState;
use super::apps::app_attributes;
use super::auth::TenantCaller;
use super::error::QlikError;
use super::state::EmuApp;
use axum::Json;
use axum::extract::{Query, State};
use serde::Deserialize;
use serde_json::{Value, json};

/// Query parameters of `GET /api/v1/items` that the emulator honours.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemsQuery {
    resource_type: Option<String>,
    space_id: Option<String>,
    name: Option<String>,
    limit: Option<String>,
    next: Option<String>,
}

/// One page of `sorted` after the cursor `after` (an item id), and the cursor of the next page.
pub fn paginate<'a, T>(
    sorted: &'a [T],
    id_of: impl Fn(&T) -> &str,
    after: Option<&str>,
    limit: usize,
) -> (&'a [T], Option<String>) {
    let start = match after {
        Some(cursor) => sorted
            .iter()
            .position(|x| id_of(x) == cursor)
            .map_or(sorted.len(), |i| i + 1),
        None => 0,
    };
    let end = (start + limit).min(sorted.len());
    let page = &sorted[start..end];
    let next = (end < sorted.len())
        .then(|| page.last().map(|x| id_of(x).to_owned()))
        .flatten();
    (page, next)
}

fn parse_limit(raw: Option<&str>) -> Result<usize, QlikError> {
    match raw {
        None => Ok(10),
        Some(s) => match s.parse::<usize>() {
            Ok(n) if (1..=100).contains(&n) => Ok(n),
            _ => Err(QlikError::bad_request(
                "ITEMS-400",
                format!("limit must be an integer from 1 to 100, got {s:?}"),
            )),
        },
    }
}

/// `GET /api/v1/items?resourceType=app&spaceId=&name=&limit=&next=` → 200 `{data, links}`.
pub async fn list(
    State(state): State<EmuState>,
    caller: TenantCaller,
    Query(q): Query<ItemsQuery>,
) -> Result<Json<Value>, QlikError> {
    let limit = parse_limit(q.limit.as_deref())?;
    let world = state.lock();
    let tenant = world
        .tenants
        .get(&caller.tenant_id)
        .ok_or_else(|| QlikError::not_found("ITEMS-404", "tenant not found"))?;
    let wants_apps = q.resource_type.as_deref().is_none_or(|t| t == "app");
    let mut apps: Vec<&EmuApp> = tenant
        .apps
        .values()
        .filter(|_| wants_apps)
        .filter(|a| {
            q.space_id
                .as_deref()
                .is_none_or(|s| a.space_id.as_deref() == Some(s))
        })
        .filter(|a| q.name.as_deref().is_none_or(|n| a.name == n))
        .collect();
    apps.sort_by(|a, b| (a.created, &a.item_id).cmp(&(b.created, &b.item_id)));
    let (page, next) = paginate(&apps, |a| a.item_id.as_str(), q.next.as_deref(), limit);
    let data: Vec<Value> = page
        .iter()
        .map(|a| item_json(a, &caller.tenant_id))
        .collect();
    let mut links = json!({ "self": { "href": "/api/v1/items" } });
    if let Some(cursor) = next {
        let mut href = format!("/api/v1/items?limit={limit}&next={cursor}");
        for (key, value) in [("resourceType", &q.resource_type), ("spaceId", &q.space_id)] {
            if let Some(v) = value {
                href.push_str(&format!(
                    "&{key}={}",
                    url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
                ));
            }
        }
        links["next"] = json!({ "href": href });
    }
    Ok(Json(json!({ "data": data, "links": links })))
}

fn item_json(app: &EmuApp, tenant_id: &str) -> Value {
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
        "spaceId": app.space_id,
        "ownerId": app.owner_id,
        "creatorId": app.owner_id,
        "updaterId": app.owner_id,
        "tenantId": tenant_id,
        "createdAt": app.created,
        "updatedAt": app.modified,
        "isFavorited": false,
        "links": { "self": { "href": format!("/api/v1/items/{}", app.item_id) } },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_table() {
        let ids = ["a", "b", "c", "d", "e"];
        fn id<'a>(s: &'a &str) -> &'a str {
            s
        }
        type Case<'a> = (Option<&'a str>, usize, &'a [&'a str], Option<&'a str>);
        let cases: [Case; 6] = [
            (None, 2, &["a", "b"], Some("b")),
            (Some("b"), 2, &["c", "d"], Some("d")),
            (Some("d"), 2, &["e"], None),
            (None, 5, &["a", "b", "c", "d", "e"], None),
            (Some("e"), 2, &[], None),
            (Some("zzz"), 2, &[], None),
        ];
        for (after, limit, want, want_next) in cases {
            let (page, next) = paginate(&ids, id, after, limit);
            assert_eq!(
                (page, next.as_deref()),
                (want, want_next),
                "after {after:?}"
            );
        }
    }

    #[test]
    fn limit_must_be_1_to_100() {
        assert_eq!(parse_limit(None).ok(), Some(10));
        assert_eq!(parse_limit(Some("100")).ok(), Some(100));
        for bad in ["0", "101", "ten", "-1"] {
            assert!(parse_limit(Some(bad)).is_err(), "{bad}");
        }
    }
}
