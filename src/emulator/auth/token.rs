//! `POST /oauth/token`: client credentials and user impersonation, for the regional clients
//! and for a tenant's own OAuth clients; the client authenticates in the body or by Basic.

use super::super::error::QlikError;
use super::super::ids;
use super::super::state::TRUSTED;
use super::super::state::{EmuUser, IssuedToken, TenantStatus, TokenAudience, World};
use super::super::{EmuState, HostKind};
use super::basic::{ClientAuth, OAuthError, client_auth};
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use chrono::{Duration, Utc};
use serde::Deserialize;
use serde_json::json;

/// The grant type of user impersonation.
const IMPERSONATION: &str = "urn:qlik:oauth:user-impersonation";

/// Token lifetime: Qlik's examples all show 6 hours.
const TOKEN_SECONDS: i64 = 21_600;

#[derive(Debug, Deserialize)]
struct TokenRequest {
    grant_type: String,
    client_id: Option<String>,
    client_secret: Option<String>,
    scope: Option<String>,
    user_lookup: Option<UserLookup>,
}

#[derive(Debug, Deserialize)]
struct UserLookup {
    field: String,
    value: String,
}

fn parse_token_request(headers: &HeaderMap, body: &[u8]) -> Result<TokenRequest, OAuthError> {
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let parsed = if is_form {
        serde_urlencoded_form(body)
    } else {
        serde_json::from_slice(body).map_err(|e| e.to_string())
    };
    parsed.map_err(|e| OAuthError::invalid_request(format!("invalid token request: {e}")))
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
) -> Result<Response, OAuthError> {
    let req = parse_token_request(&headers, &body)?;
    let auth = client_auth(
        &headers,
        req.client_id.as_deref(),
        req.client_secret.as_deref(),
    )?;
    let mut world = state.lock();
    if let HostKind::Tenant { hostname, .. } = &host
        && let Some(tenant_id) = tenant_client(&world, hostname, &auth, &req)?
    {
        let user = token_user(&mut world, &tenant_id, &auth, &req)?;
        let audience = TokenAudience::Tenant(tenant_id);
        return Ok(issue(&mut world, &host, &auth, req, audience, Some(user)));
    }
    let client = world
        .clients
        .iter()
        .find(|c| c.client_id == auth.id && c.client_secret == auth.secret)
        .cloned()
        .ok_or_else(|| OAuthError::invalid_client("invalid client credentials", auth.basic))?;
    let (audience, user_id) = match &host {
        HostKind::Register(region) if *region == client.region => {
            (TokenAudience::Register(*region), None)
        }
        HostKind::Tenant { hostname, region } if *region == client.region => {
            let tenant_id = active_tenant(&world, hostname)?;
            let user = token_user(&mut world, &tenant_id, &auth, &req)?;
            (TokenAudience::Tenant(tenant_id), Some(user))
        }
        // Simplification: Qlik's organization APIs take an organization-level client made in
        // the Cloud Console; the emulator accepts its regional clients here too.
        HostKind::Console => (TokenAudience::Console, None),
        _ => {
            return Err(OAuthError::invalid_client(
                "client is not valid in this region",
                auth.basic,
            ));
        }
    };
    Ok(issue(&mut world, &host, &auth, req, audience, user_id))
}

/// Records a new access token for the request's client and answers it.
fn issue(
    world: &mut World,
    host: &HostKind,
    auth: &ClientAuth,
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
            client_id: auth.id.clone(),
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

/// The tenant whose own OAuth client made the request, when one did: its secret must match,
/// the grant must be one the client allows, and impersonation needs the trusted consent
/// method. UNCONFIRMED: Qlik's answer to an untrusted client's impersonation request; the
/// emulator answers RFC 6749's `unauthorized_client` (400).
fn tenant_client(
    world: &World,
    hostname: &str,
    auth: &ClientAuth,
    req: &TokenRequest,
) -> Result<Option<String>, OAuthError> {
    let Some(tenant) = world.tenant_by_host(hostname) else {
        return Ok(None);
    };
    let Some(client) = tenant.oauth_clients.get(&auth.id) else {
        return Ok(None);
    };
    if client.client_secret.is_empty() || client.client_secret != auth.secret {
        return Err(OAuthError::invalid_client(
            "invalid client credentials",
            auth.basic,
        ));
    }
    if !client.allowed_grant_types.contains(&req.grant_type) {
        return Err(OAuthError::bad(
            "unauthorized_client",
            format!(
                "grant_type {} is not allowed for this client",
                req.grant_type
            ),
        ));
    }
    if req.grant_type == IMPERSONATION && client.consent_method != TRUSTED {
        return Err(OAuthError::bad(
            "unauthorized_client",
            "user impersonation needs the client's consent method to be trusted \
             (connectionConfig.consentMethod)",
        ));
    }
    Ok(Some(active_tenant(world, hostname)?))
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
        .ok_or_else(|| QlikError::no_tenant(hostname))?;
    if tenant.status != TenantStatus::Active {
        return Err(QlikError::forbidden("tenant is disabled"));
    }
    Ok(tenant.id.clone())
}

/// The user a token acts as: the impersonated user, or the client's bot user (created on
/// first use, as Qlik does for regional clients).
fn token_user(
    world: &mut World,
    tenant_id: &str,
    auth: &ClientAuth,
    req: &TokenRequest,
) -> Result<String, OAuthError> {
    let tenant = world.tenant_mut(tenant_id)?;
    match req.grant_type.as_str() {
        "client_credentials" => {
            let subject = format!("qlikbot\\{}", auth.id);
            if let Some(user) = tenant.users.values().find(|u| u.subject == subject) {
                return Ok(user.id.clone());
            }
            let user = EmuUser {
                id: ids::hex24(),
                subject,
                name: format!("Bot {}", auth.id),
                email: None,
                roles: vec!["TenantAdmin".to_owned()],
                groups: Vec::new(),
                created_at: Utc::now(),
            };
            let id = user.id.clone();
            tenant.users.insert(id.clone(), user);
            Ok(id)
        }
        IMPERSONATION => {
            let lookup = req.user_lookup.as_ref().ok_or_else(|| {
                OAuthError::invalid_request("user_lookup is required for impersonation")
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
                .ok_or_else(|| OAuthError::bad("invalid_grant", "user_lookup matched no user"))
        }
        other => Err(OAuthError::bad(
            "unsupported_grant_type",
            format!("unsupported grant_type {other:?}"),
        )),
    }
}
