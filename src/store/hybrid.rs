//! Hybrid distribution rows: a customer's deployment (token sealed, its digest unique) and
//! the apps adopted or refused from it.

use super::error::UniqueKey;
use super::query::{Changes, Fetch};
use super::rows::{Columns, Record};
use super::{Sealed, Store, StoreError, now_millis};
use crate::domain::{
    AppId, CustomerSlug, DeploymentName, DeploymentStatus, HybridApp, HybridAppStatus, IdpId,
    ModuleKey, SiteHost, SpaceId,
};
use sqlx::Row;
use sqlx::any::AnyRow;

/// A customer's deployment as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HybridDeploymentRecord {
    pub site_host: SiteHost,
    pub name: DeploymentName,
    pub token_sealed: Option<Sealed>,
    /// SHA-256 of the token, hex.
    pub token_digest: Option<String>,
    pub idp_id: Option<IdpId>,
    /// Digest of the token the tenant's IdP holds.
    pub idp_token_digest: Option<String>,
    pub status: DeploymentStatus,
    pub status_detail: String,
}

impl Record for HybridDeploymentRecord {
    fn from_row(row: &AnyRow) -> Result<Self, StoreError> {
        let slug: String = row.try_get("customer_slug")?;
        let what = format!("hybrid deployment of {slug}");
        let row = Columns::of(row, &what);
        Ok(HybridDeploymentRecord {
            site_host: row.parsed("site_host", SiteHost::parse)?,
            name: row.parsed("name", DeploymentName::parse)?,
            token_sealed: row.get::<Option<String>>("token_sealed")?.map(Sealed),
            token_digest: row.get("token_digest")?,
            idp_id: row.parsed_opt("idp_id", IdpId::parse)?,
            idp_token_digest: row.get("idp_token_digest")?,
            status: row.parsed("status", DeploymentStatus::parse)?,
            status_detail: row.get("status_detail")?,
        })
    }
}

impl Record for HybridApp {
    fn from_row(row: &AnyRow) -> Result<Self, StoreError> {
        let (slug, app_id): (String, String) =
            (row.try_get("customer_slug")?, row.try_get("app_id")?);
        let what = format!("hybrid app {app_id} of {slug}");
        let row = Columns::of(row, &what);
        Ok(HybridApp {
            app_id: row.parsed("app_id", AppId::parse)?,
            name: row.get("name")?,
            module_key: row.parsed("module_key", ModuleKey::parse)?,
            status: row.parsed("status", HybridAppStatus::parse)?,
            reason: row.get("reason")?,
            space_id: row.parsed_opt("space_id", SpaceId::parse)?,
            published_at: row.get("published_at")?,
            sheets: row.json("sheets")?,
        })
    }
}

impl Store {
    /// The customer's deployment, if one is set up.
    pub async fn hybrid_deployment(
        &self,
        slug: &CustomerSlug,
    ) -> Result<Option<HybridDeploymentRecord>, StoreError> {
        sqlx::query("SELECT * FROM hybrid_deployments WHERE customer_slug = $1")
            .bind(slug.as_str())
            .optional(self.pool())
            .await
    }

    /// Customers (not retired) whose deployment is connected, for the automatic sync.
    pub async fn hybrid_connected(&self) -> Result<Vec<CustomerSlug>, StoreError> {
        let slugs: Vec<String> = sqlx::query_scalar(
            "SELECT d.customer_slug FROM hybrid_deployments d JOIN customers c \
             ON c.slug = d.customer_slug WHERE d.status = $1 AND c.retired_at IS NULL \
             ORDER BY d.customer_slug",
        )
        .bind(DeploymentStatus::Connected.as_str())
        .fetch_all(self.pool())
        .await?;
        slugs
            .iter()
            .map(|s| {
                CustomerSlug::parse(s).map_err(|e| StoreError::Corrupt(format!("slug {s}: {e}")))
            })
            .collect()
    }

    /// The customer whose deployment holds the token with `digest`.
    pub async fn hybrid_token_owner(&self, digest: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT customer_slug FROM hybrid_deployments WHERE token_digest = $1",
        )
        .bind(digest)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Writes the customer's deployment whole; a token another customer holds is a conflict.
    pub async fn save_hybrid_deployment(
        &self,
        slug: &CustomerSlug,
        d: &HybridDeploymentRecord,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO hybrid_deployments (customer_slug, site_host, name, token_sealed, \
             token_digest, idp_id, idp_token_digest, status, status_detail, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (customer_slug) DO UPDATE SET site_host = excluded.site_host, \
             name = excluded.name, token_sealed = excluded.token_sealed, \
             token_digest = excluded.token_digest, idp_id = excluded.idp_id, \
             idp_token_digest = excluded.idp_token_digest, status = excluded.status, \
             status_detail = excluded.status_detail, updated_at = excluded.updated_at",
        )
        .bind(slug.as_str())
        .bind(d.site_host.as_str())
        .bind(d.name.as_str())
        .bind(d.token_sealed.as_ref().map(|s| s.0.clone()))
        .bind(&d.token_digest)
        .bind(d.idp_id.as_ref().map(IdpId::as_str))
        .bind(&d.idp_token_digest)
        .bind(d.status.as_str())
        .bind(&d.status_detail)
        .bind(now_millis())
        .execute(self.pool())
        .await
        .or_conflict(|| "a deployment with this token".to_owned())?;
        Ok(())
    }

    /// The customer's hybrid apps, by name.
    pub async fn hybrid_apps(&self, slug: &CustomerSlug) -> Result<Vec<HybridApp>, StoreError> {
        sqlx::query("SELECT * FROM hybrid_apps WHERE customer_slug = $1 ORDER BY name, app_id")
            .bind(slug.as_str())
            .all(self.pool())
            .await
    }

    /// Inserts or replaces one hybrid app of the customer.
    pub async fn save_hybrid_app(
        &self,
        slug: &CustomerSlug,
        app: &HybridApp,
    ) -> Result<(), StoreError> {
        let sheets = serde_json::to_string(&app.sheets)
            .map_err(|e| StoreError::Corrupt(format!("hybrid app sheets: {e}")))?;
        sqlx::query(
            "INSERT INTO hybrid_apps (customer_slug, app_id, name, module_key, status, reason, \
             space_id, published_at, sheets, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (customer_slug, app_id) DO UPDATE SET name = excluded.name, \
             module_key = excluded.module_key, status = excluded.status, \
             reason = excluded.reason, space_id = excluded.space_id, \
             published_at = excluded.published_at, sheets = excluded.sheets, \
             updated_at = excluded.updated_at",
        )
        .bind(slug.as_str())
        .bind(app.app_id.as_str())
        .bind(&app.name)
        .bind(app.module_key.as_str())
        .bind(app.status.as_str())
        .bind(&app.reason)
        .bind(app.space_id.as_ref().map(SpaceId::as_str))
        .bind(&app.published_at)
        .bind(sheets)
        .bind(now_millis())
        .run(self.pool())
        .await
    }

    /// Forgets a hybrid app that left the tenant.
    pub async fn delete_hybrid_app(
        &self,
        slug: &CustomerSlug,
        app_id: &AppId,
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM hybrid_apps WHERE customer_slug = $1 AND app_id = $2")
            .bind(slug.as_str())
            .bind(app_id.as_str())
            .run(self.pool())
            .await
    }
}
