//! Templates: modules and their recorded versions; a new version is an explicit event.

use super::Caller;
use super::json::Valid;
use crate::api::ApiError;
use crate::domain::{AppId, ModuleKey};
use crate::provision::script;
use crate::server::{AppError, AppState};
use crate::store::{SheetRef, StoreError, TemplateVersion};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

/// A module as listed.
#[derive(Debug, Serialize, Deserialize)]
pub struct ModuleView {
    pub key: ModuleKey,
    pub name: String,
    pub template_app_id: AppId,
    pub version: i64,
}

/// A template version as shown and as posted.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionBody {
    pub template_app_id: AppId,
    #[serde(default)]
    pub sheets: Vec<SheetRef>,
    pub script_template: String,
    #[serde(default)]
    pub note: String,
    #[serde(default, skip_deserializing)]
    pub version: i64,
}

pub async fn list(
    _: Caller,
    State(state): State<AppState>,
) -> Result<Json<Vec<ModuleView>>, AppError> {
    let modules = state
        .store
        .list_modules()
        .await
        .map_err(StoreError::log_and_hide)?;
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

pub async fn versions(
    _: Caller,
    State(state): State<AppState>,
    Path(key): Path<String>,
) -> Result<Json<Vec<VersionBody>>, AppError> {
    let key = super::param("key", &key, ModuleKey::parse)?;
    state
        .store
        .get_module(&key)
        .await
        .map_err(StoreError::log_and_hide)?;
    let versions = state
        .store
        .list_module_versions(&key)
        .await
        .map_err(StoreError::log_and_hide)?;
    Ok(Json(
        versions
            .into_iter()
            .map(|v| VersionBody {
                template_app_id: v.template_app_id,
                sheets: v.sheets,
                script_template: v.script_template,
                note: v.note,
                version: v.version,
            })
            .collect(),
    ))
}

/// Records a new template version (it becomes current; roll it out to customers with apply).
pub async fn add_version(
    _: Caller,
    State(state): State<AppState>,
    Path(key): Path<String>,
    Valid(body): Valid<VersionBody>,
) -> Result<(StatusCode, Json<VersionBody>), AppError> {
    let key = super::param("key", &key, ModuleKey::parse)?;
    script::placeholders(&body.script_template)
        .map_err(|e| ApiError::invalid("script_template", e))?;
    state
        .store
        .get_module(&key)
        .await
        .map_err(StoreError::log_and_hide)?;
    let next = TemplateVersion {
        template_app_id: body.template_app_id.clone(),
        sheets: body.sheets.clone(),
        script_template: body.script_template.clone(),
        note: body.note.clone(),
    };
    let version = state
        .store
        .add_module_version(&key, &next)
        .await
        .map_err(StoreError::log_and_hide)?;
    Ok((StatusCode::CREATED, Json(VersionBody { version, ..body })))
}
