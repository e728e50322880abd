//! Users API: `/users/me` (301 to the caller's own record), the collection (`/users/{id}`,
//! the list, delete), and creating users and replacing their groups (`write`), as
//! impersonation needs.

mod write;

pub use write::{create, patch};

use super::auth::{TENANT_ADMIN, TenantCaller, forbidden};
use super::body::Api;
use super::collection::{Collection, Listing, Scope, Selector, held_in};
use super::error::QlikError;
use super::paging::{self, Paging, Query};
use super::scim_filter::{self, Allowed, Op};
use super::state::{EmuTenant, EmuUser, TokenAudience, World};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
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

/// The users of a tenant, oldest first; `filter` is RFC 7644 over [`FILTERABLE`]. Qlik has
/// no `subject=` or `email=` parameter: like any parameter it does not know, they select
/// nothing (UNCONFIRMED: ignored, not refused). Reading another user needs `TenantAdmin`.
pub struct Users;

impl Api for Users {
    const BAD_REQUEST: &'static str = "USERS-400";
}

impl Collection for Users {
    type Item = EmuUser;

    held_in!(users);

    fn missing(_: &str) -> QlikError {
        QlikError::not_found("USERS-7", "user not found")
    }
    fn render(u: &EmuUser, at: &Scope) -> Value {
        user_json(u, at.tenant)
    }
    fn admit(at: &Scope, id: Option<&str>) -> Result<(), QlikError> {
        let own = id.is_none_or(|id| id == at.caller.user_id);
        match own || at.tenant.has_role(&at.caller.user_id, TENANT_ADMIN) {
            true => Ok(()),
            false => Err(forbidden(TENANT_ADMIN)),
        }
    }
    /// `GetUsersHttpError` lists no 403: a user who is not a tenant admin is answered, but
    /// sees only themselves (UNCONFIRMED: Qlik documents no role for this list).
    fn visible(u: &EmuUser, at: &Scope) -> bool {
        u.id == at.caller.user_id || at.tenant.has_role(&at.caller.user_id, TENANT_ADMIN)
    }
    /// `DELETE /users/{userId}` needs `TenantAdmin`, even for one's own record (UNCONFIRMED).
    fn may_delete(_: &EmuUser, at: &Scope) -> Result<(), QlikError> {
        match at.tenant.has_role(&at.caller.user_id, TENANT_ADMIN) {
            true => Ok(()),
            false => Err(forbidden(TENANT_ADMIN)),
        }
    }
    /// A deleted user's licence is freed, its sessions and tokens end and its space
    /// assignments go; its apps stay (Qlik reassigns ownership by hand, UNCONFIRMED). A JWT
    /// login with its subject creates a new user.
    fn deleted(world: &mut World, tenant_id: &str, user: EmuUser) {
        world
            .sessions
            .retain(|_, s| s.tenant_id != tenant_id || s.user_id != user.id);
        let audience = TokenAudience::Tenant(tenant_id.to_owned());
        world.tokens.retain(|_, t| {
            t.audience != audience || t.user_id.as_deref() != Some(user.id.as_str())
        });
        let Ok(tenant) = world.tenant_mut(tenant_id) else {
            return;
        };
        tenant.settings.licenses.remove(&user.subject);
        for space in tenant.spaces.values_mut() {
            space
                .assignments
                .retain(|_, a| a.kind != "user" || a.assignee_id != user.id);
        }
    }
}

impl Listing for Users {
    const PAGING: Paging = paging::USERS;
    const PATH: &'static str = "/api/v1/users";

    fn created(u: &EmuUser) -> Option<DateTime<Utc>> {
        Some(u.created_at)
    }
    fn selector(query: &Query) -> Result<Selector<EmuUser>, QlikError> {
        scim_filter::selector(query, FILTERABLE, attribute, Users::BAD_REQUEST)
    }
}
