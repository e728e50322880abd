//! `apply`: runs a customer's plan step by step, recording each step's outputs as it goes, so
//! that a crash anywhere resumes from the recorded state without creating anything twice.

use super::audit::AuditSink;
use super::hooks::{Phase, Point};
use super::step_context::{Run, lease_ms};
use super::{Engine, ProvisionError, Step, settle, steps};
use crate::domain::{CustomerSlug, TenantHostname, TenantId};
use crate::qlik::QlikClient;
use crate::store::Job;
use std::sync::{Arc, Mutex};

/// What an apply did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ApplyReport {
    pub customer: CustomerSlug,
    /// Labels of the steps run, in order.
    pub steps: Vec<String>,
    pub tenant_id: Option<TenantId>,
    pub hostname: Option<TenantHostname>,
}

impl Engine {
    /// A client whose every call is written to the audit log for `slug` (and `job`); drop
    /// the client, then await the handle, to have every entry written.
    pub(crate) fn audited_client(
        &self,
        slug: &CustomerSlug,
        job: Option<&Job>,
    ) -> (QlikClient, tokio::task::JoinHandle<()>) {
        let (sink, writer) = AuditSink::start(
            self.inner.store.clone(),
            slug.as_str(),
            job.map(|j| j.id.as_str()),
        );
        (self.inner.client.with_observer(Arc::new(sink)), writer)
    }

    /// Applies the customer's plan now, outside the job queue (one-shot CLI use and tests).
    pub async fn apply(&self, slug: &CustomerSlug) -> Result<ApplyReport, ProvisionError> {
        self.apply_under(slug, None, false).await
    }

    /// Applies the plan under `job`'s lease: progress is recorded, the lease renewed before
    /// each step, and a cancel request honoured between steps. With `refresh`, the recorded
    /// state is first checked against the tenant (a repair).
    pub(crate) async fn apply_under(
        &self,
        slug: &CustomerSlug,
        job: Option<&Job>,
        refresh: bool,
    ) -> Result<ApplyReport, ProvisionError> {
        let inner = &*self.inner;
        let customer = inner.store.get_customer(slug).await?;
        if customer.retired_at.is_some() {
            return Err(ProvisionError::permanent(
                "apply",
                "the customer is retired; reactivate it first",
            ));
        }
        let mut observed = inner.store.get_state(slug).await?.observed;
        if refresh {
            observed = steps::observe(&inner.client, &inner.config, observed).await?;
        }
        let plan = self.plan_against(&customer, &observed).await?;
        let connection = match &customer.connection_sealed {
            Some(sealed) => Some(inner.config.sealing_key.open(sealed)?),
            None => None,
        };
        let (client, writer) = self.audited_client(slug, job);
        let mut done = Vec::with_capacity(plan.len());
        let wrote = Mutex::new(None);
        let result = async {
            for (index, step) in plan.iter().enumerate() {
                self.before_step(slug, job, index, plan.len(), step).await?;
                for attempt in 0.. {
                    let mut run = Run {
                        inner,
                        customer: &customer,
                        observed,
                        client: client.clone(),
                        job,
                        connection: connection.clone(),
                        step,
                        wrote: &wrote,
                    };
                    let outcome = steps::execute(&mut run).await;
                    let delay = match &outcome {
                        Err(ProvisionError::Qlik(e)) => {
                            let since = wrote.lock().ok().and_then(|w| w.map(|at| at.elapsed()));
                            settle::settle_delay(e, since, attempt, inner.config.settle_window)
                        }
                        _ => None,
                    };
                    let Some(delay) = delay else {
                        outcome?;
                        observed = run.observed;
                        break;
                    };
                    tracing::info!(customer = %slug, step = %step.label(), ?delay,
                        "Qlik does not show what this apply just made yet; running the step again");
                    run.heartbeat().await?;
                    tokio::time::sleep(delay).await;
                    observed = run.observed;
                }
                done.push(step.label());
            }
            Ok::<_, ProvisionError>(observed)
        }
        .await;
        drop(client);
        let _ = writer.await;
        let observed = result?;
        Ok(ApplyReport {
            customer: slug.clone(),
            steps: done,
            tenant_id: observed.tenant_id,
            hostname: observed.hostname,
        })
    }

    async fn before_step(
        &self,
        slug: &CustomerSlug,
        job: Option<&Job>,
        index: usize,
        count: usize,
        step: &Step,
    ) -> Result<(), ProvisionError> {
        let inner = &*self.inner;
        if let Some(job) = job {
            let progress = (index as i64 + 1, count as i64, step.label());
            let held = inner
                .store
                .heartbeat_job(
                    &job.id,
                    &inner.owner,
                    lease_ms(inner),
                    Some((progress.0, progress.1, &progress.2)),
                )
                .await?;
            if !held {
                return Err(crate::store::StoreError::LeaseLost(job.id.clone()).into());
            }
            if inner.store.get_job(&job.id).await?.cancel_requested {
                return Err(ProvisionError::Cancelled);
            }
        }
        inner
            .hooks
            .reached(Point {
                customer: slug.clone(),
                step: step.label(),
                phase: Phase::Before,
            })
            .await;
        Ok(())
    }
}
