//! Per-module menu options, stored as JSON next to the module.

use super::query::Changes;
use super::{Store, StoreError};
use crate::domain::{MenuOptions, ModuleKey};

impl Store {
    /// The module's menu options (empty when never set).
    pub async fn menu_options(&self, key: &ModuleKey) -> Result<MenuOptions, StoreError> {
        let raw: Option<String> =
            sqlx::query_scalar("SELECT menu_options FROM modules WHERE module_key = $1")
                .bind(key.as_str())
                .fetch_optional(self.pool())
                .await?;
        let raw = raw.ok_or_else(|| StoreError::NotFound(format!("module {key}")))?;
        serde_json::from_str(&raw).map_err(|e| StoreError::Corrupt(format!("menu options: {e}")))
    }

    /// Replaces the module's menu options.
    pub async fn set_menu_options(
        &self,
        key: &ModuleKey,
        options: &MenuOptions,
    ) -> Result<(), StoreError> {
        let json = serde_json::to_string(options)
            .map_err(|e| StoreError::Corrupt(format!("menu options: {e}")))?;
        sqlx::query("UPDATE modules SET menu_options = $1 WHERE module_key = $2")
            .bind(json)
            .bind(key.as_str())
            .found(self.pool(), || format!("module {key}"))
            .await
    }
}
