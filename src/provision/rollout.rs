//! Rollouts: move every customer with a module to a new template version in waves (canaries
//! first, then growing batches), halt when a wave fails too often, resume, or roll back.
//! Customers are held on a version by pins; each is moved by an ordinary apply job, so leases,
//! retries and republish-in-place (stable published app ids) all carry over.

use super::{Engine, ProvisionError};
use crate::domain::{CustomerSlug, ModuleKey};
use crate::store::{JobState, Rollout, RolloutState, now_millis};
use std::collections::BTreeMap;

mod waves;

pub use waves::{plan_waves, wave_failed};

/// What to roll out, and how carefully.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RolloutRequest {
    pub module: ModuleKey,
    pub version: i64,
    /// Customers to move first; by default the first customer by slug.
    #[serde(default)]
    pub canaries: Vec<CustomerSlug>,
    /// Size of the first batch after the canaries; each next batch doubles.
    #[serde(default = "default_first_batch")]
    pub first_batch: usize,
    /// A wave with a higher failure percentage halts the rollout.
    #[serde(default = "default_max_failure_pct")]
    pub max_failure_pct: i64,
}

fn default_first_batch() -> usize {
    2
}

fn default_max_failure_pct() -> i64 {
    20
}

impl Engine {
    /// Records a rollout of `req.version` and its waves; drive it with `drive_rollout`.
    pub async fn start_rollout(&self, req: &RolloutRequest) -> Result<Rollout, ProvisionError> {
        let store = &self.inner.store;
        let module = store.get_module(&req.module).await?;
        store.get_module_version(&req.module, req.version).await?;
        if !(0..=100).contains(&req.max_failure_pct) {
            return Err(ProvisionError::Invalid {
                field: "max_failure_pct",
                reason: "must be 0–100".to_owned(),
            });
        }
        let customers = store.customers_with_module(&req.module).await?;
        let rollout = Rollout {
            id: uuid::Uuid::now_v7().to_string(),
            module: req.module.clone(),
            from_version: module.version,
            to_version: req.version,
            state: RolloutState::Running,
            waves: plan_waves(&customers, &req.canaries, req.first_batch),
            current_wave: 0,
            max_failure_pct: req.max_failure_pct,
            results: BTreeMap::new(),
            reason: None,
            created_at: now_millis(),
            updated_at: now_millis(),
        };
        store.insert_rollout(&rollout).await?;
        Ok(rollout)
    }

    /// Runs a rollout from where it stands until it completes, halts or is rolled back. Only
    /// one engine instance drives a rollout at a time (lease); another caller gets it as is.
    pub async fn drive_rollout(&self, id: &str) -> Result<Rollout, ProvisionError> {
        let store = &self.inner.store;
        let lease = 10 * super::step_context::lease_ms(&self.inner);
        if !store.claim_rollout(id, &self.inner.owner, lease).await? {
            return Ok(store.get_rollout(id).await?);
        }
        let result = match store.get_rollout(id).await? {
            r if r.state == RolloutState::Running => self.run_waves(r).await,
            r if r.state == RolloutState::RollingBack => self.run_rollback(r).await,
            r => Ok(r),
        };
        store.release_rollout(id, &self.inner.owner).await?;
        result
    }

    /// Resumes a halted rollout at the wave that halted it.
    pub async fn resume_rollout(&self, id: &str) -> Result<Rollout, ProvisionError> {
        let mut rollout = self.inner.store.get_rollout(id).await?;
        if rollout.state == RolloutState::Halted {
            rollout.state = RolloutState::Running;
            rollout.reason = None;
            self.inner.store.save_rollout(&rollout).await?;
        }
        self.drive_rollout(id).await
    }

    /// Moves every customer the rollout touched back to the previous version.
    pub async fn rollback_rollout(&self, id: &str) -> Result<Rollout, ProvisionError> {
        let mut rollout = self.inner.store.get_rollout(id).await?;
        if matches!(
            rollout.state,
            RolloutState::Running | RolloutState::Halted | RolloutState::Completed
        ) {
            rollout.state = RolloutState::RollingBack;
            self.inner.store.save_rollout(&rollout).await?;
        }
        self.drive_rollout(id).await
    }

    async fn run_waves(&self, mut r: Rollout) -> Result<Rollout, ProvisionError> {
        let store = &self.inner.store;
        while let Some(wave) = r.waves.get(r.current_wave as usize).cloned() {
            let outcomes = self.move_customers(&r.module, r.to_version, &wave).await?;
            let failed = outcomes.values().filter(|o| *o != "succeeded").count();
            r.results.extend(outcomes);
            if wave_failed(failed, wave.len(), r.max_failure_pct) {
                r.state = RolloutState::Halted;
                r.reason = Some(format!(
                    "wave {} of {}: {failed} of {} customers failed",
                    r.current_wave + 1,
                    r.waves.len(),
                    wave.len()
                ));
                store.save_rollout(&r).await?;
                return Ok(r);
            }
            r.current_wave += 1;
            store.save_rollout(&r).await?;
        }
        store.set_current_version(&r.module, r.to_version).await?;
        store.clear_pins(&r.module).await?;
        r.state = RolloutState::Completed;
        store.save_rollout(&r).await?;
        Ok(r)
    }

    async fn run_rollback(&self, mut r: Rollout) -> Result<Rollout, ProvisionError> {
        let store = &self.inner.store;
        let last = (r.current_wave as usize).min(r.waves.len().saturating_sub(1));
        let touched: Vec<CustomerSlug> = r.waves.iter().take(last + 1).flatten().cloned().collect();
        let outcomes = self
            .move_customers(&r.module, r.from_version, &touched)
            .await?;
        let failed = outcomes.values().filter(|o| *o != "succeeded").count();
        if failed > 0 {
            r.reason = Some(format!(
                "rollback: {failed} of {} customers failed; retry it",
                touched.len()
            ));
            store.save_rollout(&r).await?;
            return Ok(r);
        }
        store.set_current_version(&r.module, r.from_version).await?;
        store.clear_pins(&r.module).await?;
        r.state = RolloutState::RolledBack;
        r.reason = None;
        store.save_rollout(&r).await?;
        Ok(r)
    }

    /// Pins each customer to `version`, applies them (as jobs, in parallel), and reports
    /// `succeeded` or `failed: <why>` per customer.
    async fn move_customers(
        &self,
        module: &ModuleKey,
        version: i64,
        customers: &[CustomerSlug],
    ) -> Result<BTreeMap<String, String>, ProvisionError> {
        let store = &self.inner.store;
        let mut jobs = Vec::with_capacity(customers.len());
        for slug in customers {
            store.set_pin(slug, module, version).await?;
            jobs.push((slug.clone(), self.enqueue_apply(slug).await?.0));
        }
        let mut outcomes = BTreeMap::new();
        for (slug, job) in jobs {
            let job = self.wait_for_job(&job.id).await?;
            let deployed = store
                .get_state(&slug)
                .await?
                .observed
                .deployments
                .get(module)
                .and_then(|d| d.version);
            let outcome = match (job.state, deployed) {
                (JobState::Succeeded, Some(v)) if v == version => "succeeded".to_owned(),
                (JobState::Succeeded, other) => format!("failed: deployed version is {other:?}"),
                (state, _) => format!("failed: job {state:?}: {}", job.error.unwrap_or_default()),
            };
            outcomes.insert(slug.to_string(), outcome);
        }
        Ok(outcomes)
    }
}
