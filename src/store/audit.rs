//! The audit log: every Qlik API call the engine made, append-only (nothing here updates or
//! deletes a row).

use super::{Store, StoreError};
use serde::{Deserialize, Serialize};
use sqlx::FromRow;

/// One Qlik API call (read back as the row it is).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema, FromRow)]
pub struct AuditEntry {
    pub at: i64,
    #[sqlx(rename = "customer_slug")]
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
        let rows = self
            .rows_of_customer(
                "SELECT at, customer_slug, job_id, method, host, path, status, duration_ms \
                 FROM audit_log",
                customer,
                "at DESC, id DESC",
                limit,
            )
            .await?;
        let mut entries = rows
            .iter()
            .map(AuditEntry::from_row)
            .collect::<Result<Vec<_>, _>>()?;
        entries.reverse();
        Ok(entries)
    }
}
