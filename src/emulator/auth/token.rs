//! `POST /oauth/token`: client credentials and user impersonation, for the regional clients
//! and for a tenant's own OAuth clients.

use super::super::error::QlikError;
use super::super::ids;
use super::super::state::{EmuUser, IssuedToken, TenantStatus, TokenAudience, World};
use super::super::{EmuState, HostKind};
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use chrono::{Duration, Utc};
use serde::Deserialize;
use serde_json::json;

/// Token lifetime: Qlik's examples all show 6 hours.
const TOKEN_SECONDS: i64 = 21_600;

#[derive(Debug, Deserialize)]
struct TokenRequest {
    grant_type: String,
    client_id: String,
    client_secret: String,
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    user_lookup: Option<UserLookup>,
}

#[derive(Debug, Deserialize)]
struct UserLookup {
    field: String,
    value: String,
}

fn parse_token_request(headers: &HeaderMap, body: &[u8]) -> Result<TokenRequest, QlikError> {
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let parsed = if is_form {
        serde_urlencoded_form(body)
    } else {
        serde_json::from_slice(body).map_err(|e| e.to_string())
    };
    parsed.map_err(|e| QlikError::bad_request("OAUTH-1", format!("invalid token request: {e}")))
}

fn serde_urlencoded_form(body: &[u8]) -> Result<TokenRequest, String> {
    let pairs: serde_json::Map<String, serde_json::Value> = url::form_urlencoded::parse(body)
        .map(|(k, v)| {
            let value = match k.as_ref() {
                "user_lookup" => serde_json::from_str(&v).unwrap_or(json!(v)),
                _ => json!(v),
            };
            (k.into_owned(), value)
        })
        .collect();
    serde_json::from_value(serde_json::Value::Object(pairs)).map_err(|e| e.to_string())
}

/// `POST /oauth/token` on the register host or a tenant host.
pub async fn token(
    State(state): State<EmuState>,
    Extension(host): Extension<HostKind>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, QlikError> {
    let req = parse_token_request(&headers, &body)?;
    let mut world = state.lock();
    if let HostKind::Tenant { hostname, .. } = &host
        && let Some(tenant_id) = tenant_client(&world, hostname, &req)?
    {
        let user = token_user(&mut world, &tenant_id, &req)?;
        return Ok(issue(
            &mut world,
            &host,
            req,
            TokenAudience::Tenant(tenant_id),
            Some(user),
        ));
    }
    let client = world
        .clients
        .iter()
        .find(|c| c.client_id == req.client_id && c.client_secret == req.client_secret)
        .cloned()
        .ok_or_else(|| QlikError::unauthorized("invalid client credentials"))?;
    let (audience, user_id) = match &host {
        HostKind::Register(region) if *region == client.region => {
            (TokenAudience::Register(*region), None)
        }
        HostKind::Tenant { hostname, region } if *region == client.region => {
            let tenant_id = active_tenant(&world, hostname)?;
            let user = token_user(&mut world, &tenant_id, &req)?;
            (TokenAudience::Tenant(tenant_id), Some(user))
        }
        // Simplification: Qlik's organization APIs take an organization-level client made in
        // the Cloud Console; the emulator accepts its regional clients here too.
        HostKind::Console => (TokenAudience::Console, None),
        _ => {
            return Err(QlikError::unauthorized(
                "client is not valid in this region",
            ));
        }
    };
    Ok(issue(&mut world, &host, req, audience, user_id))
}

/// Records a new access token for the request's client and answers it.
fn issue(
    world: &mut World,
    host: &HostKind,
    req: TokenRequest,
    audience: TokenAudience,
    user_id: Option<String>,
) -> Response {
    let access_token = ids::random_token(64);
    let expires_at = Utc::now() + Duration::seconds(TOKEN_SECONDS);
    world.tokens.insert(
        access_token.clone(),
        IssuedToken {
            audience,
            client_id: req.client_id,
            user_id,
            expires_at,
        },
    );
    Json(json!({
        "access_token": access_token,
        "token_type": "bearer",
        "expires_in": TOKEN_SECONDS,
        "expires_at": expires_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "scope": req.scope.unwrap_or_else(|| default_scope(host).to_owned()),
    }))
    .into_response()
}

/// The tenant whose own OAuth client made the request, when one did: its secret must match
/// and the grant must be one the client allows.
fn tenant_client(
    world: &World,
    hostname: &str,
    req: &TokenRequest,
) -> Result<Option<String>, QlikError> {
    let Some(tenant) = world.tenant_by_host(hostname) else {
        return Ok(None);
    };
    let Some(client) = tenant.oauth_clients.get(&req.client_id) else {
        return Ok(None);
    };
    if client.client_secret.is_empty() || client.client_secret != req.client_secret {
        return Err(QlikError::unauthorized("invalid client credentials"));
    }
    if !client.allowed_grant_types.contains(&req.grant_type) {
        return Err(QlikError::bad_request(
            "OAUTH-1",
            format!(
                "grant_type {} is not allowed for this client",
                req.grant_type
            ),
        ));
    }
    active_tenant(world, hostname).map(Some)
}

/// The scope a token gets when the request names none, as in Qlik's examples.
fn default_scope(host: &HostKind) -> &'static str {
    match host {
        HostKind::Console => "cloud-console.tenants:read",
        _ => "admin_classic",
    }
}

pub(super) fn active_tenant(world: &World, hostname: &str) -> Result<String, QlikError> {
    let tenant = world
        .tenant_by_host(hostname)
        .ok_or_else(|| QlikError::not_found("HTTP-404", format!("no tenant at {hostname}")))?;
    if tenant.status != TenantStatus::Active {
        return Err(QlikError::forbidden("tenant is disabled"));
    }
    Ok(tenant.id.clone())
}

/// The user a token acts as: the impersonated user, or the client's bot user (created on
/// first use, as Qlik does for regional clients).
fn token_user(world: &mut World, tenant_id: &str, req: &TokenRequest) -> Result<String, QlikError> {
    let tenant = world
        .tenant_mut(tenant_id)
        .ok_or_else(|| QlikError::not_found("HTTP-404", "tenant vanished"))?;
    match req.grant_type.as_str() {
        "client_credentials" => {
            let subject = format!("qlikbot\\{}", req.client_id);
            if let Some(user) = tenant.users.values().find(|u| u.subject == subject) {
                return Ok(user.id.clone());
            }
            let user = EmuUser {
                id: ids::hex24(),
                subject,
                name: format!("Bot {}", req.client_id),
                email: None,
                roles: vec!["TenantAdmin".to_owned()],
                groups: Vec::new(),
                created_at: Utc::now(),
            };
            let id = user.id.clone();
            tenant.users.insert(id.clone(), user);
            Ok(id)
        }
        "urn:qlik:oauth:user-impersonation" => {
            let lookup = req.user_lookup.as_ref().ok_or_else(|| {
                QlikError::bad_request("OAUTH-1", "user_lookup is required for impersonation")
            })?;
            tenant
                .users
                .values()
                .find(|u| match lookup.field.as_str() {
                    "subject" => u.subject == lookup.value,
                    "userId" => u.id == lookup.value,
                    _ => false,
                })
                .map(|u| u.id.clone())
                .ok_or_else(|| QlikError::bad_request("OAUTH-1", "user_lookup matched no user"))
        }
        other => Err(QlikError::bad_request(
            "OAUTH-1",
            format!("unsupported grant_type {other:?}"),
        )),
    }
}
