//! Qlik webhook events received: each (customer, event id) is claimed once, so a replayed
//! delivery is refused; claims older than the caller's window are swept as new ones arrive.

use super::error::UniqueKey;
use super::query::Changes;
use super::{Store, StoreError};
use crate::domain::CustomerSlug;

impl Store {
    /// Claims event `id` of `customer` at `now` (ms); false when it was claimed before.
    /// Claims made before `forget_before` are swept first.
    pub async fn claim_event(
        &self,
        id: &str,
        customer: &CustomerSlug,
        now: i64,
        forget_before: i64,
    ) -> Result<bool, StoreError> {
        sqlx::query("DELETE FROM qlik_events WHERE received_at < $1")
            .bind(forget_before)
            .execute(self.pool())
            .await?;
        sqlx::query(
            "INSERT INTO qlik_events (customer_slug, event_id, received_at) VALUES ($1, $2, $3)",
        )
        .bind(customer.as_str())
        .bind(id)
        .bind(now)
        .execute(self.pool())
        .await
        .inserted()
    }

    /// Gives a claim back (the event could not be recorded; Qlik will deliver it again).
    pub async fn release_event(&self, id: &str, customer: &CustomerSlug) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM qlik_events WHERE customer_slug = $1 AND event_id = $2")
            .bind(customer.as_str())
            .bind(id)
            .run(self.pool())
            .await
    }
}
