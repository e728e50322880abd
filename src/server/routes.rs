//! The hub's router: server functions under `/api`, health, and the trunk-built UI.

use super::error::{api_error_response, status_error};
use super::state::AppState;
use crate::wire::ApiError;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use leptos::prelude::provide_context;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// Error bodies are small; anything longer is not one of ours.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// Builds the hub's router over `state`.
pub fn router(state: AppState) -> Router {
    let dist = state.settings.dist_dir.clone();
    let body_limit = state.settings.body_limit_bytes;
    let ui = ServeDir::new(&dist).fallback(ServeFile::new(dist.join("index.html")));
    Router::new()
        .route("/healthz", get(healthz))
        .merge(super::rest::routes(&state))
        .route("/api/{*fn_name}", post(server_fn).get(server_fn))
        .nest_service("/embed", embed_bundle(&dist))
        .fallback_service(ui)
        .layer(RequestBodyLimitLayer::new(body_limit))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(middleware::from_fn(json_errors_for_layers))
        .layer(middleware::from_fn(security_headers))
        // Outside the hub's own error shaping: proxied answers pass as the tenant gave them.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            super::proxy::route_by_host,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The hub's own pages (landing, admin console) are never framed, never sniffed and never
/// leak their URL to other sites. Skipped for `/embed/*`, which partners' pages on other
/// origins load and frame, and (being inside the proxy layer) for proxied tenant answers.
/// No `script-src`: trunk's loader is an inline module script.
async fn security_headers(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let embed = path == "/embed" || path.starts_with("/embed/");
    let mut response = next.run(req).await;
    if !embed {
        let headers = response.headers_mut();
        for (name, value) in [
            (
                header::CONTENT_SECURITY_POLICY,
                "frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action 'self'",
            ),
            (header::X_FRAME_OPTIONS, "DENY"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
        ] {
            headers
                .entry(name)
                .or_insert(HeaderValue::from_static(value));
        }
    }
    response
}

/// The end-user bundle and `oem-hub.js`, loadable by any host page (public code, no secrets;
/// what it may do is decided by the embed token).
fn embed_bundle(dist: &std::path::Path) -> Router {
    Router::new()
        .fallback_service(ServeDir::new(dist.join("embed")))
        .layer(SetResponseHeaderLayer::overriding(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ))
}

async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.counts().await {
        Ok(_) => axum::Json(serde_json::json!({"status": "ok"})).into_response(),
        Err(e) => api_error_response(&ApiError::from(e)),
    }
}

/// Runs a Leptos server function with `AppState` in context, then gives its error the status
/// its `ApiError` code calls for (server_fn itself answers every error with 500).
async fn server_fn(State(state): State<AppState>, req: Request<Body>) -> Response {
    let path = req.uri().path().to_owned();
    // Read here so that an oversized body is told by its error's type, not by server_fn's text.
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, state.settings.body_limit_bytes).await {
        Ok(bytes) => bytes,
        Err(e) if crate::http::is_length_limit(&e) => {
            return status_error(StatusCode::PAYLOAD_TOO_LARGE, "request body too large");
        }
        Err(e) => {
            return status_error(
                StatusCode::BAD_REQUEST,
                &format!("unreadable request body: {e}"),
            );
        }
    };
    let req = Request::from_parts(parts, Body::from(bytes));
    let response =
        leptos_axum::handle_server_fns_with_context(move || provide_context(state.clone()), req)
            .await
            .into_response();
    if response.headers().contains_key("serverfnerror") {
        return with_api_error_status(response).await;
    }
    if response.status() == StatusCode::BAD_REQUEST && !is_json(&response) {
        // leptos_axum's plain-text answer for a path that names no server function.
        return status_error(
            StatusCode::NOT_FOUND,
            &format!("no server function at {path}"),
        );
    }
    response
}

async fn with_api_error_status(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_ERROR_BODY).await {
        Ok(bytes) => bytes,
        Err(_) => return api_error_response(&ApiError::internal()),
    };
    match serde_json::from_slice::<ApiError>(&bytes) {
        Ok(err) => {
            parts.status = StatusCode::from_u16(err.code.http_status())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            if parts.status.is_server_error() {
                tracing::error!(message = %err.message, "server function failed");
            }
            Response::from_parts(parts, Body::from(bytes))
        }
        Err(_) => api_error_response(&ApiError::internal()),
    }
}

fn is_json(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// A handler bug must not drop the connection or leak a backtrace: log it, answer an opaque 500.
fn panic_response(_panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("request handler panicked");
    api_error_response(&ApiError::internal())
}

/// Layers such as the body limit (and axum's 405) answer in plain text; API callers always
/// get JSON.
async fn json_errors_for_layers(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let is_api = path.starts_with("/api/") || path == "/healthz";
    // An unknown /api/v1 path is a JSON 404, not the UI's index.html.
    let response = next.run(req).await;
    let status = response.status();
    if is_api && (status.is_client_error() || status.is_server_error()) && !is_json(&response) {
        let reason = status.canonical_reason().unwrap_or("request refused");
        return status_error(status, &reason.to_ascii_lowercase());
    }
    response
}
