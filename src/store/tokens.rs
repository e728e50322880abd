//! API tokens: bearer credentials for automation. Stored as SHA-256 hashes only.

use super::{Store, StoreError, now_millis};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// The prefix that makes an oem-hub token recognisable in logs and secret scanners.
pub const TOKEN_PREFIX: &str = "ohk_";

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

impl Store {
    /// Creates a token named `name` and returns it; this is the only time it is visible.
    pub async fn create_api_token(
        &self,
        name: &str,
        created_by: &str,
    ) -> Result<String, StoreError> {
        let mut bytes = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut bytes);
        let token = format!("{TOKEN_PREFIX}{}", hex::encode(bytes));
        sqlx::query("INSERT INTO api_tokens (token_hash, name, created_by, created_at) VALUES ($1, $2, $3, $4)")
            .bind(hash(&token))
            .bind(name)
            .bind(created_by)
            .bind(now_millis())
            .execute(self.pool())
            .await?;
        Ok(token)
    }

    /// The name of the token, if it is a valid one.
    pub async fn api_token_name(&self, token: &str) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT name FROM api_tokens WHERE token_hash = $1")
                .bind(hash(token))
                .fetch_optional(self.pool())
                .await?,
        )
    }
}
