//! Routing by Host header: the regional register host and the tenant hosts get separate
//! route tables, exactly as Qlik Cloud serves them on separate origins.

use super::error::QlikError;
use super::{EmuState, HostKind, apps, auth, items, licenses, tenants, users};
use axum::Router;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower::ServiceExt;

/// The emulator's whole HTTP surface.
pub fn router(state: EmuState) -> Router {
    let domain = state.lock().config.domain.clone();
    let register = register_routes(state.clone());
    let tenant = tenant_routes(state);
    Router::new().fallback(move |req: Request| {
        dispatch(domain.clone(), register.clone(), tenant.clone(), req)
    })
}

fn register_routes(state: EmuState) -> Router {
    Router::new()
        .route("/oauth/token", post(auth::token))
        .route("/api/v1/tenants", post(tenants::create))
        .fallback(unknown_route)
        .with_state(state)
}

fn tenant_routes(state: EmuState) -> Router {
    Router::new()
        .route("/oauth/token", post(auth::token))
        .route("/api/v1/tenants/{tenant_id}", get(tenants::get))
        .route("/api/v1/licenses/overview", get(licenses::overview))
        .route("/api/v1/users/me", get(users::me))
        .route("/api/v1/users/{user_id}", get(users::get))
        .route("/api/v1/apps/{app_id}", get(apps::get))
        .route("/api/v1/items", get(items::list))
        .fallback(unknown_route)
        .with_state(state)
}

async fn dispatch(domain: String, register: Router, tenant: Router, mut req: Request) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| req.uri().host())
        .unwrap_or_default()
        .to_owned();
    let Some(kind) = HostKind::parse(&host, &domain) else {
        return QlikError::not_found("HTTP-404", format!("no Qlik Cloud host {host:?}"))
            .into_response();
    };
    let target = match kind {
        HostKind::Register(_) => register,
        HostKind::Tenant { .. } => tenant,
    };
    req.extensions_mut().insert(kind);
    match target.oneshot(req).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

async fn unknown_route(req: Request) -> QlikError {
    QlikError::new(StatusCode::NOT_FOUND, "HTTP-404", "Not found").detail(format!(
        "no route for {} {}",
        req.method(),
        req.uri().path()
    ))
}
