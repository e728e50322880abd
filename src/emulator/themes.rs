//! Themes API (`/api/v1/themes`, @qlik/api 2.19.0 `themes.d.ts`): custom themes uploaded to a
//! tenant as zips (`edit`: upload, patch), listed, read, deleted and downloaded; and the look
//! `/single/` gives a sheet from a theme and a language (`look`).
//!
//! Who may do what: uploading, changing and deleting themes takes the tenant or analytics
//! administrator role (help.qlik.com "Uploading and managing themes"), and so does downloading
//! a theme's whole archive since October 2024 (qlik.dev changelog "Updates to Extensions and
//! Themes API permissions"). UNCONFIRMED: that any user of the tenant may list and read themes
//! and fetch a single file of one (the analytics client needs them to style an app).

mod edit;
pub mod look;
mod multipart;

pub use edit::{patch, upload};

use super::auth::{TENANT_ADMIN, TenantCaller};
use super::call::TenantCall;
use super::error::{QlikError, Result};
use super::state::{EmuTenant, EmuTheme, World};
use crate::theme_archive;
use axum::Json;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// The role besides `TenantAdmin` that manages themes.
pub const ANALYTICS_ADMIN: &str = "AnalyticsAdmin";

/// A Themes API error (the flat `Error`). UNCONFIRMED: Qlik's titles; the status reason here.
pub fn error(status: StatusCode, message: impl Into<String>) -> QlikError {
    QlikError::of_status(status, &format!("THEMES-{}", status.as_u16())).detail(message)
}

fn missing(id: &str) -> QlikError {
    error(StatusCode::NOT_FOUND, format!("theme {id} not found"))
}

/// Refuses a caller who is neither tenant nor analytics administrator.
fn require_manager(tenant: &EmuTenant, caller: &TenantCaller) -> Result<(), QlikError> {
    let me = &caller.user_id;
    if tenant.has_role(me, TENANT_ADMIN) || tenant.has_role(me, ANALYTICS_ADMIN) {
        Ok(())
    } else {
        Err(error(
            StatusCode::FORBIDDEN,
            "managing themes requires the TenantAdmin or AnalyticsAdmin role",
        ))
    }
}

/// The theme `id` names: its id or its `qextFilename` ("Theme identifier or its
/// qextFilename").
pub fn find<'t>(tenant: &'t EmuTenant, id: &str) -> Option<&'t EmuTheme> {
    tenant
        .themes
        .get(id)
        .or_else(|| tenant.themes.values().find(|t| t.qext_filename == id))
}

/// The `Theme` model as answered: the kept metadata plus the service's own members.
/// UNCONFIRMED: what `file` holds (qlik.dev's example shows `{}`), and `migrationState`
/// (not sent).
pub fn to_json(theme: &EmuTheme, tenant_id: &str) -> Value {
    let mut body = Value::Object(theme.meta.clone());
    for (key, value) in [
        ("id", json!(theme.id)),
        ("qextFilename", json!(theme.qext_filename)),
        ("tenantId", json!(tenant_id)),
        ("userId", json!(theme.user_id)),
        ("createdAt", json!(theme.created_at)),
        ("updateAt", json!(theme.updated_at)),
        ("file", json!({})),
    ] {
        body[key] = value;
    }
    body
}

fn world_tenant<'w>(world: &'w World, caller: &TenantCaller) -> Result<&'w EmuTenant, QlikError> {
    world
        .tenants
        .get(&caller.tenant_id)
        .ok_or_else(|| QlikError::no_tenant(&caller.tenant_id))
}

/// `GET /api/v1/themes` → 200 `Themes` (`{data: Theme[]}`, no paging).
pub async fn list(call: TenantCall) -> Result<Json<Value>> {
    let world = call.lock();
    let tenant = world_tenant(&world, &call)?;
    let data: Vec<Value> = tenant
        .themes
        .values()
        .map(|t| to_json(t, &tenant.id))
        .collect();
    Ok(Json(json!({ "data": data })))
}

