//! The reload watcher: on an interval, one replica (by lease) reads the newest reloads of every
//! active customer's published apps, records them, and retries a scheduled reload that failed
//! (at most `MAX_RETRIES` times in a row) so one bad night does not leave a customer stale.

use super::super::{Engine, ProvisionError};
use super::{MAX_RETRIES, record};
use crate::domain::{CustomerSlug, ModuleKey, ReloadOutcome, ReloadTrigger};
use crate::qlik::Reload;
use crate::store::ReloadRecord;
use std::future::Future;

const WATCH_LEASE: &str = "reload-watch";
/// How many of an app's newest reloads one pass reads.
const NEWEST: u8 = 10;

impl Engine {
    /// Watches reloads every `reload_watch` until `shutdown` resolves.
    pub async fn run_reload_watch(&self, shutdown: impl Future<Output = ()>) {
        let every = self.inner.config.reload_watch;
        let ttl = i64::try_from(every.as_millis()).unwrap_or(i64::MAX);
        self.periodically(every, WATCH_LEASE, ttl, shutdown, || async {
            self.reload_watch_once().await;
        })
        .await;
    }

    /// One pass over every active customer's published apps; answers how many reloads it
    /// recorded or updated.
    pub async fn reload_watch_once(&self) -> usize {
        let customers = match self.store().list_customers().await {
            Ok(c) => c,
            Err(e) => {
                tracing::warn!(error = %e, "cannot list customers to watch reloads");
                return 0;
            }
        };
        let mut seen = 0;
        for customer in customers.iter().filter(|c| c.retired_at.is_none()) {
            match self.watch_customer(customer.slug()).await {
                Ok(n) => seen += n,
                Err(e) => {
                    tracing::warn!(customer = %customer.slug(), error = %e, "reload watch failed")
                }
            }
        }
        seen
    }

    async fn watch_customer(&self, slug: &CustomerSlug) -> Result<usize, ProvisionError> {
        let observed = self.store().get_state(slug).await?.observed;
        let Some(host) = observed.hostname.clone() else {
            return Ok(0);
        };
        let mut seen = 0;
        for (module, d) in &observed.deployments {
            let Some(app) = &d.published_app_id else {
                continue;
            };
            let scheduled = d.refresh_task_id.is_some();
            for reload in self.inner.client.recent_reloads(&host, app, NEWEST).await? {
                seen += usize::from(self.note(slug, module, &reload, scheduled).await?);
            }
        }
        Ok(seen)
    }

    /// Records one reload; true when it was new or changed. A scheduled (or retried) reload
    /// seen failing for the first time is retried while the run of failures is short.
    async fn note(
        &self,
        slug: &CustomerSlug,
        module: &ModuleKey,
        reload: &Reload,
        scheduled: bool,
    ) -> Result<bool, ProvisionError> {
        let store = self.store();
        let before = store.recorded_reload(slug, module, &reload.id).await?;
        let trigger = match &before {
            Some(b) => b.trigger,
            // Qlik's scheduler runs reloads as `type: chronos` (UNCONFIRMED for tasks-API runs).
            None if scheduled && reload.kind.as_deref() == Some("chronos") => {
                ReloadTrigger::Schedule
            }
            None => ReloadTrigger::Other,
        };
        let now = record(slug, module, reload, trigger);
        if before.as_ref() == Some(&now) {
            return Ok(false);
        }
        store.record_reload(&now).await?;
        let newly_failed =
            now.status.is_failure() && before.is_none_or(|b| b.status == ReloadOutcome::Running);
        if newly_failed && matches!(trigger, ReloadTrigger::Schedule | ReloadTrigger::Retry) {
            self.maybe_retry(slug, module, reload).await?;
        }
        Ok(true)
    }

    async fn maybe_retry(
        &self,
        slug: &CustomerSlug,
        module: &ModuleKey,
        failed: &Reload,
    ) -> Result<(), ProvisionError> {
        let recent = self.store().recent_reloads(slug, module, 10).await?;
        let retries = recent
            .iter()
            .take_while(|r| r.status.is_failure())
            .filter(|r| r.trigger == ReloadTrigger::Retry)
            .count();
        if retries >= MAX_RETRIES {
            tracing::warn!(customer = %slug, %module, "scheduled reload failed again; no more retries");
            return Ok(());
        }
        let host = self
            .store()
            .get_state(slug)
            .await?
            .observed
            .hostname
            .ok_or_else(|| ProvisionError::step("retry reload", "no tenant recorded"))?;
        let variables = self.reload_variables(slug, module).await?;
        let retry = self
            .inner
            .client
            .start_reload(&host, &failed.app_id, &variables)
            .await?;
        let started: ReloadRecord = record(slug, module, &retry, ReloadTrigger::Retry);
        self.store().record_reload(&started).await?;
        tracing::info!(customer = %slug, %module, reload = %retry.id, "retrying a failed scheduled reload");
        Ok(())
    }
}
