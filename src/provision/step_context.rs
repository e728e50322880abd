//! What one step of an apply works with (`Run`): the customer, its observed state, the client
//! and the job's lease. Apart from `run`, so that the steps and the apply loop do not import
//! each other.

use super::hooks::{Phase, Point};
use super::{Inner, ProvisionError, Step};
use crate::domain::TenantHostname;
use crate::qlik::{QlikClient, TenantApi};
use crate::store::{CustomerRecord, Fence, Job, Observed};
use secrecy::SecretString;
use std::sync::Mutex;
use std::time::Instant;

/// One apply in progress: the customer, its observed state, and the job it runs under.
pub(crate) struct Run<'a> {
    pub inner: &'a Inner,
    pub customer: &'a CustomerRecord,
    pub observed: Observed,
    pub client: QlikClient,
    pub job: Option<&'a Job>,
    pub connection: Option<SecretString>,
    pub step: &'a Step,
    /// When this apply last changed the tenant (see `settle`).
    pub wrote: &'a Mutex<Option<Instant>>,
}

impl Run<'_> {
    /// Persists the observed state (refused if this worker lost the job's lease).
    pub async fn save(&self) -> Result<(), ProvisionError> {
        let fence = self.job.map(|job| Fence {
            job_id: &job.id,
            owner: &self.inner.owner,
        });
        self.inner
            .store
            .save_observed(self.customer.slug(), &self.observed, fence)
            .await?;
        Ok(())
    }

    /// The mid-step point: Qlik has acted, nothing is recorded yet.
    pub async fn after_call(&self) {
        if let Ok(mut wrote) = self.wrote.lock() {
            *wrote = Some(Instant::now());
        }
        self.inner
            .hooks
            .reached(Point {
                customer: self.customer.slug().clone(),
                step: self.step.label(),
                phase: Phase::AfterCall,
            })
            .await;
    }

    /// Keeps the job's lease alive during long waits.
    pub async fn heartbeat(&self) -> Result<(), ProvisionError> {
        let Some(job) = self.job else { return Ok(()) };
        let lease = lease_ms(self.inner);
        if self
            .inner
            .store
            .heartbeat_job(&job.id, &self.inner.owner, lease, None)
            .await?
        {
            Ok(())
        } else {
            Err(crate::store::StoreError::LeaseLost(job.id.clone()).into())
        }
    }

    /// The tenant's hostname (every step after `create tenant` needs it).
    pub fn host(&self) -> Result<TenantHostname, ProvisionError> {
        self.recorded_host().cloned()
    }

    /// The API of the customer's recorded tenant (an error when none is recorded yet).
    pub fn tenant(&self) -> Result<TenantApi<'_>, ProvisionError> {
        Ok(self.client.tenant(self.recorded_host()?))
    }

    fn recorded_host(&self) -> Result<&TenantHostname, ProvisionError> {
        self.observed
            .hostname
            .as_ref()
            .ok_or_else(|| ProvisionError::step(&self.step.label(), "no tenant recorded yet"))
    }
}

pub(crate) fn lease_ms(inner: &Inner) -> i64 {
    i64::try_from(inner.config.lease.as_millis()).unwrap_or(i64::MAX)
}
