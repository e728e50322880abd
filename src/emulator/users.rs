//! Users API: `/users/me` (301 to the caller's own record), `/users/{id}`, the list, and
//! creating users and replacing their groups (`write`), as impersonation needs.

mod write;

pub use write::{create, patch};

use super::EmuState;
use super::auth::{TENANT_ADMIN, TenantCaller, forbidden};
use super::error::QlikError;
use super::scim_filter::{Allowed, Filter, Op};
use super::state::{EmuTenant, EmuUser};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// `GET /api/v1/users/me` → 301 `Location: /api/v1/users/{id}`.
pub async fn me(caller: TenantCaller) -> Response {
    let location = format!("/api/v1/users/{}", caller.user_id);
    (
        StatusCode::MOVED_PERMANENTLY,
        [(header::LOCATION, location)],
    )
        .into_response()
}

/// `GET /api/v1/users/{userId}` → 200 `User`.
pub async fn get(
    State(state): State<EmuState>,
    caller: TenantCaller,
    Path(user_id): Path<String>,
) -> Result<Json<Value>, QlikError> {
    let world = state.lock();
    let tenant = world
        .tenants
        .get(&caller.tenant_id)
        .ok_or_else(|| QlikError::not_found("USERS-7", "tenant not found"))?;
    if user_id != caller.user_id && !tenant.has_role(&caller.user_id, TENANT_ADMIN) {
        return Err(forbidden(TENANT_ADMIN));
    }
    let user = tenant
        .users
        .get(&user_id)
        .ok_or_else(|| QlikError::not_found("USERS-7", "user not found"))?;
    Ok(Json(user_json(user, tenant)))
}

/// The `User` resource as Qlik serialises it; groups are those of the tenant the user is in.
pub fn user_json(u: &EmuUser, tenant: &EmuTenant) -> Value {
    let groups: Vec<Value> = tenant
        .groups
        .values()
        .filter(|g| u.groups.contains(&g.id))
        .map(|g| json!({"id": g.id, "name": g.name, "providerType": g.provider_type}))
        .collect();
    let mut user = json!({
        "id": u.id,
        "tenantId": tenant.id,
        "subject": u.subject,
        "name": u.name,
        "status": "active",
        "assignedRoles": u.roles.iter().map(|r| super::roles::assigned(r)).collect::<Vec<_>>(),
        "assignedGroups": groups,
        "createdAt": u.created_at,
        "lastUpdatedAt": u.created_at,
        "links": { "self": { "href": format!("/api/v1/users/{}", u.id) } },
    });
    // `email?: string`: a user without one has no key, not a null.
    if let Some(email) = &u.email {
        user["email"] = json!(email);
    }
    user
}

/// What `filter` may compare on users, as `getUsers` documents it: `eq` on these fields, `co`
/// on `name`, `email` and `subject`.
const FILTERABLE: Allowed<'static> = &[
    ("id", &[Op::Eq]),
    ("subject", &[Op::Eq, Op::Co]),
    ("name", &[Op::Eq, Op::Co]),
    ("email", &[Op::Eq, Op::Co]),
    ("status", &[Op::Eq]),
    ("assignedRoles.name", &[Op::Eq]),
    ("assignedGroups.id", &[Op::Eq]),
];

/// A user's values for the `filter` attributes (lower-cased names).
fn attribute(u: &EmuUser, attribute: &str) -> Vec<String> {
    match attribute {
        "id" => vec![u.id.clone()],
        "subject" => vec![u.subject.clone()],
        "name" => vec![u.name.clone()],
        "email" => u.email.iter().cloned().collect(),
        "status" => vec!["active".to_owned()],
        "assignedroles.name" => u.roles.clone(),
        "assignedgroups.id" => u.groups.clone(),
        _ => Vec::new(),
    }
}

/// `GET /api/v1/users?filter=&limit=&next=` → 200 `{data, links}`, paged (1..100, default 20).
/// `filter` is RFC 7644 over [`FILTERABLE`]. Qlik has no `subject=` or `email=` parameter: like
/// any parameter it does not know, they select nothing (UNCONFIRMED: ignored, not refused).
pub async fn list(
    State(state): State<EmuState>,
    caller: TenantCaller,
    axum::extract::Query(q): axum::extract::Query<super::paging::Query>,
) -> Result<Json<Value>, QlikError> {
    let wanted = q
        .get("filter")
        .map(|f| Filter::parse(f, FILTERABLE))
        .transpose()
        .map_err(|e| QlikError::bad_request("USERS-400", format!("filter: {e}")))?;
    let world = state.lock();
    let tenant = world
        .tenants
        .get(&caller.tenant_id)
        .ok_or_else(|| QlikError::not_found("USERS-7", "tenant not found"))?;
    // `GetUsersHttpError` lists no 403: a user who is not a tenant admin is answered, but
    // sees only themselves (UNCONFIRMED: Qlik documents no role for this list).
    let admin = tenant.has_role(&caller.user_id, TENANT_ADMIN);
    let mut users: Vec<&EmuUser> = tenant
        .users
        .values()
        .filter(|u| admin || u.id == caller.user_id)
        .filter(|u| {
            wanted
                .as_ref()
                .is_none_or(|f| f.matches(&|a| attribute(u, a)))
        })
        .collect();
    users.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    let page = super::paging::USERS.page(
        "/api/v1/users",
        &q,
        &users,
        |u| u.id.as_str(),
        |u| user_json(u, tenant),
    )?;
    Ok(Json(page))
}
