//! Tenant OAuth clients (`/api/v1/oauth-clients`): the `web` client with the
//! `urn:qlik:oauth:user-impersonation` grant that a backend mints users' tokens with. The
//! secret is answered once, at creation; `/oauth/token` on the tenant accepts the client,
//! impersonating only with the trusted consent method (see `consent`).

pub mod consent;

use super::body::{Api, JsonBody};
use super::call::{AdminCall, TenantCall};
use super::collection::{Collection, Scope, held_in};
use super::error::{QlikError, Result};
use super::ids;
use super::state::{TRUSTED, TenantClient, World, default_method};
use axum::Json;
use axum::http::StatusCode;
use chrono::Utc;
use serde::Deserialize;
use serde_json::{Value, json};

/// The grants a `web` client may be given.
pub const GRANTS: [&str; 2] = ["client_credentials", "urn:qlik:oauth:user-impersonation"];
const APP_TYPES: [&str; 4] = ["web", "native", "spa", "anonymous-embed"];

/// `OAuthClientCreateRequest`, the fields the emulator keeps.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CreateRequest {
    app_type: String,
    client_name: String,
    #[serde(default)]
    allowed_grant_types: Vec<String>,
    #[serde(default)]
    allowed_scopes: Vec<String>,
    #[serde(default)]
    allowed_origins: Vec<String>,
    #[serde(default)]
    redirect_uris: Vec<String>,
    connection_config: Option<ConnectionConfig>,
}

/// `OAuthClientCreateRequest.connectionConfig`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConnectionConfig {
    consent_method: Option<String>,
}

fn bad(detail: impl Into<String>) -> QlikError {
    QlikError::bad_request(OAuthClients::BAD_REQUEST, detail)
}

fn validate(req: &CreateRequest) -> Result<(), QlikError> {
    if !APP_TYPES.contains(&req.app_type.as_str()) {
        return Err(bad(format!(
            "appType must be one of {}",
            APP_TYPES.join(", ")
        )));
    }
    if req.client_name.trim().is_empty() {
        return Err(bad("clientName is required"));
    }
    if !req.allowed_grant_types.is_empty() && req.app_type != "web" {
        return Err(bad("allowedGrantTypes are only for appType web"));
    }
    // The .d.ts: "allowedOrigins … only available with SPA application type"; qlik.dev's
    // M2M impersonation tutorial adds allowed origins to a `web` client whose tokens a browser
    // uses, so `web` is allowed too. UNCONFIRMED: whether Qlik refuses or ignores them on
    // `native` and `anonymous-embed` clients; the emulator refuses.
    if !req.allowed_origins.is_empty() && !["spa", "web"].contains(&req.app_type.as_str()) {
        return Err(bad("allowedOrigins are only for appType spa (and web)"));
    }
    let consent = req
        .connection_config
        .as_ref()
        .and_then(|c| c.consent_method.as_deref());
    if consent.is_some_and(|m| m != TRUSTED) {
        return Err(bad(
            "connectionConfig.consentMethod: the only value allowed at creation is trusted",
        ));
    }
    if let Some(grant) = req
        .allowed_grant_types
        .iter()
        .find(|g| !GRANTS.contains(&g.as_str()))
    {
        return Err(bad(format!(
            "allowedGrantTypes: {grant} is not a grant type"
        )));
    }
    Ok(())
}

/// The client as listed: never its secret.
fn client_json(c: &TenantClient) -> Value {
    json!({
        "clientId": c.client_id, "clientName": c.client_name, "appType": c.app_type,
        "allowedGrantTypes": c.allowed_grant_types, "allowedScopes": c.allowed_scopes,
        "allowedOrigins": c.allowed_origins, "redirectUris": c.redirect_uris,
        "connectionConfig": { "consentMethod": c.consent_method },
        "createdAt": c.created_at,
    })
}

/// `POST /api/v1/oauth-clients` → 201 `OAuthClientCreateResponse` (with `clientSecret` for
/// confidential clients, this once). "Requires `TenantAdmin` role when created in-tenant."
pub async fn create(
    call: AdminCall,
    JsonBody(req, _): JsonBody<CreateRequest, OAuthClients>,
) -> Result<(StatusCode, Json<Value>)> {
    validate(&req)?;
    let confidential = req.app_type == "web";
    let client = TenantClient {
        client_id: ids::random_token(32),
        client_secret: if confidential {
            ids::random_token(64)
        } else {
            String::new()
        },
        client_name: req.client_name,
        app_type: req.app_type,
        allowed_grant_types: req.allowed_grant_types,
        allowed_scopes: if req.allowed_scopes.is_empty() {
            vec!["user_default".to_owned()]
        } else {
            req.allowed_scopes
        },
        allowed_origins: req.allowed_origins,
        redirect_uris: req.redirect_uris,
        consent_method: req
            .connection_config
            .and_then(|c| c.consent_method)
            .unwrap_or_else(default_method),
        created_at: Utc::now(),
    };
    let mut answer = client_json(&client);
    if confidential {
        answer["clientSecret"] = json!(client.client_secret);
    }
    let mut tenant = call.tenant()?;
    tenant
        .oauth_clients
        .insert(client.client_id.clone(), client);
    Ok((StatusCode::CREATED, Json(answer)))
}

/// `GET /api/v1/oauth-clients` → 200 `{data, links}` (one page: a tenant has few clients).
pub async fn list(call: TenantCall) -> Result<Json<Value>> {
    let tenant = call.tenant()?;
    let data: Vec<Value> = tenant.oauth_clients.values().map(client_json).collect();
    Ok(Json(json!({
        "data": data,
        "links": {"self": {"href": "/api/v1/oauth-clients"}},
    })))
}

/// The OAuth clients of a tenant, by client id (deleted by the collection's route: its
/// tokens stop working at once).
pub struct OAuthClients;

impl Api for OAuthClients {
    const BAD_REQUEST: &'static str = "OAUTH-CLIENTS-400";
}

impl Collection for OAuthClients {
    type Item = TenantClient;

    held_in!(oauth_clients);

    fn missing(id: &str) -> QlikError {
        QlikError::not_found("OAUTH-CLIENTS-404", format!("client {id} not found"))
    }
    fn render(c: &TenantClient, _: &Scope) -> Value {
        client_json(c)
    }
    fn deleted(world: &mut World, _: &str, client: TenantClient) {
        world.tokens.retain(|_, t| t.client_id != client.client_id);
    }
}
