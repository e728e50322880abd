//! Embed sessions (token hashes only) and the record of every Qlik JWT minted for one.

use super::error::UniqueKey;
use super::query::Changes;
use super::{Store, StoreError, now_millis};
use crate::domain::{CustomerSlug, EmbedUser, Principal, TenantHostname};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// The prefix of embed tokens (distinct from API tokens: they open nothing else).
pub const EMBED_PREFIX: &str = "ohe_";

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

impl Store {
    /// Opens a session for `user` of `customer` at `now` (Unix ms), valid `ttl_ms`; returns
    /// the token and its end.
    pub async fn create_embed_session(
        &self,
        customer: &CustomerSlug,
        user: &EmbedUser,
        now: i64,
        ttl_ms: i64,
    ) -> Result<(String, i64), StoreError> {
        let mut bytes = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut bytes);
        let token = format!("{EMBED_PREFIX}{}", hex::encode(bytes));
        let json = serde_json::to_string(user).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        sqlx::query(
            "INSERT INTO embed_sessions (token_hash, customer_slug, user_json, principal, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(hash(&token))
        .bind(customer.as_str())
        .bind(json)
        .bind(user.principal.as_str())
        .bind(now)
        .bind(now + ttl_ms)
        .execute(self.pool())
        .await?;
        Ok((token, now + ttl_ms))
    }

    /// The customer, user and end of a session live at `now` (Unix ms); `None` for an
    /// unknown or expired token.
    pub async fn embed_session(
        &self,
        token: &str,
        now: i64,
    ) -> Result<Option<(CustomerSlug, EmbedUser, i64)>, StoreError> {
        let row: Option<(String, String, String, i64)> = sqlx::query_as(
            "SELECT customer_slug, user_json, principal, expires_at FROM embed_sessions \
             WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(hash(token))
        .bind(now)
        .fetch_optional(self.pool())
        .await?;
        let corrupt = |e: String| StoreError::Corrupt(format!("embed session: {e}"));
        row.map(|(slug, json, principal, expires)| {
            let mut user: EmbedUser =
                serde_json::from_str(&json).map_err(|e| corrupt(e.to_string()))?;
            user.principal = Principal::parse(&principal)
                .ok_or_else(|| corrupt(format!("principal {principal:?}")))?;
            Ok((
                CustomerSlug::parse(&slug).map_err(|e| corrupt(e.to_string()))?,
                user,
                expires,
            ))
        })
        .transpose()
    }

    /// Records that host app `app_id` used `jti`, remembered until `expires_at` (Unix ms);
    /// false when it was used before (a replay). Forgotten uses are swept on the way.
    pub async fn consume_host_jti(
        &self,
        app_id: &str,
        jti: &str,
        expires_at: i64,
    ) -> Result<bool, StoreError> {
        let now = now_millis();
        sqlx::query("DELETE FROM host_jwt_uses WHERE expires_at < $1")
            .bind(now)
            .execute(self.pool())
            .await?;
        sqlx::query(
            "INSERT INTO host_jwt_uses (app_id, jti, expires_at, used_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(app_id)
        .bind(jti)
        .bind(expires_at)
        .bind(now)
        .execute(self.pool())
        .await
        .inserted()
    }

    /// Records that a Qlik token was minted at `at` for `user` of `customer` for `tenant_host`.
    pub async fn record_issuance(
        &self,
        customer: &CustomerSlug,
        user: &EmbedUser,
        tenant_host: &TenantHostname,
        at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO embed_issuances (id, at, customer_slug, user_id, tenant_host, principal) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(at)
        .bind(customer.as_str())
        .bind(&user.id)
        .bind(tenant_host.as_str())
        .bind(user.principal.as_str())
        .run(self.pool())
        .await
    }

    /// How many JWTs were minted for a customer (for the audit view and tests).
    pub async fn issuance_count(&self, customer: &CustomerSlug) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM embed_issuances WHERE customer_slug = $1")
                .bind(customer.as_str())
                .fetch_one(self.pool())
                .await?,
        )
    }
}
