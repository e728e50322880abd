//! The hub as a value: build it (bind, connect, migrate), read its port, run it until stopped.

use super::{AppState, Clock, Settings, router};
use crate::provision::Engine;
use crate::store::{Store, StoreError};
use std::future::Future;
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
            clock: Clock::default(),
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
        let mut loops = tokio::task::JoinSet::new();
        if let Some(engine) = &self.state.engine {
            for background in Background::ALL {
                let mut stop = stop_rx.clone();
                let stopped = async move {
                    let _ = stop.wait_for(|s| *s).await;
                };
                let (engine, clock) = (engine.clone(), self.state.clock.clone());
                loops.spawn(background.run(engine, clock, stopped));
            }
        }
        // The peer address reaches handlers as `ConnectInfo` (sign-in throttling keys on it).
        let service = router(self.state).into_make_service_with_connect_info::<SocketAddr>();
        let served = axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown)
            .await;
        let _ = stop_tx.send(true);
        // Each loop finishes what it is doing; one that panicked has nothing left to wait for.
        while loops.join_next().await.is_some() {}
        served
    }
}

/// The engine's background loops, each on a task of its own until the hub stops.
#[derive(Debug, Clone, Copy)]
enum Background {
    Worker,
    HybridSync,
    ReloadWatch,
    FleetReloads,
    UserSweep,
}

impl Background {
    const ALL: [Background; 5] = [
        Background::Worker,
        Background::HybridSync,
        Background::ReloadWatch,
        Background::FleetReloads,
        Background::UserSweep,
    ];

    /// Runs the loop until `stop` resolves.
    async fn run(self, engine: Engine, clock: Clock, stop: impl Future<Output = ()>) {
        match self {
            Background::Worker => engine.run_worker(stop).await,
            Background::HybridSync => engine.run_hybrid_sync(stop).await,
            Background::ReloadWatch => engine.run_reload_watch(stop).await,
            Background::FleetReloads => engine.run_fleet_reloads(stop).await,
            Background::UserSweep => run_user_sweep(&engine, &clock, stop).await,
        }
    }
}

/// How often the users' inactivity policy runs (one replica at a time, under a lease).
const USER_SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

async fn run_user_sweep(engine: &Engine, clock: &Clock, shutdown: impl Future<Output = ()>) {
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
