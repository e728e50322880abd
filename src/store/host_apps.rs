//! Registered host apps: issuer, audience, pinned algorithm and public key per partner backend
//! that signs its own users' JWTs, and the customers each may serve.

use super::customers::require_customer;
use super::error::UniqueKey;
use super::query::Changes;
use super::{Store, StoreError, now_millis};
use crate::domain::CustomerSlug;
use serde::Serialize;

/// A host app as stored (public data only); its row holds all but its customers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct HostAppRecord {
    pub id: String,
    pub issuer: String,
    pub audience: String,
    pub algorithm: String,
    pub public_key_pem: String,
    /// The customers whose users this app may vouch for (sorted); a JWT naming any other
    /// customer is refused.
    #[sqlx(skip)]
    pub customers: Vec<CustomerSlug>,
    pub created_at: i64,
}

/// Writes `customers` as `host_app`'s list inside `tx`, after checking each exists; returns
/// the list as written (sorted, without repeats).
async fn write_customers(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    host_app: &str,
    customers: &[CustomerSlug],
) -> Result<Vec<CustomerSlug>, StoreError> {
    sqlx::query("DELETE FROM host_app_customers WHERE host_app_id = $1")
        .bind(host_app)
        .execute(&mut **tx)
        .await?;
    let mut customers = customers.to_vec();
    customers.sort();
    customers.dedup();
    for customer in &customers {
        require_customer(tx, customer).await?;
        sqlx::query("INSERT INTO host_app_customers (host_app_id, customer_slug) VALUES ($1, $2)")
            .bind(host_app)
            .bind(customer.as_str())
            .execute(&mut **tx)
            .await?;
    }
    Ok(customers)
}

impl Store {
    /// Registers a host app with its customers; a taken id or issuer is a conflict, an
    /// unknown customer a `NotFound` (and nothing is written).
    pub async fn insert_host_app(
        &self,
        app: &HostAppRecord,
        created_by: &str,
    ) -> Result<HostAppRecord, StoreError> {
        let created_at = now_millis();
        let mut tx = self.pool().begin().await?;
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
        .execute(&mut *tx)
        .await
        .or_conflict(|| format!("host app {} or issuer {}", app.id, app.issuer))?;
        let customers = write_customers(&mut tx, &app.id, &app.customers).await?;
        tx.commit().await?;
        Ok(HostAppRecord {
            created_at,
            customers,
            ..app.clone()
        })
    }

    /// Replaces the customers host app `id` may serve; `NotFound` for an unknown app or
    /// customer (and nothing is written).
    pub async fn set_host_app_customers(
        &self,
        id: &str,
        customers: &[CustomerSlug],
    ) -> Result<HostAppRecord, StoreError> {
        let mut tx = self.pool().begin().await?;
        // A write first: SQLite refuses (without waiting) a transaction that read, then
        // writes after another connection's write; writing first takes the lock, waiting.
        sqlx::query("UPDATE host_apps SET id = id WHERE id = $1")
            .bind(id)
            .found(&mut *tx, || format!("host app {id}"))
            .await?;
        write_customers(&mut tx, id, customers).await?;
        tx.commit().await?;
        self.list_host_apps()
            .await?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| StoreError::NotFound(format!("host app {id}")))
    }

    /// Every registered host app with its customers.
    pub async fn list_host_apps(&self) -> Result<Vec<HostAppRecord>, StoreError> {
        let mut apps: Vec<HostAppRecord> = sqlx::query_as(
            "SELECT id, issuer, audience, algorithm, public_key_pem, created_at FROM host_apps ORDER BY id",
        )
        .fetch_all(self.pool())
        .await?;
        let bindings: Vec<(String, String)> = sqlx::query_as(
            "SELECT host_app_id, customer_slug FROM host_app_customers \
             ORDER BY host_app_id, customer_slug",
        )
        .fetch_all(self.pool())
        .await?;
        for app in &mut apps {
            app.customers = bindings
                .iter()
                .filter(|(id, _)| *id == app.id)
                .map(|(_, slug)| {
                    CustomerSlug::parse(slug)
                        .map_err(|e| StoreError::Corrupt(format!("host app {}: {e}", app.id)))
                })
                .collect::<Result<_, _>>()?;
        }
        Ok(apps)
    }
}
