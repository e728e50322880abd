//! Admin sessions: opaque cookie tokens, stored as SHA-256 hashes with an expiry.

use super::query::Changes;
use super::{Store, StoreError, now_millis};

impl Store {
    /// Records a session for `username` until `expires_at` (epoch ms).
    pub async fn insert_session(
        &self,
        token_hash: &str,
        username: &str,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO admin_sessions (token_hash, username, created_at, expires_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(username)
        .bind(now_millis())
        .bind(expires_at)
        .run(self.pool())
        .await
    }

    /// The admin a live session belongs to; expired sessions count as absent.
    pub async fn session_user(&self, token_hash: &str) -> Result<Option<String>, StoreError> {
        let user: Option<String> = sqlx::query_scalar(
            "SELECT username FROM admin_sessions WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now_millis())
        .fetch_optional(self.pool())
        .await?;
        Ok(user)
    }

    /// Ends a session (and sweeps expired ones).
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM admin_sessions WHERE token_hash = $1 OR expires_at <= $2")
            .bind(token_hash)
            .bind(now_millis())
            .run(self.pool())
            .await
    }

    /// Ends every session of `username` (after a password reset).
    pub async fn delete_sessions_of(&self, username: &str) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM admin_sessions WHERE username = $1")
            .bind(username)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }
}
