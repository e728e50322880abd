//! The host users of each customer: who was removed (no session, no Qlik token), the
//! append-only log of removals and restores, and when each user last signed in.

use super::query::Changes;
use super::{Store, StoreError};
use crate::domain::{CustomerSlug, RemovalCause, TenantUserOutcome, UserEvent};

/// One entry of the user lifecycle log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserEventRecord {
    pub at: i64,
    pub customer: CustomerSlug,
    pub user_id: String,
    pub event: UserEvent,
    pub cause: RemovalCause,
    /// Who decided: an API token's name, an admin, or `policy`.
    pub actor: String,
    pub tenant_user: TenantUserOutcome,
}

/// A host user the hub has seen sign in, with the last time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownUser {
    pub user_id: String,
    pub last_sign_in: i64,
}

impl Store {
    /// Marks `user_id` of `customer` removed at `at` (again: keeps the first time).
    pub async fn mark_user_removed(
        &self,
        customer: &CustomerSlug,
        user_id: &str,
        at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO embed_user_removals (customer_slug, user_id, removed_at) \
             VALUES ($1, $2, $3) ON CONFLICT (customer_slug, user_id) DO NOTHING",
        )
        .bind(customer.as_str())
        .bind(user_id)
        .bind(at)
        .run(self.pool())
        .await
    }

    /// Lets `user_id` of `customer` sign in again; false when it was not removed.
    pub async fn unmark_user_removed(
        &self,
        customer: &CustomerSlug,
        user_id: &str,
    ) -> Result<bool, StoreError> {
        sqlx::query("DELETE FROM embed_user_removals WHERE customer_slug = $1 AND user_id = $2")
            .bind(customer.as_str())
            .bind(user_id)
            .changed(self.pool())
            .await
    }

    /// True when `user_id` of `customer` was removed.
    pub async fn is_user_removed(
        &self,
        customer: &CustomerSlug,
        user_id: &str,
    ) -> Result<bool, StoreError> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT removed_at FROM embed_user_removals WHERE customer_slug = $1 AND user_id = $2",
        )
        .bind(customer.as_str())
        .bind(user_id)
        .fetch_optional(self.pool())
        .await?;
        Ok(found.is_some())
    }

    /// Appends `event` to the lifecycle log.
    pub async fn log_user_event(&self, event: &UserEventRecord) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO embed_user_events (id, at, customer_slug, user_id, event, cause, actor, \
             tenant_user) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(event.at)
        .bind(event.customer.as_str())
        .bind(&event.user_id)
        .bind(event.event.as_str())
        .bind(event.cause.as_str())
        .bind(&event.actor)
        .bind(event.tenant_user.as_str())
        .run(self.pool())
        .await
    }

    /// The lifecycle log of `customer`, oldest first.
    pub async fn user_events(
        &self,
        customer: &CustomerSlug,
    ) -> Result<Vec<UserEventRecord>, StoreError> {
        let rows: Vec<(i64, String, String, String, String, String)> = sqlx::query_as(
            "SELECT at, user_id, event, cause, actor, tenant_user FROM embed_user_events \
             WHERE customer_slug = $1 ORDER BY at, id",
        )
        .bind(customer.as_str())
        .fetch_all(self.pool())
        .await?;
        let corrupt = |what: &str, raw: &str| {
            StoreError::Corrupt(format!("embed_user_events of {customer}: {what} {raw:?}"))
        };
        rows.into_iter()
            .map(|(at, user_id, event, cause, actor, tenant_user)| {
                Ok(UserEventRecord {
                    at,
                    customer: customer.clone(),
                    event: UserEvent::parse(&event).ok_or_else(|| corrupt("event", &event))?,
                    cause: RemovalCause::parse(&cause).ok_or_else(|| corrupt("cause", &cause))?,
                    tenant_user: TenantUserOutcome::parse(&tenant_user)
                        .ok_or_else(|| corrupt("tenant_user", &tenant_user))?,
                    user_id,
                    actor,
                })
            })
            .collect()
    }

    /// Every host user of `customer` who ever signed in and is not removed, with their last
    /// sign-in (a minted Qlik token), oldest first.
    pub async fn active_users(
        &self,
        customer: &CustomerSlug,
    ) -> Result<Vec<KnownUser>, StoreError> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT i.user_id, MAX(i.at) AS last FROM embed_issuances i \
             WHERE i.customer_slug = $1 AND i.principal = 'host' AND NOT EXISTS (SELECT 1 FROM embed_user_removals r \
             WHERE r.customer_slug = i.customer_slug AND r.user_id = i.user_id) \
             GROUP BY i.user_id ORDER BY last, i.user_id",
        )
        .bind(customer.as_str())
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(user_id, last_sign_in)| KnownUser {
                user_id,
                last_sign_in,
            })
            .collect())
    }
}
