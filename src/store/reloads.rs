//! Reload history: every reload of a customer's published app the hub saw (by polling or by
//! webhook), with why it ran and how it ended — the facts of the freshness view.

use super::query::Changes;
use super::{Store, StoreError};
use crate::domain::{CustomerSlug, ModuleKey, ReloadId, ReloadOutcome, ReloadTrigger};
pub use crate::wire::ReloadRecord;
use sqlx::Row;
use sqlx::any::AnyRow;

fn corrupt(what: &str, raw: &str) -> StoreError {
    StoreError::Corrupt(format!("reload history: {what} {raw:?}"))
}

fn from_row(row: &AnyRow) -> Result<ReloadRecord, StoreError> {
    let text = |i: usize| row.get::<String, _>(i);
    let slug = text(0);
    let module = text(1);
    let id = text(2);
    let status = text(3);
    let trigger = text(4);
    Ok(ReloadRecord {
        customer: CustomerSlug::parse(&slug).map_err(|_| corrupt("customer", &slug))?,
        module: ModuleKey::parse(&module).map_err(|_| corrupt("module", &module))?,
        reload_id: ReloadId::parse(&id).map_err(|_| corrupt("reload id", &id))?,
        status: ReloadOutcome::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        trigger: ReloadTrigger::parse(&trigger).ok_or_else(|| corrupt("trigger", &trigger))?,
        created_at: row.get(5),
        started_at: row.get(6),
        ended_at: row.get(7),
        log_excerpt: row.get(8),
    })
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
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM reload_history WHERE slug = $1 AND module = $2 AND reload_id = $3"
        ))
        .bind(slug.as_str())
        .bind(module.as_str())
        .bind(id.as_str())
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Every reload created since `since_ms`, oldest first.
    pub async fn reload_history(&self, since_ms: i64) -> Result<Vec<ReloadRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM reload_history WHERE created_at >= $1 \
             ORDER BY created_at, slug, module, reload_id"
        ))
        .bind(since_ms)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// The newest `limit` reloads of `slug`/`module`, newest first.
    pub async fn recent_reloads(
        &self,
        slug: &CustomerSlug,
        module: &ModuleKey,
        limit: i64,
    ) -> Result<Vec<ReloadRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM reload_history WHERE slug = $1 AND module = $2 \
             ORDER BY created_at DESC, reload_id DESC LIMIT $3"
        ))
        .bind(slug.as_str())
        .bind(module.as_str())
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(from_row).collect()
    }
}
