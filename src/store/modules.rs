//! Modules: a named template app in the partner's source tenant, with every version recorded.
//! A new template version is an explicit event; `modules.version` names the current one.

use super::error::UniqueKey;
use super::query::{Changes, Fetch};
use super::rows::{Columns, Record};
use super::{Store, StoreError, now_millis};
use crate::domain::{AppId, ModuleKey, ParamName};
use sqlx::Row;
use sqlx::any::AnyRow;

/// A module as stored, at its current version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleRecord {
    pub key: ModuleKey,
    pub name: String,
    pub template_app_id: AppId,
    pub version: i64,
}

pub use crate::wire::SheetRef;

/// One recorded version of a module's template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleVersion {
    pub key: ModuleKey,
    pub version: i64,
    pub template_app_id: AppId,
    pub sheets: Vec<SheetRef>,
    pub script_template: String,
    /// Parameters passed as reload-time variables (the script is left as the template has it).
    pub variables: Vec<ParamName>,
    pub note: String,
    pub created_at: i64,
    /// Custom themes it ships (uploaded to each customer's tenant with it).
    pub themes: Vec<super::themes::VersionTheme>,
}

/// What a new template version consists of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateVersion {
    pub template_app_id: AppId,
    pub sheets: Vec<SheetRef>,
    pub script_template: String,
    /// Parameters passed as reload-time variables.
    pub variables: Vec<ParamName>,
    pub note: String,
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("module {e}"))
}

const VERSION_COLUMNS: &str =
    "module_key, version, template_app_id, sheets, script_template, variables, note, created_at";

impl Record for ModuleRecord {
    fn from_row(row: &AnyRow) -> Result<Self, StoreError> {
        let row = Columns::of(row, "module");
        Ok(Self {
            key: row.parsed("module_key", ModuleKey::parse)?,
            name: row.get("name")?,
            template_app_id: row.parsed("template_app_id", AppId::parse)?,
            version: row.get("version")?,
        })
    }
}

/// A version as its row holds it, without its themes (read from their own table).
impl Record for ModuleVersion {
    fn from_row(row: &AnyRow) -> Result<Self, StoreError> {
        let (key, version): (String, i64) = (row.try_get("module_key")?, row.try_get("version")?);
        let what = format!("module {key} v{version}");
        let row = Columns::of(row, &what);
        Ok(Self {
            key: row.parsed("module_key", ModuleKey::parse)?,
            version,
            template_app_id: row.parsed("template_app_id", AppId::parse)?,
            sheets: row.json("sheets")?,
            script_template: row.get("script_template")?,
            variables: row.json("variables")?,
            note: row.get("note")?,
            created_at: row.get("created_at")?,
            themes: Vec::new(),
        })
    }
}

impl Store {
    /// Adds a module whose first version is `first`; a module with the same key is a conflict.
    pub async fn insert_module(
        &self,
        key: &ModuleKey,
        name: &str,
        first: &TemplateVersion,
    ) -> Result<ModuleRecord, StoreError> {
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO modules (module_key, name, template_app_id, version, created_at) \
             VALUES ($1, $2, $3, 1, $4)",
        )
        .bind(key.as_str())
        .bind(name)
        .bind(first.template_app_id.as_str())
        .bind(now_millis())
        .execute(&mut *tx)
        .await
        .or_conflict(|| format!("module {key}"))?;
        insert_version(&mut tx, key, 1, first).await?;
        tx.commit().await?;
        self.get_module(key).await
    }

    /// Records a new template version; returns its number. It is not released: customers get
    /// it through a rollout (or `set_current_version`).
    pub async fn add_module_version(
        &self,
        key: &ModuleKey,
        next: &TemplateVersion,
    ) -> Result<i64, StoreError> {
        self.add_module_version_with_themes(key, next, &[]).await
    }

    /// [`Store::add_module_version`] with the custom themes the version ships, in one
    /// transaction.
    pub async fn add_module_version_with_themes(
        &self,
        key: &ModuleKey,
        next: &TemplateVersion,
        themes: &[super::themes::ThemePackage],
    ) -> Result<i64, StoreError> {
        let mut tx = self.pool().begin().await?;
        let latest: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM module_versions WHERE module_key = $1")
                .bind(key.as_str())
                .fetch_one(&mut *tx)
                .await?;
        let version = latest.ok_or_else(|| StoreError::NotFound(format!("module {key}")))? + 1;
        insert_version(&mut tx, key, version, next).await?;
        super::themes::record(&mut tx, key, version, themes).await?;
        tx.commit().await?;
        Ok(version)
    }

    /// Releases a recorded version: customers without a pin get it.
    pub async fn set_current_version(
        &self,
        key: &ModuleKey,
        version: i64,
    ) -> Result<(), StoreError> {
        let v = self.get_module_version(key, version).await?;
        sqlx::query("UPDATE modules SET version = $1, template_app_id = $2 WHERE module_key = $3")
            .bind(version)
            .bind(v.template_app_id.as_str())
            .bind(key.as_str())
            .run(self.pool())
            .await
    }

    /// One module at its current version.
    pub async fn get_module(&self, key: &ModuleKey) -> Result<ModuleRecord, StoreError> {
        sqlx::query(
            "SELECT module_key, name, template_app_id, version FROM modules WHERE module_key = $1",
        )
        .bind(key.as_str())
        .one(self.pool(), || format!("module {key}"))
        .await
    }

    /// All modules, ordered by key.
    pub async fn list_modules(&self) -> Result<Vec<ModuleRecord>, StoreError> {
        sqlx::query(
            "SELECT module_key, name, template_app_id, version FROM modules ORDER BY module_key",
        )
        .all(self.pool())
        .await
    }

    /// One recorded version of a module.
    pub async fn get_module_version(
        &self,
        key: &ModuleKey,
        version: i64,
    ) -> Result<ModuleVersion, StoreError> {
        let mut found: ModuleVersion = sqlx::query(&format!(
            "SELECT {VERSION_COLUMNS} FROM module_versions WHERE module_key = $1 AND version = $2"
        ))
        .bind(key.as_str())
        .bind(version)
        .one(self.pool(), || format!("version {version} of module {key}"))
        .await?;
        found.themes = super::themes::of_version(self, key, version).await?;
        Ok(found)
    }

    /// Every version of a module, oldest first.
    pub async fn list_module_versions(
        &self,
        key: &ModuleKey,
    ) -> Result<Vec<ModuleVersion>, StoreError> {
        let mut versions: Vec<ModuleVersion> = sqlx::query(&format!(
            "SELECT {VERSION_COLUMNS} FROM module_versions WHERE module_key = $1 ORDER BY version"
        ))
        .bind(key.as_str())
        .all(self.pool())
        .await?;
        for v in &mut versions {
            v.themes = super::themes::of_version(self, key, v.version).await?;
        }
        Ok(versions)
    }
}

async fn insert_version(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    key: &ModuleKey,
    version: i64,
    v: &TemplateVersion,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO module_versions \
         (module_key, version, template_app_id, sheets, script_template, variables, note, \
          created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(key.as_str())
    .bind(version)
    .bind(v.template_app_id.as_str())
    .bind(serde_json::to_string(&v.sheets).map_err(corrupt)?)
    .bind(v.script_template.as_str())
    .bind(serde_json::to_string(&v.variables).map_err(corrupt)?)
    .bind(v.note.as_str())
    .bind(now_millis())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
