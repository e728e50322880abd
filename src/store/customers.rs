//! Customers: the desired state an ISV declares for each of its customers. Slug, name, region
//! and modules are columns; the rest of the spec is a JSON document, with the data-connection
//! string sealed (see `sealed`) and kept apart from it.

use super::error::UniqueKey;
use super::query::{Changes, Fetch};
use super::rows::Record;
use super::sealed::Sealed;
use super::{Store, StoreError, now_millis};
use crate::domain::{CustomerSlug, CustomerSpec, ModuleKey};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

/// A customer as stored. `spec.data_connection.connection_string` is always empty here; the
/// sealed value is in `connection_sealed`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerRecord {
    pub spec: CustomerSpec,
    pub connection_sealed: Option<Sealed>,
    pub retired_at: Option<i64>,
    pub created_at: i64,
}

impl CustomerRecord {
    /// The customer's key.
    pub fn slug(&self) -> &CustomerSlug {
        &self.spec.slug
    }
}

/// The JSON column: the spec (its secret serializes empty) and the sealed connection string.
#[derive(Serialize, Deserialize)]
struct StoredSpec {
    spec: CustomerSpec,
    connection_sealed: Option<String>,
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

const COLUMNS: &str = "slug, display_name, region, spec, retired_at, created_at";

impl Store {
    /// Adds a customer and its module list in one transaction: all of it or nothing.
    pub async fn insert_customer(
        &self,
        spec: &CustomerSpec,
        connection_sealed: Option<Sealed>,
    ) -> Result<CustomerRecord, StoreError> {
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO customers (slug, display_name, region, spec, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(spec.slug.as_str())
        .bind(spec.display_name.as_str())
        .bind(spec.region.code())
        .bind(stored_json(spec, connection_sealed.as_ref())?)
        .bind(now_millis())
        .execute(&mut *tx)
        .await
        .or_conflict(|| format!("customer {}", spec.slug))?;
        write_modules(&mut tx, &spec.slug, &spec.modules).await?;
        tx.commit().await?;
        self.get_customer(&spec.slug).await
    }

    /// Replaces a customer's desired state. A `None` sealed connection keeps the stored one
    /// when the spec still names a data connection (forms never get the secret back).
    pub async fn update_customer(
        &self,
        spec: &CustomerSpec,
        connection_sealed: Option<Sealed>,
    ) -> Result<CustomerRecord, StoreError> {
        let current = self.get_customer(&spec.slug).await?;
        let sealed = match (&spec.data_connection, connection_sealed) {
            (None, _) => None,
            (Some(_), Some(new)) => Some(new),
            (Some(_), None) => current.connection_sealed,
        };
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "UPDATE customers SET display_name = $1, region = $2, spec = $3 WHERE slug = $4",
        )
        .bind(spec.display_name.as_str())
        .bind(spec.region.code())
        .bind(stored_json(spec, sealed.as_ref())?)
        .bind(spec.slug.as_str())
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM customer_modules WHERE customer_slug = $1")
            .bind(spec.slug.as_str())
            .execute(&mut *tx)
            .await?;
        write_modules(&mut tx, &spec.slug, &spec.modules).await?;
        tx.commit().await?;
        self.get_customer(&spec.slug).await
    }

    /// Marks a customer retired (its tenant deactivated) or, with `None`, active again.
    pub async fn set_retired(
        &self,
        slug: &CustomerSlug,
        retired_at: Option<i64>,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE customers SET retired_at = $1 WHERE slug = $2")
            .bind(retired_at)
            .bind(slug.as_str())
            .found(self.pool(), || format!("customer {slug}"))
            .await
    }

    /// One customer with its modules.
    pub async fn get_customer(&self, slug: &CustomerSlug) -> Result<CustomerRecord, StoreError> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM customers WHERE slug = $1"))
            .bind(slug.as_str())
            .one(self.pool(), || format!("customer {slug}"))
            .await
    }

    /// All customers, ordered by slug.
    pub async fn list_customers(&self) -> Result<Vec<CustomerRecord>, StoreError> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM customers ORDER BY slug"))
            .all(self.pool())
            .await
    }
}

fn stored_json(spec: &CustomerSpec, sealed: Option<&Sealed>) -> Result<String, StoreError> {
    serde_json::to_string(&StoredSpec {
        spec: spec.clone(),
        connection_sealed: sealed.map(|s| s.0.clone()),
    })
    .map_err(corrupt)
}

/// [`StoreError::NotFound`] unless customer `slug` exists (checked inside `tx`, before a row
/// that names it is written).
pub(super) async fn require_customer(
    tx: &mut Transaction<'_, Any>,
    slug: &CustomerSlug,
) -> Result<(), StoreError> {
    let exists: Option<String> = sqlx::query_scalar("SELECT slug FROM customers WHERE slug = $1")
        .bind(slug.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    match exists {
        Some(_) => Ok(()),
        None => Err(StoreError::NotFound(format!("customer {slug}"))),
    }
}

async fn write_modules(
    tx: &mut Transaction<'static, Any>,
    slug: &CustomerSlug,
    modules: &[ModuleKey],
) -> Result<(), StoreError> {
    for module in modules {
        let known: Option<i64> = sqlx::query_scalar("SELECT 1 FROM modules WHERE module_key = $1")
            .bind(module.as_str())
            .fetch_optional(&mut **tx)
            .await?;
        if known.is_none() {
            return Err(StoreError::UnknownModule(module.to_string()));
        }
        sqlx::query("INSERT INTO customer_modules (customer_slug, module_key) VALUES ($1, $2)")
            .bind(slug.as_str())
            .bind(module.as_str())
            .execute(&mut **tx)
            .await
            .or_conflict(|| format!("module {module} listed twice; it"))?;
    }
    Ok(())
}

impl Record for CustomerRecord {
    fn from_row(row: &AnyRow) -> Result<Self, StoreError> {
        let json: String = row.try_get("spec")?;
        let stored: StoredSpec = match json.as_str() {
            // Rows written before specs were stored (migration 0003) hold only the columns.
            "{}" => legacy_spec(row)?,
            _ => serde_json::from_str(&json).map_err(corrupt)?,
        };
        Ok(CustomerRecord {
            spec: stored.spec,
            connection_sealed: stored.connection_sealed.map(Sealed),
            retired_at: row.try_get("retired_at")?,
            created_at: row.try_get("created_at")?,
        })
    }
}

/// A spec from the columns of a row older than stored specs (its modules are re-added by the
/// next update; until then the customer has none).
fn legacy_spec(row: &AnyRow) -> Result<StoredSpec, StoreError> {
    let slug: String = row.try_get("slug")?;
    let name: String = row.try_get("display_name")?;
    let region: String = row.try_get("region")?;
    let spec = serde_json::json!({ "slug": slug, "display_name": name, "region": region });
    Ok(StoredSpec {
        spec: serde_json::from_value(spec).map_err(corrupt)?,
        connection_sealed: None,
    })
}
