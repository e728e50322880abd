//! Customers: the desired state an ISV declares for each of its customers.

use super::{Store, StoreError, now_millis};
use crate::domain::{CustomerSlug, ModuleKey, Region};
use sqlx::Row;
use sqlx::any::AnyRow;

/// What is needed to add a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCustomer {
    pub slug: CustomerSlug,
    pub display_name: String,
    pub region: Region,
    pub modules: Vec<ModuleKey>,
}

/// A customer as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerRecord {
    pub slug: CustomerSlug,
    pub display_name: String,
    pub region: Region,
    pub modules: Vec<ModuleKey>,
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

impl Store {
    /// Adds a customer and its module list in one transaction: all of it or nothing.
    pub async fn insert_customer(&self, new: &NewCustomer) -> Result<CustomerRecord, StoreError> {
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO customers (slug, display_name, region, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(new.slug.as_str())
        .bind(new.display_name.as_str())
        .bind(new.region.code())
        .bind(now_millis())
        .execute(&mut *tx)
        .await
        .map_err(|e| match StoreError::is_unique_violation(&e) {
            true => StoreError::Conflict(format!("customer {}", new.slug)),
            false => e.into(),
        })?;
        for module in &new.modules {
            let known: Option<i64> =
                sqlx::query_scalar("SELECT 1 FROM modules WHERE module_key = $1")
                    .bind(module.as_str())
                    .fetch_optional(&mut *tx)
                    .await?;
            if known.is_none() {
                return Err(StoreError::NotFound(format!("module {module}")));
            }
            sqlx::query("INSERT INTO customer_modules (customer_slug, module_key) VALUES ($1, $2)")
                .bind(new.slug.as_str())
                .bind(module.as_str())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.get_customer(&new.slug).await
    }

    /// One customer with its modules.
    pub async fn get_customer(&self, slug: &CustomerSlug) -> Result<CustomerRecord, StoreError> {
        let row = sqlx::query("SELECT slug, display_name, region FROM customers WHERE slug = $1")
            .bind(slug.as_str())
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("customer {slug}")))?;
        self.customer_from_row(&row).await
    }

    /// All customers, ordered by slug.
    pub async fn list_customers(&self) -> Result<Vec<CustomerRecord>, StoreError> {
        let rows = sqlx::query("SELECT slug, display_name, region FROM customers ORDER BY slug")
            .fetch_all(self.pool())
            .await?;
        let mut customers = Vec::with_capacity(rows.len());
        for row in &rows {
            customers.push(self.customer_from_row(row).await?);
        }
        Ok(customers)
    }

    async fn customer_from_row(&self, row: &AnyRow) -> Result<CustomerRecord, StoreError> {
        let slug: String = row.try_get("slug")?;
        let region: String = row.try_get("region")?;
        let modules: Vec<String> = sqlx::query_scalar(
            "SELECT module_key FROM customer_modules WHERE customer_slug = $1 ORDER BY module_key",
        )
        .bind(&slug)
        .fetch_all(self.pool())
        .await?;
        Ok(CustomerRecord {
            slug: CustomerSlug::parse(&slug).map_err(corrupt)?,
            display_name: row.try_get("display_name")?,
            region: Region::parse(&region).map_err(corrupt)?,
            modules: modules
                .iter()
                .map(|m| ModuleKey::parse(m).map_err(corrupt))
                .collect::<Result<_, _>>()?,
        })
    }
}
