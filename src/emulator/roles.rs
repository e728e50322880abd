//! Roles API: the tenant's default roles, read-only (custom roles are not emulated), and the
//! `{id}` / `{name}` role references that groups and users carry in `assignedRoles`.

use super::call::TenantCall;
use super::error::{QlikError, Result};
use super::{EmuState, paging};
use axum::Json;
use axum::extract::{Path, Query};
use chrono::SecondsFormat;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// A default role: name, level (`admin` or `user`) and description.
type DefaultRole = (&'static str, &'static str, &'static str);

/// Qlik Cloud's default roles. The full list is UNCONFIRMED: `TenantAdmin` and
/// `AnalyticsAdmin` appear in Qlik's API examples, `Developer` and `Steward` in its groups
/// examples; the others are the remaining roles of the admin console as far as known.
pub const DEFAULT_ROLES: [DefaultRole; 11] = [
    (
        "TenantAdmin",
        "admin",
        "Manages the tenant: users, settings, identity providers",
    ),
    (
        "AnalyticsAdmin",
        "admin",
        "Manages analytics content and spaces",
    ),
    (
        "DataAdmin",
        "admin",
        "Manages data integration content and spaces",
    ),
    ("AuditAdmin", "admin", "Reads the audit log"),
    (
        "Developer",
        "user",
        "Creates API keys and uses developer tools",
    ),
    ("SharedSpaceCreator", "user", "Creates shared spaces"),
    ("ManagedSpaceCreator", "user", "Creates managed spaces"),
    ("DataSpaceCreator", "user", "Creates data spaces"),
    (
        "PrivateAnalyticsContentCreator",
        "user",
        "Creates apps in the personal space",
    ),
    (
        "DataServicesContributor",
        "user",
        "Creates data integration content",
    ),
    ("Steward", "user", "Manages data stewardship"),
];

/// A role's id: 24 hex characters derived from its name, hence the same in every tenant
/// (whether Qlik's default role ids are shared between tenants is UNCONFIRMED).
pub fn role_id(name: &str) -> String {
    hex::encode(&Sha256::digest(name.as_bytes())[..12])
}

fn by_name(name: &str) -> Option<&'static DefaultRole> {
    DEFAULT_ROLES.iter().find(|(n, _, _)| *n == name)
}

/// The default role a reference `{"id": …}` or `{"name": …}` points at, by name.
pub fn resolve(reference: &Value) -> Option<&'static str> {
    let found = match (reference["id"].as_str(), reference["name"].as_str()) {
        (Some(id), _) => DEFAULT_ROLES.iter().find(|(n, _, _)| role_id(n) == id),
        (None, Some(name)) => by_name(name),
        (None, None) => None,
    };
    found.map(|(name, _, _)| *name)
}

/// The role `name` as an `assignedRoles` element: `{id, name, level, type}`.
pub fn assigned(name: &str) -> Value {
    let level = by_name(name).map_or("user", |(_, level, _)| level);
    json!({ "id": role_id(name), "name": name, "level": level, "type": "default" })
}

fn role_json(role: &DefaultRole, tenant_id: &str, created: &str) -> Value {
    let (name, level, description) = *role;
    let id = role_id(name);
    json!({
        "id": id, "name": name, "description": description, "type": "default", "level": level,
        "assignedScopes": [], "permissions": [], "canEdit": false, "canDelete": false,
        "tenantId": tenant_id, "createdAt": created, "lastUpdatedAt": created,
        "links": { "self": { "href": format!("/api/v1/roles/{id}") } },
    })
}

fn not_found(id: &str) -> QlikError {
    QlikError::not_found("IDENTITIES-10402", format!("role {id} not found"))
}

/// When the caller's tenant was created: its default roles were created with it.
fn tenant_created(state: &EmuState, tenant_id: &str) -> Result<String, QlikError> {
    let world = state.lock();
    let created = world.tenant(tenant_id)?.created;
    Ok(created.to_rfc3339_opts(SecondsFormat::Millis, true))
}

/// `GET /api/v1/roles?filter=&limit=&next=` → 200 `{data, links}`, paged; of SCIM filters only
/// `name eq "x"` is honoured.
pub async fn list(call: TenantCall, Query(q): Query<paging::Query>) -> Result<Json<Value>> {
    let wanted = q
        .get("filter")
        .and_then(|f| f.strip_prefix("name eq "))
        .map(|n| n.trim_matches('"'));
    let roles: Vec<(String, &DefaultRole)> = DEFAULT_ROLES
        .iter()
        .filter(|(name, _, _)| wanted.is_none_or(|w| w == *name))
        .map(|role| (role_id(role.0), role))
        .collect();
    let created = tenant_created(call.state(), &call.tenant_id)?;
    paging::ROLES
        .page(
            "/api/v1/roles",
            &q,
            &roles,
            |(id, _)| id.as_str(),
            |(_, role)| role_json(role, &call.tenant_id, &created),
        )
        .map(Json)
}

/// `GET /api/v1/roles/{id}` → 200 `Role`, 404 `IDENTITIES-10402`.
pub async fn get(call: TenantCall, Path(id): Path<String>) -> Result<Json<Value>> {
    let role = DEFAULT_ROLES
        .iter()
        .find(|(name, _, _)| role_id(name) == id)
        .ok_or_else(|| not_found(&id))?;
    let created = tenant_created(call.state(), &call.tenant_id)?;
    Ok(Json(role_json(role, &call.tenant_id, &created)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_resolve_by_id_or_name() {
        let admin = role_id("TenantAdmin");
        assert_eq!(admin.len(), 24);
        let cases = [
            (json!({ "id": admin }), Some("TenantAdmin")),
            (json!({ "name": "Developer" }), Some("Developer")),
            (json!({ "name": "tenantadmin" }), None),
            (json!({ "id": "000000000000000000000000" }), None),
            (json!({}), None),
        ];
        for (reference, want) in cases {
            assert_eq!(resolve(&reference), want, "{reference}");
        }
        assert_eq!(assigned("AnalyticsAdmin")["level"], json!("admin"));
    }
}
