//! Named leases: periodic work (the hybrid sync) done by one hub replica at a time. A lease is
//! taken when free or lapsed, and renewed by its owner.

use super::{Store, StoreError, now_millis};

impl Store {
    /// Takes or renews lease `name` for `owner` until `ttl_ms` from now; false while another
    /// owner holds it.
    pub async fn try_lease(
        &self,
        name: &str,
        owner: &str,
        ttl_ms: i64,
    ) -> Result<bool, StoreError> {
        let now = now_millis();
        let done = sqlx::query(
            "INSERT INTO leases (name, owner, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, \
             expires_at = excluded.expires_at \
             WHERE leases.owner = excluded.owner OR leases.expires_at <= $4",
        )
        .bind(name)
        .bind(owner)
        .bind(now + ttl_ms)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
