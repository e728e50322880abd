//! Refresh slots: the second inside its schedule's window at which each customer × module
//! starts, assigned once and kept, so a fleet's reloads stay spread when customers come and go.

use super::query::Changes;
use super::{Store, StoreError};
use crate::domain::spread::{free_slot, preferred_slot};
use crate::domain::{CustomerSlug, ModuleKey};
use std::collections::BTreeSet;

/// How often a slot is taken again when another replica took it first.
const ATTEMPTS: usize = 8;

impl Store {
    /// The slot of `slug`/`module` in window `window` of `slots` seconds: the recorded one,
    /// else the first free one from its hash (recorded now). A slot recorded in another window
    /// (the schedule changed) is forgotten.
    pub async fn refresh_slot(
        &self,
        window: &str,
        slug: &CustomerSlug,
        module: &ModuleKey,
        slots: u32,
    ) -> Result<u32, StoreError> {
        let preferred = preferred_slot(slug.as_str(), module.as_str(), slots);
        for _ in 0..ATTEMPTS {
            if let Some(slot) = self.recorded_slot(window, slug, module).await? {
                return Ok(slot);
            }
            let taken: Vec<i64> =
                sqlx::query_scalar("SELECT slot FROM refresh_slots WHERE window_key = $1")
                    .bind(window)
                    .fetch_all(self.pool())
                    .await?;
            let taken: BTreeSet<u32> = taken
                .into_iter()
                .filter_map(|slot| u32::try_from(slot).ok())
                .collect();
            if taken.len() >= slots as usize {
                return Ok(preferred);
            }
            let slot = free_slot(preferred, slots, &taken);
            sqlx::query(
                "DELETE FROM refresh_slots WHERE slug = $1 AND module = $2 AND window_key <> $3",
            )
            .bind(slug.as_str())
            .bind(module.as_str())
            .bind(window)
            .execute(self.pool())
            .await?;
            let taken = sqlx::query(
                "INSERT INTO refresh_slots (window_key, slug, module, slot) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(window)
            .bind(slug.as_str())
            .bind(module.as_str())
            .bind(i64::from(slot))
            .changed(self.pool())
            .await?;
            if taken {
                return Ok(slot);
            }
        }
        Ok(preferred)
    }

    async fn recorded_slot(
        &self,
        window: &str,
        slug: &CustomerSlug,
        module: &ModuleKey,
    ) -> Result<Option<u32>, StoreError> {
        let slot: Option<i64> = sqlx::query_scalar(
            "SELECT slot FROM refresh_slots WHERE window_key = $1 AND slug = $2 AND module = $3",
        )
        .bind(window)
        .bind(slug.as_str())
        .bind(module.as_str())
        .fetch_optional(self.pool())
        .await?;
        Ok(slot.and_then(|s| u32::try_from(s).ok()))
    }
}
