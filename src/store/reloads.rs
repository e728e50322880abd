//! Reload history: every reload of a customer's published app the hub saw (by polling or by
//! webhook), with why it ran and how it ended — the facts of the freshness view.

use super::query::{Changes, Fetch};
use super::rows::{Columns, Record};
use super::{Store, StoreError};
use crate::domain::{CustomerSlug, ModuleKey, ReloadId, ReloadOutcome, ReloadTrigger};
pub use crate::wire::ReloadRecord;
use sqlx::any::AnyRow;

impl Record for ReloadRecord {
    fn from_row(row: &AnyRow) -> Result<Self, StoreError> {
        let row = Columns::of(row, "reload history");
        Ok(Self {
            customer: row.parsed("slug", CustomerSlug::parse)?,
            module: row.parsed("module", ModuleKey::parse)?,
            reload_id: row.parsed("reload_id", ReloadId::parse)?,
            status: row.parsed("status", ReloadOutcome::parse)?,
            trigger: row.parsed("triggered_by", ReloadTrigger::parse)?,
            created_at: row.get("created_at")?,
            started_at: row.get("started_at")?,
            ended_at: row.get("ended_at")?,
            log_excerpt: row.get("log_excerpt")?,
        })
    }
}

const COLUMNS: &str = "slug, module, reload_id, status, triggered_by, created_at, started_at, \
                       ended_at, log_excerpt";

impl Store {
    /// Records `r`, or brings a recorded reload up to date (its trigger is kept: the first
    /// sighting knows best why it ran).
    pub async fn record_reload(&self, r: &ReloadRecord) -> Result<(), StoreError> {
        sqlx::query(&format!(
            "INSERT INTO reload_history ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (slug, module, reload_id) DO UPDATE SET status = excluded.status, \
             started_at = excluded.started_at, ended_at = excluded.ended_at, \
             log_excerpt = excluded.log_excerpt"
        ))
        .bind(r.customer.as_str())
        .bind(r.module.as_str())
        .bind(r.reload_id.as_str())
        .bind(r.status.as_str())
        .bind(r.trigger.as_str())
        .bind(r.created_at)
        .bind(r.started_at)
        .bind(r.ended_at)
        .bind(r.log_excerpt.as_deref())
        .run(self.pool())
        .await
    }

    /// The recorded reload `id` of `slug`/`module`, if any.
    pub async fn recorded_reload(
        &self,
        slug: &CustomerSlug,
        module: &ModuleKey,
        id: &ReloadId,
    ) -> Result<Option<ReloadRecord>, StoreError> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM reload_history WHERE slug = $1 AND module = $2 AND reload_id = $3"
        ))
        .bind(slug.as_str())
        .bind(module.as_str())
        .bind(id.as_str())
        .optional(self.pool())
        .await
    }

    /// Every reload created since `since_ms`, oldest first.
    pub async fn reload_history(&self, since_ms: i64) -> Result<Vec<ReloadRecord>, StoreError> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM reload_history WHERE created_at >= $1 \
             ORDER BY created_at, slug, module, reload_id"
        ))
        .bind(since_ms)
        .all(self.pool())
        .await
    }

    /// The newest `limit` reloads of `slug`/`module`, newest first.
    pub async fn recent_reloads(
        &self,
        slug: &CustomerSlug,
        module: &ModuleKey,
        limit: i64,
    ) -> Result<Vec<ReloadRecord>, StoreError> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM reload_history WHERE slug = $1 AND module = $2 \
             ORDER BY created_at DESC, reload_id DESC LIMIT $3"
        ))
        .bind(slug.as_str())
        .bind(module.as_str())
        .bind(limit)
        .all(self.pool())
        .await
    }
}
