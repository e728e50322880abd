//! Templates as the console and the REST API show them: modules at their current version,
//! and each module's recorded versions with the sheets and themes they ship.

use crate::domain::{AppId, ModuleKey, ParamName, SheetId, ThemeName};
use serde::{Deserialize, Serialize};

/// A module as listed (`GET /api/v1/modules`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ModuleView {
    pub key: ModuleKey,
    pub name: String,
    pub template_app_id: AppId,
    /// The current version.
    pub version: i64,
}

/// A sheet a module exposes (ids survive export, import and publish).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SheetRef {
    pub id: SheetId,
    pub title: String,
}

/// A recorded template version (`GET /api/v1/modules/{key}/versions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VersionView {
    pub version: i64,
    pub template_app_id: AppId,
    pub sheets: Vec<SheetRef>,
    pub script_template: String,
    /// Parameters passed as reload-time variables instead of written into the script.
    pub variables: Vec<ParamName>,
    pub note: String,
    /// The custom themes the version ships to every customer's tenant.
    pub themes: Vec<ThemeView>,
}

/// A custom theme of a template version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ThemeView {
    /// Its `qextFilename`: sheet URLs select it with `theme=<name>`.
    pub name: ThemeName,
    /// The `.qext`'s display name.
    pub title: String,
    /// SHA-256 of the zip.
    pub sha256: String,
    /// The zip's size in bytes.
    pub size: i64,
}
