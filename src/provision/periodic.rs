//! Periodic work one hub replica does at a time: every interval, whoever takes the named
//! lease runs a pass (the hybrid sync, the reload watcher, fleet reloads).

use super::Engine;
use std::future::Future;
use std::time::Duration;

impl Engine {
    /// Runs `pass` every `every` while holding lease `lease` (for `ttl_ms`), until `shutdown`
    /// resolves; a zero interval never runs it.
    pub(crate) async fn periodically<F, Fut>(
        &self,
        every: Duration,
        lease: &str,
        ttl_ms: i64,
        shutdown: impl Future<Output = ()>,
        mut pass: F,
    ) where
        F: FnMut() -> Fut,
        Fut: Future<Output = ()>,
    {
        if every.is_zero() {
            return;
        }
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                () = &mut shutdown => return,
                () = tokio::time::sleep(every) => {}
            }
            match self.store().try_lease(lease, self.owner(), ttl_ms).await {
                Ok(true) => pass().await,
                Ok(false) => {}
                Err(e) => tracing::warn!(error = %e, lease, "cannot take the lease"),
            }
        }
    }
}
