//! CORS for the embedding routes: a browser may call them only from an origin some active
//! customer registered; each request is then checked against its own customer's origins.

use crate::store::Store;
use axum::http::{Method, header};
use std::time::Duration;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// Allows exactly the origins in active customers' specs.
pub fn registered_origins(store: Store) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::async_predicate(move |origin, _| {
            let store = store.clone();
            async move {
                let Ok(origin) = origin.to_str() else {
                    return false;
                };
                registered(&store, origin).await.unwrap_or_else(|e| {
                    tracing::error!(error = %e, "cannot read customers for CORS");
                    false
                })
            }
        }))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .max_age(Duration::from_secs(600))
}

/// Whether an active customer registered `origin`.
pub async fn registered(store: &Store, origin: &str) -> Result<bool, crate::store::StoreError> {
    Ok(store
        .list_customers()
        .await?
        .iter()
        .any(|c| c.retired_at.is_none() && c.spec.origins.iter().any(|o| o.as_str() == origin)))
}
