//! Leases: who may do a piece of work now. Named leases cover periodic work (the hybrid sync)
//! done by one hub replica at a time; rows (a rollout, a job) are leased by their claims. A
//! lease is taken when free or lapsed, and renewed by its owner.

use super::query::Changes;
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
        self.take_lease(
            "INSERT INTO leases (name, owner, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, \
             expires_at = excluded.expires_at \
             WHERE leases.owner = excluded.owner OR leases.expires_at <= $4",
            name,
            owner,
            now_millis(),
            ttl_ms,
        )
        .await
    }

    /// Runs lease statement `claim` and tells whether `owner` now holds lease `key`: the
    /// statement changes its row only when the lease is free, lapsed or already `owner`'s.
    /// Every claim takes the same parameters: `$1` the key, `$2` the owner, `$3` the end of
    /// the lease (`ttl_ms` after `now`), `$4` now.
    pub(super) async fn take_lease(
        &self,
        claim: &str,
        key: &str,
        owner: &str,
        now: i64,
        ttl_ms: i64,
    ) -> Result<bool, StoreError> {
        sqlx::query(claim)
            .bind(key)
            .bind(owner)
            .bind(now + ttl_ms)
            .bind(now)
            .changed(self.pool())
            .await
    }
}
