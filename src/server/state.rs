//! State shared by every request: the config database and the settings.

use crate::provision::Engine;
use crate::server::Settings;
use crate::store::Store;
use crate::wire::ApiError;
use std::sync::Arc;

/// Handles every request and server function may use; cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    pub store: Store,
    pub settings: Arc<Settings>,
    /// The provisioning engine, when provisioning is configured.
    pub engine: Option<Engine>,
    /// Mints users' Qlik JWTs, when `[jwt]` is configured.
    pub signer: Option<Arc<super::signer::JwtSigner>>,
    /// The tenant proxy's sessions (in memory; each holds its Qlik session cookies).
    pub proxy_sessions: super::proxy::ProxySessions,
    /// Bounds on end users' diagnosis requests (each costs several tenant calls).
    pub diagnoses: Arc<super::throttle::UserLimits>,
    /// Bounds on end users' exports (each is a report the tenant renders).
    pub exports: Arc<super::throttle::UserLimits>,
    /// "Now" for time limits kept by the hub (sign-in backoff); tests move it forward.
    pub clock: super::Clock,
}

impl AppState {
    /// A new embed token's start (this clock) and lifetime (the settings).
    pub fn token_life(&self) -> crate::ops::embed::TokenLife {
        crate::ops::embed::TokenLife {
            now_ms: self.clock.now_millis(),
            ttl_ms: self.settings.embed.token_ttl_ms(),
        }
    }

    /// The engine, or a 503 naming what to configure.
    pub fn engine(&self) -> Result<&Engine, ApiError> {
        crate::ops::error::configured(self.engine.as_ref())
    }

    /// The state provided to server functions by the `/api` handler.
    pub fn from_context() -> Result<Self, ApiError> {
        leptos::prelude::use_context::<AppState>().ok_or_else(|| {
            tracing::error!("server function called without AppState in context");
            ApiError::internal()
        })
    }
}
