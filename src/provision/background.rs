//! A job worker run beside a one-shot command (the CLI's apply, rollout and bench): it works
//! the queue like a hub's worker until the command stops it.

use super::Engine;

/// A worker working the job queue in the background until [`BackgroundWorker::stop`].
#[derive(Debug)]
pub struct BackgroundWorker {
    stop: tokio::sync::oneshot::Sender<()>,
    handle: tokio::task::JoinHandle<()>,
}

impl Engine {
    /// Starts a worker on this engine's queue.
    pub fn spawn_worker(&self) -> BackgroundWorker {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let worker = self.clone();
        let handle = tokio::spawn(async move {
            worker
                .run_worker(async {
                    let _ = stopped.await;
                })
                .await
        });
        BackgroundWorker { stop, handle }
    }
}

impl BackgroundWorker {
    /// Stops the worker and waits for it (a job still running is abandoned, as in a crash:
    /// its lease expires and any worker resumes it).
    pub async fn stop(self) {
        let _ = self.stop.send(());
        if let Err(e) = self.handle.await {
            tracing::warn!(error = %e, "background worker ended abnormally");
        }
    }
}
