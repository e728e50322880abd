//! API tokens: bearer credentials for automation and partner backends, each with a public id,
//! a scope, an optional expiry and a last-used time. Secrets are stored as SHA-256 hashes only.

use super::customers::require_customer;
use super::query::Changes;
use super::rows::Columns;
use super::{Store, StoreError};
use crate::domain::{
    ApiTokenId, CustomerSlug, TOKEN_ID_PREFIX, TokenName, TokenScope, TokenSecret, TokenStatus,
};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;

/// The prefix that makes an oem-hub token secret recognisable in logs and secret scanners.
pub const TOKEN_PREFIX: &str = "ohk_";

/// Last-used times are written at most this often per token, so that a busy embed path does
/// not write on every request; a listed time is at most this stale.
pub const LAST_USED_RESOLUTION_MS: i64 = 60_000;

fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut buf);
    hex::encode(buf)
}

fn new_secret() -> String {
    format!("{TOKEN_PREFIX}{}", random_hex(32))
}

/// True when a token last used at `last_used` should have `now` written: never used, or the
/// stored time is at least [`LAST_USED_RESOLUTION_MS`] old (or in the future: a clock jump).
pub fn needs_touch(last_used: Option<i64>, now: i64) -> bool {
    match last_used {
        None => true,
        Some(at) => now - at >= LAST_USED_RESOLUTION_MS || at > now,
    }
}

/// A token to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiToken {
    pub name: TokenName,
    pub scope: TokenScope,
    /// Millis; `None` never expires.
    pub expires_at: Option<i64>,
}

/// A token as stored (never its secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenRecord {
    pub id: ApiTokenId,
    pub name: TokenName,
    pub scope: TokenScope,
    pub created_by: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub rotated_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub revoked_by: Option<String>,
}

impl ApiTokenRecord {
    /// Whether the token is usable at `now`.
    pub fn status_at(&self, now: i64) -> TokenStatus {
        TokenStatus::at(now, self.expires_at, self.revoked_at)
    }
}

/// A token and its secret, which is visible only in this value (at creation and rotation).
#[derive(Debug, Clone)]
pub struct IssuedApiToken {
    pub record: ApiTokenRecord,
    pub secret: TokenSecret,
}

const COLUMNS: &str = "id, name, scope, created_by, created_at, expires_at, last_used_at, \
                       rotated_at, revoked_at, revoked_by";

