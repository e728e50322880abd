//! The job runner: claims leased jobs from the store, runs several customers at once (bounded),
//! retries transient failures with backoff, and records each job's final state.

use super::DeprovisionParams;
use super::step_context::lease_ms;
use super::{Engine, ProvisionError};
use crate::domain::{CustomerSlug, JobKind, LastResult};
use crate::store::{Job, JobState, StoreError, StoredKind, now_millis};
use std::future::Future;
use std::time::Duration;
use tokio::task::JoinSet;

/// The delay before retry `attempt` (1-based): `base · 2^(attempt-1)`, at most `cap`.
pub fn backoff(attempt: i64, base: Duration, cap: Duration) -> Duration {
    let exponent = u32::try_from(attempt.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
    base.saturating_mul(2u32.saturating_pow(exponent)).min(cap)
}

impl Engine {
    /// Queues an apply of `slug` (or returns its unfinished job) and wakes the workers.
    pub async fn enqueue_apply(&self, slug: &CustomerSlug) -> Result<(Job, bool), ProvisionError> {
        self.enqueue_reconcile(slug, JobKind::Apply).await
    }

    /// Queues a repair of `slug`: an apply that first reads the tenant again (drift).
    pub async fn enqueue_repair(&self, slug: &CustomerSlug) -> Result<(Job, bool), ProvisionError> {
        self.enqueue_reconcile(slug, JobKind::Repair).await
    }

    async fn enqueue_reconcile(
        &self,
        slug: &CustomerSlug,
        kind: JobKind,
    ) -> Result<(Job, bool), ProvisionError> {
        let customer = self.inner.store.get_customer(slug).await?;
        if customer.retired_at.is_some() {
            return Err(ProvisionError::permanent(
                "apply",
                "the customer is retired; reactivate it first",
            ));
        }
        self.queue(slug, kind).await
    }

    /// Queues `kind` for `slug` and wakes the workers.
    pub(super) async fn queue(
        &self,
        slug: &CustomerSlug,
        kind: JobKind,
    ) -> Result<(Job, bool), ProvisionError> {
        let queued = self.inner.store.enqueue_job(slug, kind).await?;
        self.inner.wake.notify_waiters();
        Ok(queued)
    }

    /// Runs jobs until `shutdown` resolves. Jobs still running then are abandoned mid-step,
    /// exactly like a crash: their leases expire and any instance resumes them.
    pub async fn run_worker(&self, shutdown: impl Future<Output = ()>) {
        let mut running = JoinSet::new();
        tokio::pin!(shutdown);
        loop {
            while running.len() < self.inner.config.concurrency.max(1) {
                match self
                    .inner
                    .store
                    .claim_job(&self.inner.owner, lease_ms(&self.inner))
                    .await
                {
                    Ok(Some(job)) => {
                        let engine = self.clone();
                        running.spawn(async move { engine.run_job(job).await });
                    }
                    Ok(None) => break,
                    Err(e) => {
                        tracing::warn!(error = %e, "cannot claim jobs");
                        break;
                    }
                }
            }
            tokio::select! {
                () = &mut shutdown => break,
                Some(_) = running.join_next(), if !running.is_empty() => {}
                () = self.inner.wake.notified() => {}
                () = tokio::time::sleep(self.inner.config.poll) => {}
            }
        }
        running.abort_all();
        while running.join_next().await.is_some() {}
    }

    /// Runs one claimed job and records how it ended.
    pub(crate) async fn run_job(&self, job: Job) {
        let owner = &self.inner.owner;
        let store = &self.inner.store;
        let work = async {
            match &job.kind {
                StoredKind::Known(JobKind::Apply) => self
                    .apply_under(&job.customer, Some(&job), false)
                    .await
                    .map(|_| ()),
                StoredKind::Known(JobKind::Repair) => self
                    .apply_under(&job.customer, Some(&job), true)
                    .await
                    .map(|_| ()),
                StoredKind::Known(JobKind::Deprovision { purge_after_days }) => {
                    let params = DeprovisionParams {
                        purge_after_days: *purge_after_days,
                    };
                    self.deprovision_under(&job.customer, params, Some(&job))
                        .await
                }
                StoredKind::Known(JobKind::Reactivate) => {
                    self.reactivate_under(&job.customer, Some(&job)).await
                }
                // A newer replica's kind, or parameters this build cannot read: no retry helps.
                StoredKind::Unreadable { reason, .. } => {
                    Err(ProvisionError::permanent("job", reason.clone()))
                }
            }
        };
        // The lease is renewed in the background for as long as the job runs (calls may wait
        // on rate limits for longer than a lease); if renewal fails, the work is dropped at once,
        // like a crash, because another worker now owns the job.
        let outcome = tokio::select! {
            outcome = work => outcome,
            lost = self.keep_lease(&job.id) => Err(lost),
        };
        let recorded = match outcome {
            Ok(()) => {
                let _ = store
                    .set_last_result(&job.customer, &LastResult::Succeeded)
                    .await;
                store
                    .finish_job(&job.id, owner, JobState::Succeeded, None)
                    .await
            }
            Err(ProvisionError::Cancelled) => {
                store
                    .finish_job(&job.id, owner, JobState::Cancelled, None)
                    .await
            }
            Err(ProvisionError::Store(StoreError::LeaseLost(_))) => {
                tracing::warn!(job = %job.id, "lease lost; another worker has the job");
                Ok(false)
            }
            Err(e) if e.is_retryable() && job.attempts < self.inner.config.max_attempts => {
                let wait = backoff(
                    job.attempts,
                    self.inner.config.retry_base,
                    self.inner.config.retry_cap,
                );
                let at = now_millis() + i64::try_from(wait.as_millis()).unwrap_or(i64::MAX);
                tracing::info!(job = %job.id, error = %e, ?wait, "job will be retried");
                store.requeue_job(&job.id, owner, at, &e.to_string()).await
            }
            Err(e) => {
                let reason = e.to_string();
                tracing::warn!(job = %job.id, error = %reason, "job failed");
                let _ = store
                    .set_last_result(&job.customer, &LastResult::Failed(reason.clone()))
                    .await;
                store
                    .finish_job(&job.id, owner, JobState::Failed, Some(&reason))
                    .await
            }
        };
        if let Err(e) = recorded {
            tracing::error!(job = %job.id, error = %e, "cannot record the job's outcome");
        }
    }

    /// Renews `job_id`'s lease every third of its length; returns only when it is lost.
    async fn keep_lease(&self, job_id: &str) -> ProvisionError {
        let lease = lease_ms(&self.inner);
        let every = Duration::from_millis(u64::try_from(lease / 3).unwrap_or(1000).max(10));
        loop {
            tokio::time::sleep(every).await;
            match self
                .inner
                .store
                .heartbeat_job(job_id, &self.inner.owner, lease, None)
                .await
            {
                Ok(true) => {}
                Ok(false) => return StoreError::LeaseLost(job_id.to_owned()).into(),
                // A store hiccup: keep trying while the lease lasts.
                Err(e) => tracing::warn!(job = %job_id, error = %e, "cannot renew a job lease"),
            }
        }
    }

    /// Waits until `job_id` reaches a final state, polling the store.
    pub async fn wait_for_job(&self, job_id: &str) -> Result<Job, ProvisionError> {
        loop {
            let job = self.inner.store.get_job(job_id).await?;
            if job.state.is_final() {
                return Ok(job);
            }
            tokio::time::sleep(self.inner.config.poll.min(Duration::from_millis(100))).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let base = Duration::from_secs(2);
        let cap = Duration::from_secs(60);
        let cases = [(0, 2), (1, 2), (2, 4), (3, 8), (5, 32), (6, 60), (40, 60)];
        for (attempt, secs) in cases {
            assert_eq!(
                backoff(attempt, base, cap),
                Duration::from_secs(secs),
                "{attempt}"
            );
        }
    }
}
