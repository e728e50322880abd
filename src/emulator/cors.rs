//! Browser access to a tenant: a cross-origin request is served only when it names a web
//! integration (`qlik-web-integration-id` header or query parameter) whose `validOrigins`
//! holds the request's exact `Origin`, or carries a bearer token and one of the tenant's OAuth
//! clients lists the origin in `allowedOrigins`; then CORS is allowed.

use super::error::QlikError;
use super::state::{EmuTenant, World};
use super::{EmuState, HostKind};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Header and query parameter naming the web integration.
pub const INTEGRATION_HEADER: &str = "qlik-web-integration-id";

/// Why a cross-origin request was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginRefusal {
    NoIntegration,
    UnknownIntegration,
    OriginNotAllowed,
    NotAnOAuthOrigin,
}

impl OriginRefusal {
    fn detail(&self) -> &'static str {
        match self {
            OriginRefusal::NoIntegration => {
                "cross-origin requests must name a web integration (qlik-web-integration-id)"
            }
            OriginRefusal::UnknownIntegration => "unknown web integration",
            OriginRefusal::OriginNotAllowed => {
                "origin is not in the web integration's validOrigins"
            }
            OriginRefusal::NotAnOAuthOrigin => "origin is not in any OAuth client's allowedOrigins",
        }
    }
}

/// Whether `origin` may call the tenant at `hostname` through `integration`.
pub fn check_origin(
    world: &World,
    hostname: &str,
    origin: &str,
    integration: Option<&str>,
) -> Result<(), OriginRefusal> {
    let integration = integration.ok_or(OriginRefusal::NoIntegration)?;
    let tenant = world
        .tenant_by_host(hostname)
        .ok_or(OriginRefusal::UnknownIntegration)?;
    let found = tenant
        .web_integrations
        .get(integration)
        .ok_or(OriginRefusal::UnknownIntegration)?;
    lists(&found.valid_origins, origin)
        .then_some(())
        .ok_or(OriginRefusal::OriginNotAllowed)
}

/// Whether any web integration or OAuth client of the tenant at `hostname` allows `origin`
/// (for preflights).
pub fn check_origin_any(world: &World, hostname: &str, origin: &str) -> Result<(), OriginRefusal> {
    let tenant = world
        .tenant_by_host(hostname)
        .ok_or(OriginRefusal::UnknownIntegration)?;
    let mut integrations = tenant.web_integrations.values();
    (integrations.any(|w| lists(&w.valid_origins, origin)) || oauth_allows(tenant, origin))
        .then_some(())
        .ok_or(OriginRefusal::OriginNotAllowed)
}

/// Whether one of the tenant's OAuth clients allows `origin` (bearer-token calls).
pub fn check_oauth_origin(
    world: &World,
    hostname: &str,
    origin: &str,
) -> Result<(), OriginRefusal> {
    world
        .tenant_by_host(hostname)
        .is_some_and(|tenant| oauth_allows(tenant, origin))
        .then_some(())
        .ok_or(OriginRefusal::NotAnOAuthOrigin)
}

/// Whether one of the tenant's OAuth clients lists `origin` in its `allowedOrigins`.
fn oauth_allows(tenant: &EmuTenant, origin: &str) -> bool {
    let mut clients = tenant.oauth_clients.values();
    clients.any(|c| lists(&c.allowed_origins, origin))
}

/// Whether `origin` is exactly one of `allowed`.
fn lists(allowed: &[String], origin: &str) -> bool {
    allowed.iter().any(|o| o == origin)
}

fn integration_id(req: &Request) -> Option<String> {
    if let Some(v) = req
        .headers()
        .get(INTEGRATION_HEADER)
        .and_then(|v| v.to_str().ok())
    {
        return Some(v.to_owned());
    }
    let query = req.uri().query()?;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == INTEGRATION_HEADER)
        .map(|(_, v)| v.into_owned())
}

/// Middleware for tenant hosts: answers preflights and adds CORS headers for allowed origins,
/// refuses other cross-origin requests with 403.
pub async fn tenant_cors(State(state): State<EmuState>, req: Request, next: Next) -> Response {
    let Some(origin) = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    else {
        return next.run(req).await;
    };
    let origin = origin.to_owned();
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    // The emulator speaks plain http.
    if crate::http::is_same_origin(&origin, crate::http::Scheme::Http, host) {
        return next.run(req).await;
    }
    let Some(HostKind::Tenant { hostname, .. }) = req.extensions().get::<HostKind>().cloned()
    else {
        return next.run(req).await;
    };
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    // A preflight carries header names, not values: it passes when some web integration
    // of the tenant allows the origin; the real request is then checked against its own.
    let integration = integration_id(&req);
    let bearer = req.headers().contains_key(header::AUTHORIZATION);
    let verdict = if preflight {
        check_origin_any(&state.lock(), &hostname, &origin)
    } else if integration.is_none() && bearer {
        check_oauth_origin(&state.lock(), &hostname, &origin)
    } else {
        check_origin(&state.lock(), &hostname, &origin, integration.as_deref())
    };
    if let Err(refusal) = verdict {
        return QlikError::forbidden(refusal.detail()).into_response();
    }
    let mut response = if preflight {
        preflight_response(&req)
    } else {
        next.run(req).await
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&origin) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        HeaderValue::from_static("true"),
    );
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("qlik-csrf-token"),
    );
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    response
}

fn preflight_response(req: &Request) -> Response {
    let requested = req
        .headers()
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .cloned()
        .unwrap_or(HeaderValue::from_static(""));
    let mut response = StatusCode::NO_CONTENT.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST, PUT, PATCH, DELETE"),
    );
    headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, requested);
    headers.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    response
}
