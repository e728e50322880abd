//! Deprovisioning: deactivate a customer's tenant with `qlik-confirm-hostname` and a purge
//! window, or reactivate it within that window. Nothing is deleted from the store or the audit.

use super::{Engine, ProvisionError};
use crate::domain::{CustomerSlug, JobKind, Region, TenantHostname, TenantId};
use crate::qlik::{QlikClient, QlikError};
use crate::store::{Fence, Job, now_millis};

/// Qlik's allowed purge window, in days.
pub const PURGE_DAYS: std::ops::RangeInclusive<u32> = 10..=90;

/// Parameters of a deprovision job.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct DeprovisionParams {
    pub purge_after_days: u32,
}

impl Engine {
    /// Deactivates the tenant (purged by Qlik after `purge_after_days`) and marks the customer
    /// retired. Running it again is harmless.
    pub(crate) async fn deprovision_under(
        &self,
        slug: &CustomerSlug,
        params: DeprovisionParams,
        job: Option<&Job>,
    ) -> Result<(), ProvisionError> {
        let days = params.purge_after_days;
        let call = async |client: &QlikClient, region, id: &TenantId, host: &TenantHostname| {
            client.deactivate_tenant(region, id, host, days).await
        };
        self.change_tenant(slug, job, Some(now_millis()), call)
            .await
    }

    /// Reactivates a retired customer's tenant (before its purge date) and un-retires it.
    pub(crate) async fn reactivate_under(
        &self,
        slug: &CustomerSlug,
        job: Option<&Job>,
    ) -> Result<(), ProvisionError> {
        let call = async |client: &QlikClient, region, id: &TenantId, host: &TenantHostname| {
            client
                .reactivate_tenant(region, id, host)
                .await
                .map(|()| None)
        };
        self.change_tenant(slug, job, None, call).await
    }

    /// Makes one audited lifecycle `call` on the customer's tenant (when it has one), keeps the
    /// purge date it answers, and sets the customer's retirement to `retired_at`.
    async fn change_tenant(
        &self,
        slug: &CustomerSlug,
        job: Option<&Job>,
        retired_at: Option<i64>,
        call: impl AsyncFnOnce(
            &QlikClient,
            Region,
            &TenantId,
            &TenantHostname,
        ) -> Result<Option<String>, QlikError>,
    ) -> Result<(), ProvisionError> {
        let inner = &*self.inner;
        let customer = inner.store.get_customer(slug).await?;
        let mut observed = inner.store.get_state(slug).await?.observed;
        if let (Some(id), Some(host)) = (&observed.tenant_id, &observed.hostname) {
            let (client, writer) = self.audited_client(slug, job);
            let purge = call(&client, customer.spec.region, id, host).await;
            drop(client);
            let _ = writer.await;
            observed.deactivated_purge_date = purge?;
            let fence = job.map(|j| Fence {
                job_id: &j.id,
                owner: &inner.owner,
            });
            inner.store.save_observed(slug, &observed, fence).await?;
        }
        inner.store.set_retired(slug, retired_at).await?;
        Ok(())
    }

    /// Queues a deprovision of `slug`.
    pub async fn enqueue_deprovision(
        &self,
        slug: &CustomerSlug,
        purge_after_days: u32,
    ) -> Result<(Job, bool), ProvisionError> {
        self.inner.store.get_customer(slug).await?;
        let kind = JobKind::Deprovision { purge_after_days };
        self.queue(slug, kind).await
    }

    /// Queues a reactivation of `slug`.
    pub async fn enqueue_reactivate(
        &self,
        slug: &CustomerSlug,
    ) -> Result<(Job, bool), ProvisionError> {
        self.inner.store.get_customer(slug).await?;
        self.queue(slug, JobKind::Reactivate).await
    }
}
