//! A local Qlik Cloud: one listener that routes by Host header like Qlik Cloud does
//! (`register.<region>.<domain>`, `<tenant>.<region>.<domain>`, `console.<domain>`), speaking
//! Qlik's JSON shapes.

mod app_docs;
mod apps;
mod auth;
mod auth_settings;
mod body;
mod call;
mod collection;
mod cors;
mod csp_origins;
mod data_connections;
mod engine;
mod error;
mod groups;
mod host;
mod idps;
mod ids;
mod items;
pub mod jwt_login;
mod jwt_session;
mod licenses;
pub mod load_script;
mod oauth_clients;
mod org;
mod paging;
pub mod persist;
mod propagation;
mod publish;
mod qlik_embed;
pub mod realism;
mod reloads;
mod reports;
mod roles;
mod router;
pub mod routes;
mod scim_filter;
mod scripts;
pub mod section_access;
pub mod seed;
mod single;
mod sites;
mod spaces;
mod state;
mod tasks;
mod tenant_admin;
mod tenants;
mod themes;
mod users;
mod web_integrations;
mod webhooks;

pub use host::HostKind;
pub use state::{Cell, DataTable, EmuApp, EmuState, OAuthClient, Sheet};

use std::net::SocketAddr;
use tokio::net::TcpListener;

/// Static settings of an emulator instance.
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    /// The domain tenants live under: `localhost` gives `acme.us.localhost`.
    pub domain: String,
    /// The license key that `POST /api/v1/tenants` accepts (and the source tenant reports).
    pub license_key: String,
    /// Latency, rate limits, faults, reload timing, cookie partitioning.
    pub knobs: realism::Knobs,
    /// Extra root certificates (PEM) webhook deliveries trust besides the system's, for
    /// receivers with a private or self-signed certificate (tests, `--webhook-root`).
    pub webhook_roots: Vec<String>,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            domain: "localhost".to_owned(),
            license_key: ids::random_token(48),
            knobs: realism::Knobs::default(),
            webhook_roots: Vec::new(),
        }
    }
}

/// A running emulator: its address and its state, for arranging and inspecting tests.
#[derive(Clone, Debug)]
pub struct EmulatorHandle {
    pub addr: SocketAddr,
    pub state: EmuState,
}

impl EmulatorHandle {
    /// The port the emulator listens on.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// `http://<host>:<port>` for a hostname under the emulator's domain.
    pub fn url_for(&self, host: &str) -> String {
        format!("http://{host}:{}", self.port())
    }
}

/// Serves the emulator on `listener` in a background task, with the background tick that
/// fires due task schedules and webhook retries.
pub fn spawn(listener: TcpListener, state: EmuState) -> std::io::Result<EmulatorHandle> {
    let addr = listener.local_addr()?;
    let app = router::router(state.clone());
    every_second(state.clone(), tasks::scheduler::fire_due);
    every_second(state.clone(), webhooks::deliver::retry_due);
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "emulator stopped");
        }
    });
    Ok(EmulatorHandle { addr, state })
}

/// Runs `work` about every second of real time, so what the emulated clock has made due
/// happens without anyone moving the clock. Runs until the runtime stops.
fn every_second(state: EmuState, work: fn(&EmuState) -> usize) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(1));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            work(&state);
        }
    });
}
