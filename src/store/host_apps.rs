//! Registered host apps: issuer, audience, pinned algorithm and public key per partner backend
//! that signs its own users' JWTs.

use super::{Store, StoreError, now_millis};
use serde::Serialize;
use sqlx::Row;

/// A host app as stored (public data only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HostAppRecord {
    pub id: String,
    pub issuer: String,
    pub audience: String,
    pub algorithm: String,
    pub public_key_pem: String,
    pub created_at: i64,
}

impl Store {
    /// Registers a host app; a taken id or issuer is a conflict.
    pub async fn insert_host_app(
        &self,
        app: &HostAppRecord,
        created_by: &str,
    ) -> Result<HostAppRecord, StoreError> {
        let created_at = now_millis();
        sqlx::query(
            "INSERT INTO host_apps (id, issuer, audience, algorithm, public_key_pem, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&app.id)
        .bind(&app.issuer)
        .bind(&app.audience)
        .bind(&app.algorithm)
        .bind(&app.public_key_pem)
        .bind(created_by)
        .bind(created_at)
        .execute(self.pool())
        .await
        .map_err(|e| {
            if StoreError::is_unique_violation(&e) {
                StoreError::Conflict(format!("host app {} or issuer {}", app.id, app.issuer))
            } else {
                e.into()
            }
        })?;
        Ok(HostAppRecord {
            created_at,
            ..app.clone()
        })
    }

    /// Every registered host app.
    pub async fn list_host_apps(&self) -> Result<Vec<HostAppRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, issuer, audience, algorithm, public_key_pem, created_at FROM host_apps ORDER BY id",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(HostAppRecord {
                    id: r.try_get("id")?,
                    issuer: r.try_get("issuer")?,
                    audience: r.try_get("audience")?,
                    algorithm: r.try_get("algorithm")?,
                    public_key_pem: r.try_get("public_key_pem")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }
}
