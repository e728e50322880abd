//! Modules: a named template app in the partner's source tenant, at a recorded version.

use super::{Store, StoreError, now_millis};
use crate::domain::{AppId, ModuleKey};
use sqlx::Row;
use sqlx::any::AnyRow;

/// A module as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleRecord {
    pub key: ModuleKey,
    pub name: String,
    pub template_app_id: AppId,
    pub version: i64,
}

impl ModuleRecord {
    fn from_row(row: &AnyRow) -> Result<Self, StoreError> {
        let key: String = row.try_get("module_key")?;
        let app: String = row.try_get("template_app_id")?;
        Ok(Self {
            key: ModuleKey::parse(&key).map_err(|e| StoreError::Corrupt(format!("module {e}")))?,
            name: row.try_get("name")?,
            template_app_id: AppId::parse(&app).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            version: row.try_get("version")?,
        })
    }
}

impl Store {
    /// Adds a module at version 1; a module with the same key is a conflict.
    pub async fn insert_module(
        &self,
        key: &ModuleKey,
        name: &str,
        template_app_id: &AppId,
    ) -> Result<ModuleRecord, StoreError> {
        sqlx::query(
            "INSERT INTO modules (module_key, name, template_app_id, version, created_at) \
             VALUES ($1, $2, $3, 1, $4)",
        )
        .bind(key.as_str())
        .bind(name)
        .bind(template_app_id.as_str())
        .bind(now_millis())
        .execute(self.pool())
        .await
        .map_err(|e| match StoreError::is_unique_violation(&e) {
            true => StoreError::Conflict(format!("module {key}")),
            false => e.into(),
        })?;
        Ok(ModuleRecord {
            key: key.clone(),
            name: name.to_owned(),
            template_app_id: template_app_id.clone(),
            version: 1,
        })
    }

    /// All modules, ordered by key.
    pub async fn list_modules(&self) -> Result<Vec<ModuleRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT module_key, name, template_app_id, version FROM modules ORDER BY module_key",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(ModuleRecord::from_row).collect()
    }
}
