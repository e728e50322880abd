//! Rollouts (waves of customers moving a module to a template version) and the version pins
//! that hold each customer on a version meanwhile.

use super::error::UniqueKey;
use super::query::{Changes, Fetch};
use super::rows::{Columns, Record};
use super::{Store, StoreError, now_millis};
use crate::domain::{CustomerSlug, ModuleKey};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use std::collections::BTreeMap;

pub use crate::domain::RolloutState;

/// A rollout as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Rollout {
    pub id: String,
    pub module: ModuleKey,
    pub from_version: i64,
    pub to_version: i64,
    pub state: RolloutState,
    /// Customers per wave; the first wave is the canaries.
    pub waves: Vec<Vec<CustomerSlug>>,
    /// The wave being worked on (or that halted).
    pub current_wave: i64,
    /// A wave whose failure rate exceeds this (percent) halts the rollout.
    pub max_failure_pct: i64,
    /// Customer → `succeeded` or `failed: <reason>`, for the waves run so far.
    pub results: BTreeMap<String, String>,
    pub reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("rollout: {e}"))
}

const COLUMNS: &str = "id, module_key, from_version, to_version, state, waves, current_wave, \
    max_failure_pct, results, reason, created_at, updated_at";

impl Record for Rollout {
    fn from_row(row: &AnyRow) -> Result<Self, StoreError> {
        let row = Columns::of(row, "rollout");
        Ok(Self {
            id: row.get("id")?,
            module: row.parsed("module_key", ModuleKey::parse)?,
            from_version: row.get("from_version")?,
            to_version: row.get("to_version")?,
            state: row.parsed("state", RolloutState::parse)?,
            waves: row.json("waves")?,
            current_wave: row.get("current_wave")?,
            max_failure_pct: row.get("max_failure_pct")?,
            results: row.json("results")?,
            reason: row.get("reason")?,
            created_at: row.get("created_at")?,
            updated_at: row.get("updated_at")?,
        })
    }
}

impl Store {
    /// Records a new rollout; a module with an unfinished rollout is a conflict.
    pub async fn insert_rollout(&self, r: &Rollout) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO rollouts (id, module_key, from_version, to_version, state, waves, \
             current_wave, max_failure_pct, results, reason, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
        )
        .bind(&r.id)
        .bind(r.module.as_str())
        .bind(r.from_version)
        .bind(r.to_version)
        .bind(r.state.as_str())
        .bind(serde_json::to_string(&r.waves).map_err(corrupt)?)
        .bind(r.current_wave)
        .bind(r.max_failure_pct)
        .bind(serde_json::to_string(&r.results).map_err(corrupt)?)
        .bind(r.reason.as_deref())
        .bind(now_millis())
        .execute(self.pool())
        .await
        .or_conflict(|| format!("an unfinished rollout of module {}", r.module))?;
        Ok(())
    }

    /// Writes a rollout's progress.
    pub async fn save_rollout(&self, r: &Rollout) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE rollouts SET state = $1, current_wave = $2, results = $3, reason = $4, \
             updated_at = $5 WHERE id = $6",
        )
        .bind(r.state.as_str())
        .bind(r.current_wave)
        .bind(serde_json::to_string(&r.results).map_err(corrupt)?)
        .bind(r.reason.as_deref())
        .bind(now_millis())
        .bind(&r.id)
        .run(self.pool())
        .await
    }

    /// Leases a rollout to `owner` so only one engine instance drives it.
    pub async fn claim_rollout(
        &self,
        id: &str,
        owner: &str,
        lease_ms: i64,
    ) -> Result<bool, StoreError> {
        self.take_lease(
            "UPDATE rollouts SET lease_owner = $2, lease_expires_at = $3 WHERE id = $1 \
             AND (lease_owner IS NULL OR lease_owner = $2 OR lease_expires_at < $4)",
            id,
            owner,
            now_millis(),
            lease_ms,
        )
        .await
    }

    /// Gives a rollout's lease up.
    pub async fn release_rollout(&self, id: &str, owner: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE rollouts SET lease_owner = NULL, lease_expires_at = NULL WHERE id = $1 AND lease_owner = $2")
            .bind(id)
            .bind(owner)
            .run(self.pool())
            .await
    }

    /// One rollout.
    pub async fn get_rollout(&self, id: &str) -> Result<Rollout, StoreError> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM rollouts WHERE id = $1"))
            .bind(id)
            .one(self.pool(), || format!("rollout {id}"))
            .await
    }

    /// Rollouts, newest first.
    pub async fn list_rollouts(&self) -> Result<Vec<Rollout>, StoreError> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM rollouts ORDER BY created_at DESC, id DESC"
        ))
        .all(self.pool())
        .await
    }

    /// Holds `customer` on `version` of `module` until the pin is cleared.
    pub async fn set_pin(
        &self,
        customer: &CustomerSlug,
        module: &ModuleKey,
        version: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "DELETE FROM customer_module_pins WHERE customer_slug = $1 AND module_key = $2",
        )
        .bind(customer.as_str())
        .bind(module.as_str())
        .execute(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO customer_module_pins (customer_slug, module_key, version) VALUES ($1, $2, $3)")
            .bind(customer.as_str())
            .bind(module.as_str())
            .bind(version)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes every pin of `module` (its released version applies to all again).
    pub async fn clear_pins(&self, module: &ModuleKey) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM customer_module_pins WHERE module_key = $1")
            .bind(module.as_str())
            .run(self.pool())
            .await
    }

    /// A customer's pinned module versions.
    pub async fn pins(
        &self,
        customer: &CustomerSlug,
    ) -> Result<BTreeMap<ModuleKey, i64>, StoreError> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT module_key, version FROM customer_module_pins WHERE customer_slug = $1",
        )
        .bind(customer.as_str())
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(m, v)| Ok((ModuleKey::parse(&m).map_err(corrupt)?, v)))
            .collect()
    }

    /// Active (not retired) customers that have `module` enabled, by slug.
    pub async fn customers_with_module(
        &self,
        module: &ModuleKey,
    ) -> Result<Vec<CustomerSlug>, StoreError> {
        let slugs: Vec<String> = sqlx::query_scalar(
            "SELECT c.slug FROM customers c JOIN customer_modules m ON m.customer_slug = c.slug \
             WHERE m.module_key = $1 AND c.retired_at IS NULL ORDER BY c.slug",
        )
        .bind(module.as_str())
        .fetch_all(self.pool())
        .await?;
        slugs
            .iter()
            .map(|s| CustomerSlug::parse(s).map_err(corrupt))
            .collect()
    }
}
