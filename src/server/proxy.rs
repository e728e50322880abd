//! The same-site tenant proxy: the partner points a host of its own site at the hub, and every
//! request there goes to the signed-in user's own tenant with a Qlik session the hub holds, so
//! the browser only keeps oem-hub's first-party cookie (no third-party cookie to block).
//! HTTP is forwarded (`forward`), WebSockets relayed (`socket`).

mod forward;
mod sessions;
mod socket;

pub use forward::forwarded_header;
pub use sessions::{ProxySession, ProxySessions};

use super::rest::page_session;
use super::{AppState, error::api_error_response};
use crate::wire::{ApiError, ErrorCode};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// The browser's proxy cookie (first-party on the proxy host).
pub const PROXY_COOKIE: &str = "oemhub_proxy";
/// Largest total size of a proxied request's headers.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;
/// Where a page opens its proxy session (with its embed token).
pub const SESSION_PATH: &str = "/oem-hub/session";

fn host_name(headers: &HeaderMap) -> Option<&str> {
    let host = headers.get(header::HOST)?.to_str().ok()?;
    Some(host.rsplit_once(':').map_or(host, |(name, _)| name))
}

/// Middleware: requests for the configured proxy host are proxied; the rest go on.
pub async fn route_by_host(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(proxy) = state.settings.proxy.as_ref() else {
        return next.run(req).await;
    };
    if !host_name(req.headers()).is_some_and(|h| h.eq_ignore_ascii_case(&proxy.host)) {
        return next.run(req).await;
    }
    let header_bytes: usize = req
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if header_bytes > MAX_HEADER_BYTES {
        return api_error_response(&ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("request headers exceed {MAX_HEADER_BYTES} bytes"),
        ));
    }
    let idle = Duration::from_secs(proxy.idle_minutes.saturating_mul(60));
    let result = if req.uri().path() == SESSION_PATH {
        open_session(&state, req).await
    } else {
        proxied(&state, req, idle).await
    };
    result.unwrap_or_else(|e| api_error_response(&e))
}

async fn proxied(state: &AppState, req: Request, idle: Duration) -> Result<Response, ApiError> {
    let sid = crate::http::cookie_value(req.headers(), PROXY_COOKIE).map(str::to_owned);
    let session = sid
        .as_deref()
        .and_then(|sid| state.proxy_sessions.get(sid, idle))
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::Unauthorized,
                "no analytics proxy session here: open the sheet through the embedded menu",
            )
        })?;
    let sid = sid.as_deref().unwrap_or_default();
    let origin = proxy_origin(state, req.headers());
    if socket::is_upgrade(&req) {
        socket_origin_allowed(state, req.headers(), &origin, &session).await?;
        return socket::relay(state, sid, session, req).await;
    }
    forward::forward(state, sid, session, req, &origin).await
}

/// A browser's WebSocket handshake carries the proxy cookie whichever page opened it, so the
/// page's `Origin` must be the proxy itself or one the session's customer registered
/// (cross-site WebSocket hijacking). Non-browser clients send none.
async fn socket_origin_allowed(
    state: &AppState,
    headers: &HeaderMap,
    proxy_origin: &str,
    session: &ProxySession,
) -> Result<(), ApiError> {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let origin = origin.to_str().unwrap_or_default();
    if origin.eq_ignore_ascii_case(proxy_origin) {
        return Ok(());
    }
    let customer = state.store.get_customer(&session.customer).await?;
    if customer.spec.origins.iter().any(|o| o.as_str() == origin) {
        return Ok(());
    }
    Err(ApiError::new(
        ErrorCode::Forbidden,
        format!("a WebSocket from origin {origin} may not use this analytics session"),
    ))
}

fn proxy_origin(state: &AppState, headers: &HeaderMap) -> String {
    let scheme = state.settings.scheme().as_str();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    format!("{scheme}://{host}")
}

/// `POST /oem-hub/session` (embed token, credentialed CORS from the customer's origins): sets
/// the proxy cookie for the token's user. Preflights are answered for registered origins.
async fn open_session(state: &AppState, req: Request) -> Result<Response, ApiError> {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .map(str::to_owned);
    if req.method() == Method::OPTIONS {
        let allowed = match &origin {
            Some(o) => super::rest::origin_registered(state, o).await?,
            None => false,
        };
        let mut response = StatusCode::NO_CONTENT.into_response();
        if allowed {
            cors(response.headers_mut(), origin.as_deref());
            response.headers_mut().insert(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static("authorization"),
            );
            response.headers_mut().insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("POST"),
            );
        }
        return Ok(response);
    }
    if req.method() != Method::POST {
        return Err(ApiError::new(ErrorCode::NotFound, "POST only"));
    }
    let crate::ops::embed::Session { customer, user, .. } =
        page_session(state, req.headers()).await?;
    let sid = state.proxy_sessions.open(customer, user);
    let secure = if state.settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!("{PROXY_COOKIE}={sid}; Path=/; HttpOnly; SameSite=Lax{secure}");
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    cors(response.headers_mut(), origin.as_deref());
    Ok(response)
}

fn cors(headers: &mut HeaderMap, origin: Option<&str>) {
    if let Some(value) = origin.and_then(|o| HeaderValue::from_str(o).ok()) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
        headers.append(header::VARY, HeaderValue::from_static("Origin"));
    }
}
