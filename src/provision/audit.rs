//! Feeds the audit log: every Qlik call made for a job becomes an append-only row.

use crate::qlik::{CallObserver, CallRecord};
use crate::store::{AuditEntry, Store};
use tokio::sync::mpsc;

/// Observes one job's calls and writes them in the background, in order.
#[derive(Debug)]
pub struct AuditSink {
    customer: String,
    job_id: Option<String>,
    tx: mpsc::UnboundedSender<AuditEntry>,
}

impl AuditSink {
    /// A sink for `customer`'s calls under `job_id`, and the task that drains it (it ends when
    /// the sink is dropped, after writing everything).
    pub fn start(
        store: Store,
        customer: &str,
        job_id: Option<&str>,
    ) -> (Self, tokio::task::JoinHandle<()>) {
        let (tx, mut rx) = mpsc::unbounded_channel::<AuditEntry>();
        let writer = tokio::spawn(async move {
            while let Some(first) = rx.recv().await {
                let mut batch = vec![first];
                while let Ok(more) = rx.try_recv() {
                    batch.push(more);
                }
                if let Err(e) = store.append_audit(&batch).await {
                    tracing::error!(error = %e, lost = batch.len(), "cannot write the audit log");
                }
            }
        });
        let sink = Self {
            customer: customer.to_owned(),
            job_id: job_id.map(str::to_owned),
            tx,
        };
        (sink, writer)
    }
}

impl CallObserver for AuditSink {
    fn observe(&self, record: CallRecord) {
        let entry = AuditEntry {
            at: crate::store::now_millis(),
            customer: Some(self.customer.clone()),
            job_id: self.job_id.clone(),
            method: record.method,
            host: record.host,
            // Query strings may carry filters but never secrets; keep the path only.
            path: record.path.split('?').next().unwrap_or_default().to_owned(),
            status: record.status.map(i64::from).unwrap_or(0),
            duration_ms: i64::try_from(record.duration.as_millis()).unwrap_or(i64::MAX),
        };
        // The writer only stops after every sink is dropped, so a send cannot fail here.
        let _ = self.tx.send(entry);
    }
}