/// `GET /api/v1/themes/{id}` → 200 `Theme`; 404.
pub async fn get(call: TenantCall, Path(id): Path<String>) -> Result<Json<Value>> {
    let world = call.lock();
    let tenant = world_tenant(&world, &call)?;
    let theme = find(tenant, &id).ok_or_else(|| missing(&id))?;
    Ok(Json(to_json(theme, &tenant.id)))
}

/// `DELETE /api/v1/themes/{id}` → 204; 403, 404.
pub async fn delete(call: TenantCall, Path(id): Path<String>) -> Result<StatusCode> {
    let mut world = call.lock();
    let tenant = world
        .tenants
        .get_mut(&call.tenant_id)
        .ok_or_else(|| QlikError::no_tenant(&call.tenant_id))?;
    require_manager(tenant, &call)?;
    let key = find(tenant, &id)
        .map(|t| t.id.clone())
        .ok_or_else(|| missing(&id))?;
    tenant.themes.remove(&key);
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/themes/{id}/file` → 200 the archive (`application/zip`); 403, 404.
pub async fn download(call: TenantCall, Path(id): Path<String>) -> Result<Response> {
    let world = call.lock();
    let tenant = world_tenant(&world, &call)?;
    require_manager(tenant, &call)?;
    let theme = find(tenant, &id).ok_or_else(|| missing(&id))?;
    let headers = [(header::CONTENT_TYPE, "application/zip")];
    Ok((headers, theme.archive.clone()).into_response())
}

/// `GET /api/v1/themes/{id}/file/{filepath}` → 200 one file of the theme, by its path inside
/// the theme's folder; 404 for a path it does not hold.
pub async fn download_file(
    call: TenantCall,
    Path((id, filepath)): Path<(String, String)>,
) -> Result<Response> {
    let world = call.lock();
    let tenant = world_tenant(&world, &call)?;
    let theme = find(tenant, &id).ok_or_else(|| missing(&id))?;
    let archive = theme_archive::ThemeArchive::read(&theme.archive)
        .map_err(|e| error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let data = archive.files.get(&filepath).ok_or_else(|| {
        error(
            StatusCode::NOT_FOUND,
            format!("theme {id} has no file {filepath}"),
        )
    })?;
    let headers = [(header::CONTENT_TYPE, content_type(&filepath))];
    Ok((headers, data.clone()).into_response())
}

fn content_type(path: &str) -> &'static str {
    match path
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
        .as_str()
    {
        "json" | "qext" => "application/json",
        "css" => "text/css",
        "html" | "htm" => "text/html",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Region;
    use crate::emulator::state::EmuUser;
    use crate::emulator::{EmuState, EmulatorConfig};

    fn caller(tenant_id: &str, user_id: &str) -> TenantCaller {
        TenantCaller {
            tenant_id: tenant_id.to_owned(),
            user_id: user_id.to_owned(),
            session_id: None,
        }
    }

    #[test]
    fn only_tenant_and_analytics_administrators_manage_themes() {
        let state = EmuState::new(EmulatorConfig::default());
        let mut world = state.lock();
        let id = world.add_tenant("acme", Region::Us);
        let tenant = world.tenants.get_mut(&id).expect("tenant");
        for (user, roles) in [
            ("admin", vec![TENANT_ADMIN]),
            ("analytics", vec![ANALYTICS_ADMIN]),
            ("viewer", vec![]),
        ] {
            let user = EmuUser {
                id: user.to_owned(),
                subject: user.to_owned(),
                name: user.to_owned(),
                email: None,
                roles: roles.into_iter().map(str::to_owned).collect(),
                groups: Vec::new(),
                created_at: chrono::Utc::now(),
            };
            tenant.users.insert(user.id.clone(), user);
        }
        assert!(require_manager(tenant, &caller(&id, "admin")).is_ok());
        assert!(require_manager(tenant, &caller(&id, "analytics")).is_ok());
        let refused = require_manager(tenant, &caller(&id, "viewer")).expect_err("viewer");
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert_eq!(refused.body()["status"], 403, "flat: {}", refused.body());
        assert!(refused.body().get("errors").is_none());
    }
}
