//! State shared by every request: the config database and the settings.

use crate::api::ApiError;
use crate::server::Settings;
use crate::store::Store;
use std::sync::Arc;

/// Handles every request and server function may use; cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    pub store: Store,
    pub settings: Arc<Settings>,
}

impl AppState {
    /// The state provided to server functions by the `/api` handler.
    pub fn from_context() -> Result<Self, ApiError> {
        leptos::prelude::use_context::<AppState>().ok_or_else(|| {
            tracing::error!("server function called without AppState in context");
            ApiError::internal()
        })
    }
}
