//! Routing by Host header: the regional register hosts, the tenant hosts and the console host
//! get separate route tables, exactly as Qlik Cloud serves them on separate origins.

use super::error::{QlikError, generic};
use super::{EmuState, HostKind, cors, persist, propagation, realism, routes};
use axum::Router;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;

/// The emulator's whole HTTP surface.
pub fn router(state: EmuState) -> Router {
    let domain = state.lock().config.domain.clone();
    let hosts = Hosts {
        register: host_routes(routes::register_table(), &state, |r| r),
        tenant: host_routes(routes::tenant_table(), &state, tenant_layers(&state)),
        control: realism::control_routes(state.clone()),
        console: host_routes(routes::console_table(), &state, |r| r),
    };
    Router::new()
        .fallback(move |req: Request| dispatch(domain.clone(), hosts.clone(), req))
        .layer(CatchPanicLayer::custom(|_| {
            tracing::error!("emulator handler panicked");
            QlikError::generic(StatusCode::INTERNAL_SERVER_ERROR).into_response()
        }))
        .layer(RequestBodyLimitLayer::new(MAX_BODY))
        .layer(from_fn_with_state(state.clone(), persist::track_changes))
        .layer(axum::middleware::from_fn(qlik_envelope_for_layers))
}

/// Largest request body the emulator reads (app imports included).
const MAX_BODY: usize = 64 * 1024 * 1024;

/// Layers (body limit, extractor rejections) answer in plain text; Qlik always answers JSON.
/// Generic errors are then written in the envelope of the API that was called.
async fn qlik_envelope_for_layers(req: Request, next: axum::middleware::Next) -> Response {
    let path = req.uri().path().to_owned();
    let response = next.run(req).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    // Pages (text/html, the embedding surface) and JSON are ours; empty or plain-text error
    // bodies come from layers and extractors.
    let (parts, bytes) = response.into_parts();
    let content_type = parts.headers.get(header::CONTENT_TYPE);
    let content_type = content_type
        .and_then(|v| v.to_str().ok())
        .unwrap_or("text/plain");
    let body = if content_type.starts_with("text/plain") {
        QlikError::generic(status).body()
    } else if content_type == "application/json" {
        let Ok(bytes) = axum::body::to_bytes(bytes, MAX_ERROR_BODY).await else {
            return QlikError::generic(StatusCode::INTERNAL_SERVER_ERROR).into_response();
        };
        match serde_json::from_slice(&bytes) {
            Ok(body) => body,
            Err(_) => return Response::from_parts(parts, bytes.into()),
        }
    } else {
        return Response::from_parts(parts, bytes);
    };
    let body = generic::restyle(&path, status.as_u16(), body);
    // The original headers stay (`retry-after` of a 429, cookies); the body is new.
    let mut response = (status, axum::Json(body)).into_response();
    let mut headers = parts.headers;
    headers.remove(header::CONTENT_LENGTH);
    headers.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    *response.headers_mut() = headers;
    response
}

/// Error bodies are a few hundred bytes; a larger one is not re-read.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// A host's routes from its table, with Qlik's answers for unknown routes and methods and the
/// realism knobs outermost; `own` adds the layers only that host has.
fn host_routes(
    table: Vec<routes::Route>,
    state: &EmuState,
    own: impl FnOnce(Router<EmuState>) -> Router<EmuState>,
) -> Router {
    let routes = routes::build(table)
        .fallback(unknown_route)
        .method_not_allowed_fallback(wrong_method);
    own(routes)
        .layer(from_fn_with_state(state.clone(), realism::apply))
        .with_state(state.clone())
}

/// The tenant host's own layers: propagation delays, then CORS for browser callers.
fn tenant_layers(state: &EmuState) -> impl FnOnce(Router<EmuState>) -> Router<EmuState> {
    let state = state.clone();
    move |routes| {
        routes
            .layer(from_fn_with_state(state.clone(), propagation::apply))
            .layer(from_fn_with_state(state, cors::tenant_cors))
    }
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
    QlikError::generic(StatusCode::METHOD_NOT_ALLOWED).detail(format!(
        "{} is not allowed on {}",
        req.method(),
        req.uri().path()
    ))
}

async fn unknown_route(req: Request) -> QlikError {
    QlikError::not_found(
        "HTTP-404",
        format!("no route for {} {}", req.method(), req.uri().path()),
    )
}
