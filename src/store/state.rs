//! Observed state: what the engine has made real for each customer, written after every step
//! (fenced by the job's lease) so that a crash resumes instead of creating things twice.

use super::query::Changes;
use super::{Store, StoreError, now_millis};
use crate::domain::{
    AppId, AssignmentId, CspEntryId, CustomerSlug, DataConnectionId, GroupId, GroupName, IdpId,
    LastResult, ModuleKey, OauthClientId, PrivilegeHeld, ReloadId, SpaceId, SpaceRole, TaskId,
    TenantHostname, TenantId, ThemeId, ThemeName, UserId, WebIntegrationId, WebhookId,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Ids and facts the engine recorded for one customer's tenant. Every id is its domain type,
/// serialized as the plain string it always was, so a stored row that no longer parses fails
/// to load with the field's kind in the error instead of travelling on as text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct Observed {
    pub tenant_id: Option<TenantId>,
    pub hostname: Option<TenantHostname>,
    /// Set just before `POST /tenants`: if the answer is lost, the tenant is looked up, not
    /// created again.
    pub tenant_create_started_at: Option<i64>,
    pub tenant_name: Option<String>,
    pub bot_user_id: Option<UserId>,
    /// The bot's IdP subject: its ADMIN row in a section access table lets the hub reload and
    /// open apps that reduce data by user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bot_subject: Option<String>,
    pub idp_id: Option<IdpId>,
    pub idp_key_id: Option<String>,
    /// The issuer the IdP trusts (per customer); `None` for IdPs made before issuers were.
    pub idp_issuer: Option<String>,
    pub web_integration_id: Option<WebIntegrationId>,
    pub web_integration_origins: Vec<String>,
    /// Origin → CSP entry id.
    pub csp_origins: BTreeMap<String, CspEntryId>,
    pub staging_space_id: Option<SpaceId>,
    pub production_space_id: Option<SpaceId>,
    /// Group name → group id.
    pub groups: BTreeMap<GroupName, GroupId>,
    /// Group name → (assignment id, role) in the production space.
    pub assignments: BTreeMap<GroupName, (AssignmentId, SpaceRole)>,
    pub data_connection_id: Option<DataConnectionId>,
    /// SHA-256 of the connection string the data connection was made with.
    pub data_connection_digest: Option<String>,
    pub deployments: BTreeMap<ModuleKey, Deployment>,
    /// The tenant OAuth client that mints users' impersonation tokens (embedding `oauth`).
    pub oauth_client_id: Option<OauthClientId>,
    /// Its secret, sealed with the hub's encryption key.
    pub oauth_client_secret_sealed: Option<String>,
    /// The origins the client allows.
    pub oauth_client_origins: Vec<String>,
    /// The client was created with the trusted consent method, which Qlik impersonates for
    /// only; false for clients an older oem-hub made, which the next apply replaces.
    pub oauth_client_trusted: bool,
    /// Set when the tenant was deactivated: the estimated purge date Qlik gave.
    pub deactivated_purge_date: Option<String>,
    /// The tenant webhook posting reload events to the hub (only when the hub has a public
    /// URL); absent from rows written before webhooks, as from customers without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reload_webhook_id: Option<WebhookId>,
    /// The URL that webhook posts to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reload_webhook_url: Option<String>,
    /// Its signing secret, sealed with the hub's encryption key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reload_webhook_secret_sealed: Option<String>,
    /// What the tenant holds of the spec's least-privilege block, part by part.
    #[serde(skip_serializing_if = "PrivilegeHeld::is_empty")]
    pub privilege: PrivilegeHeld,
    /// The custom themes the hub put on the tenant (from the customer's template versions),
    /// by `qextFilename`; only these are ever replaced or deleted by the hub.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub themes: BTreeMap<ThemeName, ThemeHeld>,
}

/// A custom theme the hub uploaded: its id on the tenant and the archive it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ThemeHeld {
    pub id: ThemeId,
    /// SHA-256 of the archive uploaded.
    pub sha256: String,
}

/// One module in one customer's tenant. A "content key" is `v<version>:<script digest>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct Deployment {
    pub staging_app_id: Option<AppId>,
    pub staged_version: Option<i64>,
    pub scripted_key: Option<String>,
    pub reload_id: Option<ReloadId>,
    pub reloaded_key: Option<String>,
    pub published_app_id: Option<AppId>,
    pub published_key: Option<String>,
    /// The template version live in the published app.
    pub version: Option<i64>,
    /// The scheduler task that reloads the published app (a `refresh` schedule); absent from
    /// rows of customers without one, as rows written before schedules existed are.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_task_id: Option<TaskId>,
    /// `ScheduledReload::key()` of the schedule that task holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_key: Option<String>,
}

