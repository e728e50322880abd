//! Recording a new template version (REST `POST /api/v1/modules/{key}/versions`, CLI
//! `oem-hub templates add-version`): its script is checked, its sheets read from the template
//! app when none are listed, and the custom themes it ships checked as Qlik would check them
//! (see `theme_archive`) before anything is written; version and themes are one transaction.

use crate::domain::{AppId, ModuleKey, ParamName};
use crate::provision::{Engine, script};
use crate::store::{
    MAX_VERSION_THEMES, ModuleVersion, SheetRef, Store, TemplateVersion, ThemePackage, VersionTheme,
};
use crate::wire::{ApiError, ThemeView, VersionView};
use std::collections::BTreeSet;

/// A new template version as a door gives it; each theme is a Qlik theme zip.
#[derive(Debug, Clone, Default)]
pub struct NewVersion {
    pub template_app_id: Option<AppId>,
    pub sheets: Vec<SheetRef>,
    pub script_template: String,
    pub variables: Vec<ParamName>,
    pub note: String,
    /// `(field, archive)`: where each zip came from, to name it in a refusal.
    pub themes: Vec<(String, Vec<u8>)>,
}

/// A recorded version as the doors show it.
pub fn view(v: ModuleVersion) -> VersionView {
    VersionView {
        version: v.version,
        template_app_id: v.template_app_id,
        sheets: v.sheets,
        script_template: v.script_template,
        variables: v.variables,
        note: v.note,
        themes: v.themes.into_iter().map(theme_view).collect(),
    }
}

fn theme_view(theme: VersionTheme) -> ThemeView {
    ThemeView {
        name: theme.name,
        title: theme.title,
        sha256: theme.sha256,
        size: theme.size,
    }
}

/// Every recorded version of module `key`, oldest first (not found for an unknown module).
pub async fn versions(store: &Store, key: &ModuleKey) -> Result<Vec<VersionView>, ApiError> {
    store.get_module(key).await?;
    let versions = store.list_module_versions(key).await?;
    Ok(versions.into_iter().map(view).collect())
}

/// Checks the themes: each a theme Qlik would take, at most [`MAX_VERSION_THEMES`], no two
/// with one name.
pub fn check_themes(themes: Vec<(String, Vec<u8>)>) -> Result<Vec<ThemePackage>, ApiError> {
    if themes.len() > MAX_VERSION_THEMES {
        let message = format!("at most {MAX_VERSION_THEMES} themes per version");
        return Err(ApiError::invalid("themes", message));
    }
    let mut names = BTreeSet::new();
    let mut packages = Vec::with_capacity(themes.len());
    for (field, archive) in themes {
        let package = ThemePackage::read(archive).map_err(|e| ApiError::invalid(&field, e))?;
        if !names.insert(package.theme.name.clone()) {
            let message = format!(
                "another theme of this version is named {}",
                package.theme.name
            );
            return Err(ApiError::invalid(&field, message));
        }
        packages.push(package);
    }
    Ok(packages)
}

/// Records `next` as the newest version of `key` (customers get it through a rollout).
pub async fn add_version(
    store: &Store,
    engine: Result<&Engine, ApiError>,
    key: &ModuleKey,
    next: NewVersion,
) -> Result<VersionView, ApiError> {
    let app = next
        .template_app_id
        .clone()
        .ok_or_else(|| ApiError::invalid("template_app_id", "required"))?;
    script::placeholders(&next.script_template)
        .map_err(|e| ApiError::invalid("script_template", e))?;
    if next.variables.len() > script::MAX_VARIABLES {
        let message = format!("at most {} reload-time variables", script::MAX_VARIABLES);
        return Err(ApiError::invalid("variables", message));
    }
    let themes = check_themes(next.themes)?;
    store.get_module(key).await?;
    let mut sheets = next.sheets;
    if sheets.is_empty() {
        // Read them from the template app itself rather than make the partner type them.
        sheets = engine?.template_sheets(&app).await.map_err(|e| {
            let message = format!("none given, and the template app's sheets cannot be read: {e}");
            ApiError::invalid("sheets", message)
        })?;
    }
    let version = TemplateVersion {
        template_app_id: app,
        sheets,
        script_template: next.script_template,
        variables: next.variables,
        note: next.note,
    };
    let number = store
        .add_module_version_with_themes(key, &version, &themes)
        .await?;
    // The version as stored, themes included: what the doors show is what was recorded.
    Ok(view(store.get_module_version(key, number).await?))
}
