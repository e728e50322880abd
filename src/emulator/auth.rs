//! `POST /oauth/token` (client credentials and user impersonation) and the bearer-token
//! extractors that every API handler uses (the console host's is in `org`).

mod admin;
mod basic;
mod token;

pub use admin::{TENANT_ADMIN, TenantAdmin, forbidden};
pub use token::token;

use super::error::QlikError;
use super::state::{IssuedToken, TokenAudience, World};
use super::{EmuState, HostKind};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Method, header};
use chrono::Utc;
use token::active_tenant;

/// A caller authenticated on a tenant host, by bearer token or by browser session.
#[derive(Debug, Clone)]
pub struct TenantCaller {
    pub tenant_id: String,
    pub user_id: String,
    /// The `eas.sid` session, when the caller is a browser.
    pub session_id: Option<String>,
}

/// A caller authenticated on a register host.
#[derive(Debug, Clone)]
pub struct RegisterCaller {
    pub client_id: String,
}

pub(super) fn bearer(parts: &Parts) -> Result<&str, QlikError> {
    crate::http::bearer_token(&parts.headers)
        .ok_or_else(|| QlikError::unauthorized("missing bearer token"))
}

/// A browser session on `tenant_id`; state-changing calls must echo its CSRF token.
fn session_caller(
    world: &World,
    parts: &Parts,
    tenant_id: &str,
) -> Result<TenantCaller, QlikError> {
    let sid = crate::http::cookie_value(&parts.headers, super::state::SESSION_COOKIE)
        .ok_or_else(|| QlikError::unauthorized("missing bearer token or session cookie"))?;
    let session = world
        .sessions
        .get(sid)
        .filter(|s| s.tenant_id == tenant_id && s.expires_at > Utc::now())
        .ok_or_else(|| QlikError::unauthorized("session expired or unknown"))?;
    let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    let csrf = parts
        .headers
        .get("qlik-csrf-token")
        .and_then(|v| v.to_str().ok());
    if !safe && csrf != Some(session.csrf_token.as_str()) {
        return Err(QlikError::forbidden("missing or invalid qlik-csrf-token"));
    }
    Ok(TenantCaller {
        tenant_id: tenant_id.to_owned(),
        user_id: session.user_id.clone(),
        session_id: Some(sid.to_owned()),
    })
}

pub(super) fn valid_token(world: &World, token: &str) -> Result<IssuedToken, QlikError> {
    let issued = world
        .tokens
        .get(token)
        .ok_or_else(|| QlikError::unauthorized("unknown token"))?;
    if issued.expires_at <= Utc::now() {
        return Err(QlikError::unauthorized("token expired"));
    }
    Ok(issued.clone())
}

impl FromRequestParts<EmuState> for TenantCaller {
    type Rejection = QlikError;

    async fn from_request_parts(parts: &mut Parts, state: &EmuState) -> Result<Self, QlikError> {
        let Some(HostKind::Tenant { hostname, .. }) = parts.extensions.get::<HostKind>().cloned()
        else {
            return Err(QlikError::not_found("HTTP-404", "not a tenant host"));
        };
        let world = state.lock();
        let tenant_id = active_tenant(&world, &hostname)?;
        if !parts.headers.contains_key(header::AUTHORIZATION) {
            return session_caller(&world, parts, &tenant_id);
        }
        let issued = valid_token(&world, bearer(parts)?)?;
        match (issued.audience, issued.user_id) {
            (TokenAudience::Tenant(t), Some(user_id)) if t == tenant_id => Ok(Self {
                tenant_id,
                user_id,
                session_id: None,
            }),
            _ => Err(QlikError::unauthorized(
                "token was not issued for this tenant",
            )),
        }
    }
}

impl FromRequestParts<EmuState> for RegisterCaller {
    type Rejection = QlikError;

    async fn from_request_parts(parts: &mut Parts, state: &EmuState) -> Result<Self, QlikError> {
        let Some(HostKind::Register(region)) = parts.extensions.get::<HostKind>().cloned() else {
            return Err(QlikError::not_found("HTTP-404", "not a register host"));
        };
        let token = bearer(parts)?;
        let issued = valid_token(&state.lock(), token)?;
        match issued.audience {
            TokenAudience::Register(r) if r == region => Ok(Self {
                client_id: issued.client_id,
            }),
            _ => Err(QlikError::unauthorized(
                "token was not issued for this register host",
            )),
        }
    }
}
