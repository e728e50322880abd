//! The partner's source (development) tenant: where templates live and whose OAuth client the
//! engine uses. The client secret is stored sealed.

use super::sealed::Sealed;
use super::{Store, StoreError, now_millis};
use crate::domain::{Region, TenantHostname};

/// The source tenant as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRecord {
    pub host: TenantHostname,
    pub region: Region,
    pub client_id: String,
    pub secret_sealed: Sealed,
}

impl Store {
    /// Creates or replaces the source tenant's record.
    pub async fn put_source(&self, source: &SourceRecord) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("DELETE FROM sources WHERE name = 'default'")
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO sources (name, host, region, client_id, secret_sealed, updated_at) \
             VALUES ('default', $1, $2, $3, $4, $5)",
        )
        .bind(source.host.as_str())
        .bind(source.region.code())
        .bind(source.client_id.as_str())
        .bind(source.secret_sealed.0.as_str())
        .bind(now_millis())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The source tenant, if one was configured.
    pub async fn get_source(&self) -> Result<Option<SourceRecord>, StoreError> {
        let row: Option<(String, String, String, String)> = sqlx::query_as(
            "SELECT host, region, client_id, secret_sealed FROM sources WHERE name = 'default'",
        )
        .fetch_optional(self.pool())
        .await?;
        row.map(|(host, region, client_id, sealed)| {
            Ok(SourceRecord {
                host: TenantHostname::parse(&host).map_err(|e| {
                    StoreError::Corrupt(format!("sources default: host {host:?}: {e}"))
                })?,
                region: Region::parse(&region).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                client_id,
                secret_sealed: Sealed(sealed),
            })
        })
        .transpose()
    }
}
