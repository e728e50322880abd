//! The audit log: every Qlik API call the engine made, append-only (nothing here updates or
//! deletes a row).

use super::{Store, StoreError};
use serde::{Deserialize, Serialize};
use sqlx::Row;

/// One Qlik API call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AuditEntry {
    pub at: i64,
    pub customer: Option<String>,
    pub job_id: Option<String>,
    pub method: String,
    pub host: String,
    pub path: String,
    /// HTTP status, or 0 when no answer came (timeout, connection refused).
    pub status: i64,
    pub duration_ms: i64,
}

impl Store {
    /// Appends entries in one transaction.
    pub async fn append_audit(&self, entries: &[AuditEntry]) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        for e in entries {
            sqlx::query(
                "INSERT INTO audit_log (id, at, customer_slug, job_id, method, host, path, status, \
                 duration_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(e.at)
            .bind(e.customer.as_deref())
            .bind(e.job_id.as_deref())
            .bind(e.method.as_str())
            .bind(e.host.as_str())
            .bind(e.path.as_str())
            .bind(e.status)
            .bind(e.duration_ms)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The newest `limit` entries, optionally of one customer, oldest first.
    pub async fn query_audit(
        &self,
        customer: Option<&str>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let select = "SELECT at, customer_slug, job_id, method, host, path, status, duration_ms \
                      FROM audit_log";
        let rows = match customer {
            Some(c) => {
                sqlx::query(&format!(
                    "{select} WHERE customer_slug = $1 ORDER BY at DESC, id DESC LIMIT $2"
                ))
                .bind(c)
                .bind(limit)
                .fetch_all(self.pool())
                .await?
            }
            None => {
                sqlx::query(&format!("{select} ORDER BY at DESC, id DESC LIMIT $1"))
                    .bind(limit)
                    .fetch_all(self.pool())
                    .await?
            }
        };
        let mut entries = rows
            .iter()
            .map(|row| {
                Ok(AuditEntry {
                    at: row.try_get("at")?,
                    customer: row.try_get("customer_slug")?,
                    job_id: row.try_get("job_id")?,
                    method: row.try_get("method")?,
                    host: row.try_get("host")?,
                    path: row.try_get("path")?,
                    status: row.try_get("status")?,
                    duration_ms: row.try_get("duration_ms")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        entries.reverse();
        Ok(entries)
    }
}
