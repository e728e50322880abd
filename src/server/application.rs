//! The hub as a value: build it (bind, connect, migrate), read its port, run it until stopped.

use super::{AppState, Settings, router};
use crate::store::{Store, StoreError};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

/// Why the hub could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Provisioning(#[from] super::provisioning::SetupError),
}

/// A built, bound hub that has not started serving yet.
pub struct Application {
    listener: TcpListener,
    state: AppState,
}

impl Application {
    /// Connects the config database, applies migrations and binds the listener.
    pub async fn build(settings: Settings) -> Result<Self, StartError> {
        let store = Store::connect(&settings.database_url).await?;
        Self::build_with_store(settings, store).await
    }

    /// Like `build`, with an already-open store (the demo seeds it first).
    pub async fn build_with_store(settings: Settings, store: Store) -> Result<Self, StartError> {
        let addr = settings.listen;
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| StartError::Bind { addr, source })?;
        let engine = super::provisioning::build_engine(&settings, &store).await?;
        let signer = match &settings.jwt {
            Some(jwt) => Some(Arc::new(
                super::signer::JwtSigner::from_settings(jwt)
                    .ok_or(super::provisioning::SetupError::SigningKey)?,
            )),
            None => None,
        };
        let state = AppState {
            store,
            settings: Arc::new(settings),
            engine,
            signer,
            proxy_sessions: super::proxy::ProxySessions::default(),
            diagnoses: Arc::new(super::throttle::UserLimits::diagnosis()),
            exports: Arc::new(super::throttle::UserLimits::exports()),
            clock: super::Clock::default(),
        };
        Ok(Self { listener, state })
    }

    /// The address actually bound (port 0 resolved).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or(self.state.settings.listen)
    }

    /// The shared state, for callers that seed or inspect it.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` resolves.
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let worker = self.state.engine.clone().map(|engine| {
            let mut stop = stop_rx.clone();
            tokio::spawn(async move {
                engine
                    .run_worker(async move {
                        let _ = stop.wait_for(|s| *s).await;
                    })
                    .await;
            })
        });
        let sync = self.state.engine.clone().map(|engine| {
            let mut stop = stop_rx.clone();
            tokio::spawn(async move {
                engine
                    .run_hybrid_sync(async move {
                        let _ = stop.wait_for(|s| *s).await;
                    })
                    .await;
            })
        });
        let watch = self.state.engine.clone().map(|engine| {
            let mut stop = stop_rx.clone();
            tokio::spawn(async move {
                engine
                    .run_reload_watch(async move {
                        let _ = stop.wait_for(|s| *s).await;
                    })
                    .await;
            })
        });
        let fleet = self.state.engine.clone().map(|engine| {
            let mut stop = stop_rx.clone();
            tokio::spawn(async move {
                engine
                    .run_fleet_reloads(async move {
                        let _ = stop.wait_for(|s| *s).await;
                    })
                    .await;
            })
        });
        let sweep = self.state.engine.clone().map(|engine| {
            let mut stop = stop_rx.clone();
            let clock = self.state.clock.clone();
            tokio::spawn(async move {
                let stop = async move {
                    let _ = stop.wait_for(|s| *s).await;
                };
                run_user_sweep(&engine, &clock, stop).await;
            })
        });
        // The peer address reaches handlers as `ConnectInfo` (sign-in throttling keys on it).
        let service = router(self.state).into_make_service_with_connect_info::<SocketAddr>();
        let served = axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown)
            .await;
        let _ = stop_tx.send(true);
        for task in [worker, sync, watch, fleet, sweep].into_iter().flatten() {
            let _ = task.await;
        }
        served
    }
}

/// How often the users' inactivity policy runs (one replica at a time, under a lease).
const USER_SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

async fn run_user_sweep(
    engine: &crate::provision::Engine,
    clock: &super::Clock,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let ttl_ms = 10 * 60 * 1000;
    engine
        .periodically(USER_SWEEP_EVERY, "user-sweep", ttl_ms, shutdown, || async {
            match crate::ops::users::sweep_inactive(engine, clock.now_millis()).await {
                Ok(removed) if !removed.is_empty() => {
                    tracing::info!(count = removed.len(), "inactive users removed");
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = ?e, "the inactivity sweep failed"),
            }
        })
        .await;
}
