//! Adoption on its own: every `hybrid_sync`, each connected deployment is checked for newly
//! distributed apps, so what the site pushes reaches the menu without an admin's click.

use super::super::Engine;
use std::future::Future;

/// The lease that makes one replica sync per interval.
const SYNC_LEASE: &str = "hybrid-sync";

impl Engine {
    /// Runs until `shutdown`, adopting for every connected deployment once per interval (never
    /// when the interval is zero). Failures are recorded on the deployment, never fatal.
    pub async fn run_hybrid_sync(&self, shutdown: impl Future<Output = ()>) {
        let every = self.inner.config.hybrid_sync;
        // One replica per interval does the pass; the others find the lease taken.
        let ttl = i64::try_from(every.as_millis()).unwrap_or(i64::MAX);
        self.periodically(every, SYNC_LEASE, ttl, shutdown, || async {
            self.hybrid_sync_once().await;
        })
        .await;
    }

    /// One pass over the connected deployments; answers how many adopted without error.
    pub async fn hybrid_sync_once(&self) -> usize {
        let customers = match self.store().hybrid_connected().await {
            Ok(customers) => customers,
            Err(e) => {
                tracing::warn!(error = %e, "cannot list hybrid deployments");
                return 0;
            }
        };
        let mut adopted = 0;
        for slug in customers {
            match self.adopt_arrivals(&slug).await {
                Ok(_) => adopted += 1,
                Err(e) => {
                    tracing::warn!(customer = %slug, error = %e, "hybrid sync failed");
                    let noted = self
                        .note_hybrid_detail(&slug, format!("the last automatic sync failed: {e}"))
                        .await;
                    if let Err(e) = noted {
                        tracing::warn!(customer = %slug, error = %e, "cannot record the failure");
                    }
                }
            }
        }
        adopted
    }
}
