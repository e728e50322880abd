//! Routing by Host header: the regional register hosts, the tenant hosts and the console host
//! get separate route tables, exactly as Qlik Cloud serves them on separate origins.

use super::error::QlikError;
use super::{EmuState, HostKind, cors, persist, propagation, realism, routes};
use axum::Router;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;

/// The emulator's whole HTTP surface.
pub fn router(state: EmuState) -> Router {
    let domain = state.lock().config.domain.clone();
    let hosts = Hosts {
        register: register_routes(state.clone()),
        tenant: tenant_routes(state.clone()),
        control: realism::control_routes(state.clone()),
        console: console_routes(state.clone()),
    };
    Router::new()
        .fallback(move |req: Request| dispatch(domain.clone(), hosts.clone(), req))
        .layer(CatchPanicLayer::custom(|_| {
            tracing::error!("emulator handler panicked");
            QlikError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "HTTP-500",
                "Internal Server Error",
            )
            .into_response()
        }))
        .layer(RequestBodyLimitLayer::new(MAX_BODY))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            persist::track_changes,
        ))
        .layer(axum::middleware::from_fn(qlik_envelope_for_layers))
}

/// Largest request body the emulator reads (app imports included).
const MAX_BODY: usize = 64 * 1024 * 1024;

/// Layers (body limit, extractor rejections) answer in plain text; Qlik always answers JSON.
async fn qlik_envelope_for_layers(req: Request, next: axum::middleware::Next) -> Response {
    let response = next.run(req).await;
    let status = response.status();
    // Pages (text/html, the embedding surface) and JSON are ours; empty or plain-text error
    // bodies come from layers and extractors.
    let from_layer = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.starts_with("text/plain"));
    if (status.is_client_error() || status.is_server_error()) && from_layer {
        let title = status.canonical_reason().unwrap_or("Error");
        return QlikError::new(status, &format!("HTTP-{}", status.as_u16()), title).into_response();
    }
    response
}

fn register_routes(state: EmuState) -> Router {
    routes::build(routes::register_table())
        .fallback(unknown_route)
        .method_not_allowed_fallback(wrong_method)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            realism::apply,
        ))
        .with_state(state)
}

fn tenant_routes(state: EmuState) -> Router {
    routes::build(routes::tenant_table())
        .fallback(unknown_route)
        .method_not_allowed_fallback(wrong_method)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            propagation::apply,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            cors::tenant_cors,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            realism::apply,
        ))
        .with_state(state)
}

fn console_routes(state: EmuState) -> Router {
    routes::build(routes::console_table())
        .fallback(unknown_route)
        .method_not_allowed_fallback(wrong_method)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            realism::apply,
        ))
        .with_state(state)
}

/// The route table of each kind of host.
#[derive(Clone)]
struct Hosts {
    register: Router,
    tenant: Router,
    control: Router,
    console: Router,
}

async fn dispatch(domain: String, hosts: Hosts, mut req: Request) -> Response {
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
        HostKind::Register(_) => hosts.register,
        HostKind::Tenant { .. } => hosts.tenant,
        HostKind::Control => hosts.control,
        HostKind::Console => hosts.console,
    };
    req.extensions_mut().insert(kind);
    match target.oneshot(req).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

async fn wrong_method(req: Request) -> QlikError {
    QlikError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "HTTP-405",
        "Method Not Allowed",
    )
    .detail(format!(
        "{} is not allowed on {}",
        req.method(),
        req.uri().path()
    ))
}

async fn unknown_route(req: Request) -> QlikError {
    QlikError::new(StatusCode::NOT_FOUND, "HTTP-404", "Not found").detail(format!(
        "no route for {} {}",
        req.method(),
        req.uri().path()
    ))
}
