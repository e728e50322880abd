//! Forwarding one request to the session customer's tenant: the upstream is that tenant's
//! host and nothing the request says; oem-hub's own credentials stay here; the Qlik session
//! cookies are added here and captured from answers; redirects are rewritten to the proxy.

use super::ProxySession;
use crate::domain::TenantHostname;
use crate::qlik::LoopbackLocalhost;
use crate::server::{AppState, provisioning, user_credential};
use crate::wire::{ApiError, ErrorCode};
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use futures::StreamExt;
use secrecy::{ExposeSecret, SecretString};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// Request headers never forwarded: hop-by-hop ones, and oem-hub's own credentials.
const DROPPED: [&str; 13] = [
    "host",
    "cookie",
    "authorization",
    "connection",
    "keep-alive",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "forwarded",
    "x-forwarded-for",
];

/// The upstream client: `*.localhost` is loopback, redirects are passed on, not followed.
fn client() -> Result<&'static reqwest::Client, ApiError> {
    static CLIENT: OnceLock<Option<reqwest::Client>> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            reqwest::Client::builder()
                .dns_resolver(Arc::new(LoopbackLocalhost))
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(Duration::from_secs(10))
                .build()
                .ok()
        })
        .as_ref()
        .ok_or_else(ApiError::internal)
}

/// Whether a request header may go upstream.
pub fn forwarded_header(name: &HeaderName) -> bool {
    let name = name.as_str();
    !DROPPED.contains(&name) && !name.starts_with("x-forwarded-")
}

/// The tenant's host and base URL for the session's customer.
pub(super) async fn upstream(
    state: &AppState,
    session: &ProxySession,
) -> Result<(TenantHostname, String), ApiError> {
    let observed = state.store.get_state(&session.customer).await?.observed;
    let host = observed.hostname.ok_or_else(|| {
        ApiError::new(
            ErrorCode::Conflict,
            "the customer's tenant is not provisioned yet",
        )
    })?;
    let base = provisioning::endpoint(&state.settings).base_url(host.as_str());
    Ok((host, base))
}

/// Signs the user in to the tenant server-side (recorded) and returns the session cookies.
async fn login(
    state: &AppState,
    host: &TenantHostname,
    session: &ProxySession,
) -> Result<SecretString, ApiError> {
    crate::ops::users::check_not_removed(&state.store, &session.customer, &session.user).await?;
    let observed = state.store.get_state(&session.customer).await?.observed;
    let owner = (&session.customer, &session.user);
    user_credential::jwt_cookies(state, owner, host, &observed).await
}

/// The session's Qlik cookies: the ones held, or a fresh server-side sign-in (recorded).
pub(super) async fn qlik_cookies(
    state: &AppState,
    sid: &str,
    session: &ProxySession,
    host: &TenantHostname,
) -> Result<SecretString, ApiError> {
    if let Some(cookies) = &session.qlik_cookies {
        return Ok(cookies.clone());
    }
    let fresh = login(state, host, session).await?;
    state
        .proxy_sessions
        .set_qlik_cookies(sid, Some(fresh.clone()));
    Ok(fresh)
}

/// Forwards `req` for session `sid`; signs in first when needed, and once more on a 401.
pub async fn forward(
    state: &AppState,
    sid: &str,
    session: ProxySession,
    req: Request,
    proxy_origin: &str,
) -> Result<Response, ApiError> {
    let (host, base) = upstream(state, &session).await?;
    let (parts, body) = req.into_parts();
    let limit = state.settings.body_limit_bytes;
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit as u64) {
        return Err(too_large(limit));
    }
    // Only the path and query of the request matter: an absolute-form target or a Host
    // header cannot choose the upstream.
    let target = parts.uri.path_and_query().map_or("/", |pq| pq.as_str());
    let target = if target.starts_with('/') { target } else { "/" };
    let url = format!("{base}{target}");
    let retryable = parts.method == Method::GET || parts.method == Method::HEAD;
    let mut body = Some(body);
    let mut session = session;
    for attempt in 0..2 {
        let cookies = qlik_cookies(state, sid, &session, &host).await?;
        let mut upstream = client()?.request(parts.method.clone(), &url);
        for (name, value) in parts.headers.iter().filter(|(n, _)| forwarded_header(n)) {
            upstream = upstream.header(name, value);
        }
        upstream = upstream.header(header::COOKIE, cookies.expose_secret());
        let too_large = Arc::new(AtomicBool::new(false));
        if let Some(body) = body.take().filter(|_| !retryable) {
            // Streamed, and cut off past the hub's body limit.
            let limited = Body::new(http_body_util::Limited::new(body, limit));
            let flag = too_large.clone();
            let stream = limited.into_data_stream().inspect(move |chunk| {
                if chunk.as_ref().is_err_and(crate::http::is_length_limit) {
                    flag.store(true, Ordering::Relaxed);
                }
            });
            upstream = upstream.body(reqwest::Body::wrap_stream(stream));
        }
        let answer = upstream.send().await.map_err(|e| {
            if too_large.load(Ordering::Relaxed) {
                self::too_large(limit)
            } else {
                ApiError::new(
                    ErrorCode::Unavailable,
                    format!("the tenant did not answer: {e}"),
                )
            }
        })?;
        if answer.status() == StatusCode::UNAUTHORIZED && retryable && attempt == 0 {
            // The tenant session ended: sign in again, once.
            session.qlik_cookies = None;
            continue;
        }
        return Ok(respond(answer, &base, proxy_origin));
    }
    Err(ApiError::new(
        ErrorCode::Unauthorized,
        "the tenant keeps refusing the session",
    ))
}

fn too_large(limit: usize) -> ApiError {
    ApiError::new(
        ErrorCode::PayloadTooLarge,
        format!("request body exceeds {limit} bytes"),
    )
}

/// The browser's answer: the upstream's, with hop-by-hop headers and cookies kept back and
/// redirects to the tenant pointed at the proxy.
fn respond(answer: reqwest::Response, base: &str, proxy_origin: &str) -> Response {
    let status = answer.status();
    let mut headers = HeaderMap::new();
    for (name, value) in answer.headers() {
        if name == header::SET_COOKIE || !forwarded_header(name) {
            continue;
        }
        if name == header::LOCATION
            && let Some(rest) = value.to_str().ok().and_then(|l| l.strip_prefix(base))
            && let Ok(rewritten) = HeaderValue::from_str(&format!("{proxy_origin}{rest}"))
        {
            headers.insert(header::LOCATION, rewritten);
            continue;
        }
        headers.append(name, value.clone());
    }
    let mut response = Response::new(Body::from_stream(answer.bytes_stream()));
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_and_hop_by_hop_headers_stay_behind() {
        let table = [
            ("cookie", false),
            ("authorization", false),
            ("host", false),
            ("connection", false),
            ("transfer-encoding", false),
            ("x-forwarded-host", false),
            ("forwarded", false),
            ("accept", true),
            ("content-type", true),
            ("qlik-csrf-token", true),
            ("user-agent", true),
        ];
        for (name, kept) in table {
            assert_eq!(
                forwarded_header(&HeaderName::from_static(name)),
                kept,
                "{name}"
            );
        }
    }
}