impl Store {
    /// Creates a token (with its customer list, in one transaction) at `now`; the secret is
    /// returned this once. An unknown customer is a `NotFound`.
    pub async fn create_api_token(
        &self,
        token: &NewApiToken,
        created_by: &str,
        now: i64,
    ) -> Result<IssuedApiToken, StoreError> {
        let id = ApiTokenId::parse(&format!("{TOKEN_ID_PREFIX}{}", random_hex(12)))
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let secret = new_secret();
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO api_tokens (id, secret_hash, name, scope, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id.as_str())
        .bind(hash(&secret))
        .bind(token.name.as_str())
        .bind(token.scope.kind().as_str())
        .bind(created_by)
        .bind(now)
        .bind(token.expires_at)
        .execute(&mut *tx)
        .await?;
        for customer in token.scope.customers() {
            require_customer(&mut tx, customer).await?;
            sqlx::query(
                "INSERT INTO api_token_customers (token_id, customer_slug) VALUES ($1, $2)",
            )
            .bind(id.as_str())
            .bind(customer.as_str())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.issued(&id, secret).await
    }

    /// The token whose secret is `secret`, whatever its status (the caller decides what an
    /// expired or revoked token means). Read from the database every time: no cache outlives
    /// a revocation.
    pub async fn api_token_by_secret(
        &self,
        secret: &str,
    ) -> Result<Option<ApiTokenRecord>, StoreError> {
        self.api_token_where("secret_hash", &hash(secret)).await
    }

    /// The token with public id `id`.
    pub async fn api_token(&self, id: &ApiTokenId) -> Result<Option<ApiTokenRecord>, StoreError> {
        self.api_token_where("id", id.as_str()).await
    }

    /// The token whose unique `column` holds `value`.
    async fn api_token_where(
        &self,
        column: &str,
        value: &str,
    ) -> Result<Option<ApiTokenRecord>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM api_tokens WHERE {column} = $1"
        ))
        .bind(value)
        .fetch_optional(self.pool())
        .await?;
        match row {
            Some(row) => Ok(Some(self.token_from_row(&row).await?)),
            None => Ok(None),
        }
    }

    /// Every token, newest first (revoked ones too: the list is also their record).
    pub async fn list_api_tokens(&self) -> Result<Vec<ApiTokenRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM api_tokens ORDER BY created_at DESC, id"
        ))
        .fetch_all(self.pool())
        .await?;
        let mut tokens = Vec::with_capacity(rows.len());
        for row in &rows {
            tokens.push(self.token_from_row(row).await?);
        }
        Ok(tokens)
    }

    /// Gives an unrevoked token a new secret at `now`; the old one stops working with this
    /// write. `None` when no unrevoked token has that id.
    pub async fn rotate_api_token(
        &self,
        id: &ApiTokenId,
        now: i64,
    ) -> Result<Option<IssuedApiToken>, StoreError> {
        let secret = new_secret();
        let rotated = sqlx::query(
            "UPDATE api_tokens SET secret_hash = $1, rotated_at = $2 \
             WHERE id = $3 AND revoked_at IS NULL",
        )
        .bind(hash(&secret))
        .bind(now)
        .bind(id.as_str())
        .changed(self.pool())
        .await?;
        if !rotated {
            return Ok(None);
        }
        self.issued(id, secret).await.map(Some)
    }

    /// Token `id`, just written with `secret`, as issued.
    async fn issued(&self, id: &ApiTokenId, secret: String) -> Result<IssuedApiToken, StoreError> {
        let record = self
            .api_token(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("API token {id}")))?;
        let secret = TokenSecret::new(secret);
        Ok(IssuedApiToken { record, secret })
    }

    /// Revokes a token at `now` (a second revocation keeps the first's time and author).
    /// False when no token has that id.
    pub async fn revoke_api_token(
        &self,
        id: &ApiTokenId,
        by: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1, revoked_by = $2 \
             WHERE id = $3 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(by)
        .bind(id.as_str())
        .execute(self.pool())
        .await?;
        Ok(self.api_token(id).await?.is_some())
    }

    /// Records that the token was used at `now`, unless a time within the last
    /// [`LAST_USED_RESOLUTION_MS`] is already recorded (the condition is in the statement, so
    /// replicas racing on one token write once).
    pub async fn touch_api_token(&self, id: &ApiTokenId, now: i64) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2 \
             AND (last_used_at IS NULL OR last_used_at <= $3 OR last_used_at > $1)",
        )
        .bind(now)
        .bind(id.as_str())
        .bind(now - LAST_USED_RESOLUTION_MS)
        .run(self.pool())
        .await
    }

    async fn token_from_row(&self, row: &AnyRow) -> Result<ApiTokenRecord, StoreError> {
        let corrupt = |what: &str, e: &dyn std::fmt::Display| {
            StoreError::Corrupt(format!("API token {what}: {e}"))
        };
        let row = Columns::of(row, "API token");
        let id = row.parsed("id", ApiTokenId::parse)?;
        let scope = match row.get::<String>("scope")?.as_str() {
            "admin" => TokenScope::Admin,
            "embed" => {
                let slugs: Vec<String> = sqlx::query_scalar(
                    "SELECT customer_slug FROM api_token_customers WHERE token_id = $1 \
                     ORDER BY customer_slug",
                )
                .bind(id.as_str())
                .fetch_all(self.pool())
                .await?;
                let customers = slugs
                    .iter()
                    .map(|s| CustomerSlug::parse(s))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| corrupt("customer", &e))?;
                TokenScope::embed(customers).map_err(|e| corrupt("scope", &e))?
            }
            other => return Err(corrupt("scope", &other)),
        };
        Ok(ApiTokenRecord {
            id,
            name: row.parsed("name", TokenName::parse)?,
            scope,
            created_by: row.get("created_by")?,
            created_at: row.get("created_at")?,
            expires_at: row.get("expires_at")?,
            last_used_at: row.get("last_used_at")?,
            rotated_at: row.get("rotated_at")?,
            revoked_at: row.get("revoked_at")?,
            revoked_by: row.get("revoked_by")?,
        })
    }
}

#[cfg(test)]
mod tests;
