//! The reload watcher: on an interval, one replica (by lease) reads the newest reloads of every
//! active customer's published apps, records them, and retries a scheduled reload that failed
//! (at most `MAX_RETRIES` times in a row) so one bad night does not leave a customer stale.

use super::super::{Engine, ProvisionError};
use super::{MAX_RETRIES, record};
use crate::domain::{CustomerSlug, ModuleKey, ReloadOutcome, ReloadTrigger, TenantHostname};
use crate::qlik::Reload;
use crate::store::ReloadRecord;
use std::future::Future;

const WATCH_LEASE: &str = "reload-watch";
/// A customer whose tenant posts reload events is polled only every this many passes, as a
/// safety net for a delivery Qlik gave up on.
const WEBHOOK_SAFETY_PASSES: u64 = 10;
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
        let pass = self
            .inner
            .watch_passes
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let safety_net = pass.is_multiple_of(WEBHOOK_SAFETY_PASSES);
        let mut seen = 0;
        for customer in customers.iter().filter(|c| c.retired_at.is_none()) {
            match self.watch_customer(customer.slug(), safety_net).await {
                Ok(n) => seen += n,
                Err(e) => {
                    tracing::warn!(customer = %customer.slug(), error = %e, "reload watch failed")
                }
            }
        }
        seen
    }

    async fn watch_customer(
        &self,
        slug: &CustomerSlug,
        safety_net: bool,
    ) -> Result<usize, ProvisionError> {
        let observed = self.store().get_state(slug).await?.observed;
        let Some(host) = observed.hostname.clone() else {
            return Ok(0);
        };
        let announced =
            observed.reload_webhook_url.is_some() && self.inner.config.events_base.is_some();
        if announced && !safety_net {
            return Ok(0); // its webhook tells the hub (see `events`)
        }
        let mut seen = 0;
        for (module, d) in &observed.deployments {
            let Some(app) = &d.published_app_id else {
                continue;
            };
            let scheduled = d.refresh_task_id.is_some();
            for reload in self
                .inner
                .client
                .tenant(&host)
                .recent_reloads(app, NEWEST)
                .await?
            {
                let noted = self.note(slug, module, &host, &reload, scheduled).await?;
                seen += usize::from(noted);
            }
        }
        Ok(seen)
    }

    /// Records one reload (polled, or announced by webhook); true when it was new or changed.
    /// A failure's log comes from the reload's log endpoint. A scheduled (or retried) reload
    /// seen failing for the first time is retried while the run of failures is short.
    pub(crate) async fn note(
        &self,
        slug: &CustomerSlug,
        module: &ModuleKey,
        host: &TenantHostname,
        reload: &Reload,
        scheduled: bool,
    ) -> Result<bool, ProvisionError> {
        let store = self.store();
        let before = store.recorded_reload(slug, module, &reload.id).await?;
        let logged = before.as_ref().is_some_and(|b| b.log_excerpt.is_some());
        let mut reload = reload.clone();
        if super::outcome(&reload.status).is_failure() && !logged {
            match self
                .inner
                .client
                .tenant(host)
                .reload_log(&reload.app_id, &reload.id)
                .await
            {
                Ok(log) => reload.log = Some(log),
                // The list's own `log` (or error message) stands in.
                Err(e) => tracing::warn!(customer = %slug, %module, error = %e, "no reload log"),
            }
        }
        let reload = &reload;
        let trigger = match &before {
            Some(b) => b.trigger,
            // Qlik's scheduler runs reloads as `type: chronos` (UNCONFIRMED for tasks-API runs).
            None if scheduled && reload.kind.as_deref() == Some("chronos") => {
                ReloadTrigger::Schedule
            }
            None => ReloadTrigger::Other,
        };
        let mut now = record(slug, module, reload, trigger);
        if logged {
            // The excerpt read from the log endpoint stays (the list's text differs).
            now.log_excerpt = before.as_ref().and_then(|b| b.log_excerpt.clone());
        }
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
            .tenant(&host)
            .start_reload(&failed.app_id, &variables)
            .await?;
        let started: ReloadRecord = record(slug, module, &retry, ReloadTrigger::Retry);
        self.store().record_reload(&started).await?;
        tracing::info!(customer = %slug, %module, reload = %retry.id, "retrying a failed scheduled reload");
        Ok(())
    }
}
