//! Fleet reloads: an admin's "reload now" over many customers × modules, kept item by item so
//! that any replica resumes it after a restart.

use super::query::{Changes, Fetch};
use super::rows::{Columns, Record};
use super::{Store, StoreError, now_millis};
use crate::domain::{CustomerSlug, FleetItemState, FleetReloadState, ModuleKey, ReloadId};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;

/// A fleet reload as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FleetReload {
    pub id: String,
    pub state: FleetReloadState,
    /// At most this many reloads at once against one customer database (`None`: no cap).
    pub per_source_cap: Option<u32>,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

/// One customer × module of a fleet reload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FleetItem {
    pub customer: CustomerSlug,
    pub module: ModuleKey,
    /// Which database the reload reads (the customer's connection, without credentials).
    pub source: String,
    pub state: FleetItemState,
    pub reload_id: Option<ReloadId>,
    pub error: Option<String>,
}

impl Record for FleetReload {
    fn from_row(row: &AnyRow) -> Result<Self, StoreError> {
        let row = Columns::of(row, "fleet reload");
        Ok(FleetReload {
            id: row.get("id")?,
            state: row.parsed("state", FleetReloadState::parse)?,
            per_source_cap: row
                .get::<Option<i64>>("per_source_cap")?
                .and_then(|c| u32::try_from(c).ok()),
            created_at: row.get("created_at")?,
            finished_at: row.get("finished_at")?,
        })
    }
}

impl Record for FleetItem {
    fn from_row(row: &AnyRow) -> Result<Self, StoreError> {
        let row = Columns::of(row, "fleet reload item");
        Ok(FleetItem {
            customer: row.parsed("slug", CustomerSlug::parse)?,
            module: row.parsed("module", ModuleKey::parse)?,
            source: row.get("source")?,
            state: row.parsed("state", FleetItemState::parse)?,
            reload_id: row.parsed_opt("reload_id", ReloadId::parse)?,
            error: row.get("error")?,
        })
    }
}

impl Store {
    /// Records a new fleet reload and all its items (pending), in one transaction.
    pub async fn create_fleet_reload(
        &self,
        id: &str,
        per_source_cap: Option<u32>,
        items: &[FleetItem],
    ) -> Result<FleetReload, StoreError> {
        let now = now_millis();
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO fleet_reloads (id, state, per_source_cap, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(FleetReloadState::Running.as_str())
        .bind(per_source_cap.map(i64::from))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        for item in items {
            sqlx::query(
                "INSERT INTO fleet_reload_items (fleet_id, slug, module, source, state) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(item.customer.as_str())
            .bind(item.module.as_str())
            .bind(&item.source)
            .bind(FleetItemState::Pending.as_str())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.get_fleet_reload(id).await
    }

    /// Fleet reload `id`.
    pub async fn get_fleet_reload(&self, id: &str) -> Result<FleetReload, StoreError> {
        sqlx::query(
            "SELECT id, state, per_source_cap, created_at, finished_at FROM fleet_reloads WHERE id = $1",
        )
        .bind(id)
        .one(self.pool(), || format!("fleet reload {id}"))
        .await
    }

    /// The ids of fleet reloads still running, oldest first.
    pub async fn running_fleet_reloads(&self) -> Result<Vec<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT id FROM fleet_reloads WHERE state = $1 ORDER BY created_at")
                .bind(FleetReloadState::Running.as_str())
                .fetch_all(self.pool())
                .await?,
        )
    }

    /// Every item of fleet reload `id`, in customer and module order.
    pub async fn fleet_items(&self, id: &str) -> Result<Vec<FleetItem>, StoreError> {
        sqlx::query(
            "SELECT slug, module, source, state, reload_id, error FROM fleet_reload_items \
             WHERE fleet_id = $1 ORDER BY slug, module",
        )
        .bind(id)
        .all(self.pool())
        .await
    }

    /// Writes an item's state, reload and error.
    pub async fn update_fleet_item(&self, id: &str, item: &FleetItem) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE fleet_reload_items SET state = $1, reload_id = $2, error = $3 \
             WHERE fleet_id = $4 AND slug = $5 AND module = $6",
        )
        .bind(item.state.as_str())
        .bind(item.reload_id.as_ref().map(|r| r.as_str().to_owned()))
        .bind(item.error.as_deref())
        .bind(id)
        .bind(item.customer.as_str())
        .bind(item.module.as_str())
        .run(self.pool())
        .await
    }

    /// Ends fleet reload `id` in `state`.
    pub async fn finish_fleet_reload(
        &self,
        id: &str,
        state: FleetReloadState,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE fleet_reloads SET state = $1, finished_at = $2 WHERE id = $3")
            .bind(state.as_str())
            .bind(now_millis())
            .bind(id)
            .run(self.pool())
            .await
    }
}
