//! A job worker for tests that drive an engine of their own: started on the engine, stopped
//! (and waited for) at the end.

use oem_hub::provision::Engine;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A worker running `engine`'s jobs until [`Worker::stop`] (or until dropped with the test).
pub struct Worker {
    stop: oneshot::Sender<()>,
    running: JoinHandle<()>,
}

impl Worker {
    /// Starts a worker on `engine`.
    pub fn start(engine: &Engine) -> Self {
        let (stop, stopped) = oneshot::channel::<()>();
        let engine = engine.clone();
        let running = tokio::spawn(async move {
            engine
                .run_worker(async {
                    let _ = stopped.await;
                })
                .await
        });
        Worker { stop, running }
    }

    /// Stops the worker and waits until it has finished.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.running.await;
    }
}