/// Observed state plus the outcome of the last reconcile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerState {
    pub observed: Observed,
    pub last_result: Option<LastResult>,
    pub updated_at: Option<i64>,
}

fn corrupt(slug: &CustomerSlug, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("observed state of {slug}: {e}"))
}

/// The job lease a write is made under; a write by a worker that lost its lease is refused.
#[derive(Debug, Clone, Copy)]
pub struct Fence<'a> {
    pub job_id: &'a str,
    pub owner: &'a str,
}

impl Store {
    /// A customer's observed state (empty before the first step).
    pub async fn get_state(&self, slug: &CustomerSlug) -> Result<CustomerState, StoreError> {
        let row: Option<(String, Option<String>, i64)> = sqlx::query_as(
            "SELECT observed, last_result, updated_at FROM customer_state WHERE customer_slug = $1",
        )
        .bind(slug.as_str())
        .fetch_optional(self.pool())
        .await?;
        match row {
            None => Ok(CustomerState::default()),
            Some((json, last_result, updated_at)) => Ok(CustomerState {
                observed: serde_json::from_str(&json).map_err(|e| corrupt(slug, e))?,
                last_result: last_result
                    .map(|raw| LastResult::parse(&raw))
                    .transpose()
                    .map_err(|e| corrupt(slug, e))?,
                updated_at: Some(updated_at),
            }),
        }
    }

    /// Writes a customer's observed state and its per-module deployments in one transaction,
    /// only while `fence` (when given) still holds its job's lease.
    pub async fn save_observed(
        &self,
        slug: &CustomerSlug,
        observed: &Observed,
        fence: Option<Fence<'_>>,
    ) -> Result<(), StoreError> {
        let now = now_millis();
        let mut tx = self.pool().begin().await?;
        if let Some(fence) = fence {
            let held = sqlx::query(
                "UPDATE jobs SET updated_at = $1 WHERE id = $2 AND lease_owner = $3 \
                 AND lease_expires_at > $1 AND finished_at IS NULL",
            )
            .bind(now)
            .bind(fence.job_id)
            .bind(fence.owner)
            .changed(&mut *tx)
            .await?;
            if !held {
                return Err(StoreError::LeaseLost(fence.job_id.to_owned()));
            }
        }
        let json = serde_json::to_string(observed).map_err(|e| corrupt(slug, e))?;
        sqlx::query(
            "INSERT INTO customer_state (customer_slug, tenant_id, hostname, observed, updated_at) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (customer_slug) DO UPDATE SET tenant_id = excluded.tenant_id, \
             hostname = excluded.hostname, observed = excluded.observed, \
             updated_at = excluded.updated_at",
        )
        .bind(slug.as_str())
        .bind(observed.tenant_id.as_ref().map(TenantId::as_str))
        .bind(observed.hostname.as_ref().map(TenantHostname::as_str))
        .bind(json)
        .bind(now)
        .run(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM deployments WHERE customer_slug = $1")
            .bind(slug.as_str())
            .execute(&mut *tx)
            .await?;
        for (module, d) in &observed.deployments {
            sqlx::query(
                "INSERT INTO deployments (customer_slug, module_key, staging_app_id, \
                 published_app_id, version, reload_id, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(slug.as_str())
            .bind(module.as_str())
            .bind(d.staging_app_id.as_ref().map(AppId::as_str))
            .bind(d.published_app_id.as_ref().map(AppId::as_str))
            .bind(d.version)
            .bind(d.reload_id.as_ref().map(ReloadId::as_str))
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Records the outcome of the last reconcile (`succeeded`, or `failed: <reason>`).
    pub async fn set_last_result(
        &self,
        slug: &CustomerSlug,
        result: &LastResult,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE customer_state SET last_result = $1 WHERE customer_slug = $2")
            .bind(result.to_string())
            .bind(slug.as_str())
            .run(self.pool())
            .await
    }

    /// Every tenant id recorded for any customer (to tell adopted tenants from strangers).
    pub async fn known_tenant_ids(&self) -> Result<Vec<TenantId>, StoreError> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT customer_slug, tenant_id FROM customer_state WHERE tenant_id IS NOT NULL",
        )
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(slug, id)| {
                TenantId::parse(&id).map_err(|e| {
                    StoreError::Corrupt(format!("customer_state {slug}: tenant_id {id:?}: {e}"))
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
