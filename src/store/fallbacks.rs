//! Proxy fallbacks: users whose browsers dropped the tenant's cookie, so that the module
//! switched to the same-site proxy (embedding mode `auto`).

use super::query::Changes;
use super::{Store, StoreError, now_millis};
use crate::domain::CustomerSlug;

impl Store {
    /// Records one fallback of `user_id` of `customer`.
    pub async fn record_fallback(
        &self,
        customer: &CustomerSlug,
        user_id: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO embed_fallbacks (id, at, customer_slug, user_id) VALUES ($1, $2, $3, $4)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(now_millis())
        .bind(customer.as_str())
        .bind(user_id)
        .run(self.pool())
        .await
    }

    /// How many distinct users of `customer` needed the fallback.
    pub async fn fallback_users(&self, customer: &CustomerSlug) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(DISTINCT user_id) FROM embed_fallbacks WHERE customer_slug = $1",
        )
        .bind(customer.as_str())
        .fetch_one(self.pool())
        .await?)
    }
}
