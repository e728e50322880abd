//! Templates: modules and their recorded versions (a new version is an explicit event), and
//! each module's menu options.

use super::Admin;
use super::json::Valid;
use super::path::ModulePath;
use crate::domain::{AppId, MenuOptions, ParamName};
use crate::ops::templates::{self, NewVersion};
use crate::server::AppError;
use crate::store::SheetRef;
use crate::wire::{ApiError, ModuleView, VersionView};
use axum::Json;
use axum::http::StatusCode;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

/// A template version as posted; it is shown as a [`VersionView`].
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionBody {
    pub template_app_id: AppId,
    #[serde(default)]
    pub sheets: Vec<SheetRef>,
    pub script_template: String,
    /// Parameters passed as reload-time variables (at most 20) instead of written into the
    /// script, so the script stays byte-identical across customers.
    #[serde(default)]
    pub variables: Vec<ParamName>,
    #[serde(default)]
    pub note: String,
    /// Custom themes the version ships, uploaded to every customer's tenant with it: each
    /// `{"file": "<the theme zip, base64>"}` (a folder with `<name>.qext` of `"type":
    /// "theme"` and `theme.json`; at most 10, within the hub's body limit).
    #[serde(default)]
    pub themes: Vec<ThemeFile>,
}

/// A theme posted with a template version.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThemeFile {
    /// The theme zip, base64.
    pub file: String,
}

/// Modules and their current template version
#[utoipa::path(
    get,
    path = "/api/v1/modules",
    responses((status = 200, description = "The modules", body = Vec<ModuleView>))
)]
pub async fn list(Admin { state, .. }: Admin) -> Result<Json<Vec<ModuleView>>, AppError> {
    let modules = state.store.list_modules().await?;
    Ok(Json(
        modules
            .into_iter()
            .map(|m| ModuleView {
                key: m.key,
                name: m.name,
                template_app_id: m.template_app_id,
                version: m.version,
            })
            .collect(),
    ))
}

/// Every recorded template version of a module
#[utoipa::path(
    get,
    path = "/api/v1/modules/{key}/versions",
    params(ModulePath),
    responses((status = 200, description = "The versions", body = Vec<VersionView>))
)]
pub async fn versions(
    Admin { state, .. }: Admin,
    ModulePath(key): ModulePath,
) -> Result<Json<Vec<VersionView>>, AppError> {
    Ok(Json(templates::versions(&state.store, &key).await?))
}

/// Record a new template version (customers get it through a rollout)
#[utoipa::path(
    post,
    path = "/api/v1/modules/{key}/versions",
    params(ModulePath),
    request_body = VersionBody,
    responses((status = 201, description = "Recorded", body = VersionView))
)]
pub async fn add_version(
    Admin { state, .. }: Admin,
    ModulePath(key): ModulePath,
    Valid(body): Valid<VersionBody>,
) -> Result<(StatusCode, Json<VersionView>), AppError> {
    let mut themes = Vec::with_capacity(body.themes.len());
    for (i, theme) in body.themes.iter().enumerate() {
        let field = format!("themes[{i}].file");
        let file = &theme.file;
        let zip = base64::engine::general_purpose::STANDARD
            .decode(file.trim())
            .map_err(|e| ApiError::invalid(&field, format!("not base64: {e}")))?;
        themes.push((field, zip));
    }
    let next = NewVersion {
        template_app_id: Some(body.template_app_id),
        sheets: body.sheets,
        script_template: body.script_template,
        variables: body.variables,
        note: body.note,
        themes,
    };
    let recorded = templates::add_version(&state.store, state.engine(), &key, next).await?;
    Ok((StatusCode::CREATED, Json(recorded)))
}

/// A module's menu options: opt flags, fixed selections, theme and lang for its sheet URLs
#[utoipa::path(
    get,
    path = "/api/v1/modules/{key}/menu",
    params(ModulePath),
    responses((status = 200, description = "The options", body = MenuOptions))
)]
pub async fn menu_options(
    Admin { state, .. }: Admin,
    ModulePath(key): ModulePath,
) -> Result<Json<MenuOptions>, AppError> {
    Ok(Json(state.store.menu_options(&key).await?))
}

/// Set a module's menu options: {opt: [..], select: [{state?, field, values}], theme?, lang?}
#[utoipa::path(
    put,
    path = "/api/v1/modules/{key}/menu",
    params(ModulePath),
    request_body = MenuOptions,
    responses((status = 200, description = "The stored options", body = MenuOptions))
)]
pub async fn set_menu_options(
    Admin { state, .. }: Admin,
    ModulePath(key): ModulePath,
    Json(raw): Json<serde_json::Value>,
) -> Result<Json<MenuOptions>, AppError> {
    let options: MenuOptions = serde_json::from_value(raw).map_err(|e| {
        let message = e.to_string();
        // The options' own checks name the part at fault first (`select[0]: …`).
        let field = message
            .split_once(':')
            .map(|(f, _)| f)
            .filter(|f| {
                f.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "[]_".contains(c))
            })
            .unwrap_or("body")
            .to_owned();
        ApiError::invalid(&field, message.trim_start_matches(&format!("{field}: ")))
    })?;
    state.store.set_menu_options(&key, &options).await?;
    Ok(Json(options))
}
