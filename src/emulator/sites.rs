//! A client-managed Qlik Sense site pushing apps into tenants ("multi-cloud" distribution),
//! on the control host: deployments with a local bearer token, and the distribution itself.
//!
//! Not Qlik Cloud's API but the other side of it, modelled on the QMC's Cloud distribution:
//! - `POST /sites/{site}/deployments` `{name, apiEndpoint, audience}` → 201 `{id, …}`;
//! - `GET /sites/{site}/deployments/{id}/token` → the token in "Qlik Cloud format" (the
//!   identity-provider definition holding it in `base64Encoded`). The token's content is the
//!   emulator's own (a random key); a real site's token is opaque to oem-hub too;
//! - `PUT /sites/{site}/license` `{licenseKey}` → 204: the site's signed license key;
//! - `POST /sites/{site}/distribute` `{deploymentId, app}` → the app lands in the tenant as
//!   Qlik describes: read-only, published, without owner or space. The tenant must hold an
//!   active `qsefw-local-bearer-token` IdP with the deployment's token (401 otherwise).

mod distribute;

pub use distribute::distribute;

use super::EmuState;
use super::body::{Api, JsonBody};
use super::error::QlikError;
use super::ids;
use super::state::Deployment;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use base64::Engine as _;
use serde::Deserialize;
use serde_json::{Value, json};

/// Why distributed apps refuse edits, reloads and script changes.
pub const READ_ONLY: &str = "apps distributed from a client-managed site are read-only in Qlik Cloud; change the app on the site and distribute it again";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct DeploymentRequest {
    name: String,
    api_endpoint: String,
    audience: String,
}

/// The site's API (the control host's `/sites`), as its request bodies see it.
pub struct SitesApi;

impl Api for SitesApi {
    const BAD_REQUEST: &'static str = "SITE-400";
}

fn bad(detail: impl Into<String>) -> QlikError {
    QlikError::bad_request(SitesApi::BAD_REQUEST, detail)
}

/// `POST /sites/{site}/deployments` → 201 the deployment (without its token).
pub async fn create_deployment(
    State(state): State<EmuState>,
    Path(site): Path<String>,
    JsonBody(req, _): JsonBody<DeploymentRequest, SitesApi>,
) -> Result<(StatusCode, Json<Value>), QlikError> {
    if req.name.trim().is_empty() {
        return Err(bad("name is required"));
    }
    let endpoint = url::Url::parse(&req.api_endpoint)
        .map_err(|e| bad(format!("apiEndpoint is not a URL: {e}")))?;
    if endpoint.host_str().is_none() {
        return Err(bad("apiEndpoint must name the tenant's host"));
    }
    if req.audience != "qlik.api" {
        return Err(bad("audience must be qlik.api"));
    }
    let id = ids::guid();
    let key = ids::random_token(48);
    let token = base64::engine::general_purpose::STANDARD
        .encode(json!({"site": site, "deployment": id, "key": key}).to_string());
    let deployment = Deployment {
        id: id.clone(),
        name: req.name.trim().to_owned(),
        api_endpoint: req.api_endpoint,
        audience: req.audience,
        token,
    };
    let answer = deployment_json(&deployment);
    let mut world = state.lock();
    let deployments = &mut world.sites.entry(site).or_default().deployments;
    if deployments.values().any(|d| d.name == deployment.name) {
        return Err(QlikError::conflict(
            "SITE-409",
            format!("a deployment named {} exists", deployment.name),
        ));
    }
    deployments.insert(id, deployment);
    world.revision += 1;
    Ok((StatusCode::CREATED, Json(answer)))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct LicenseRequest {
    license_key: String,
}

/// `PUT /sites/{site}/license` → 204.
pub async fn set_license(
    State(state): State<EmuState>,
    Path(site): Path<String>,
    JsonBody(req, _): JsonBody<LicenseRequest, SitesApi>,
) -> Result<StatusCode, QlikError> {
    if req.license_key.trim().is_empty() {
        return Err(bad("licenseKey is required"));
    }
    let mut world = state.lock();
    world.sites.entry(site).or_default().license_key = Some(req.license_key);
    world.revision += 1;
    Ok(StatusCode::NO_CONTENT)
}

fn deployment_json(d: &Deployment) -> Value {
    json!({"id": d.id, "name": d.name, "apiEndpoint": d.api_endpoint, "audience": d.audience})
}

/// `GET /sites/{site}/deployments/{id}/token` → the local bearer token in Qlik Cloud format.
pub async fn deployment_token(
    State(state): State<EmuState>,
    Path((site, id)): Path<(String, String)>,
) -> Result<Json<Value>, QlikError> {
    let world = state.lock();
    let deployment = world
        .sites
        .get(&site)
        .and_then(|s| s.deployments.get(&id))
        .ok_or_else(|| QlikError::not_found("SITE-404", format!("deployment {id} not found")))?;
    Ok(Json(json!({
        "provider": "qlik",
        "protocol": "qsefw-local-bearer-token",
        "interactive": false,
        "description": deployment.name,
        "base64Encoded": deployment.token,
    })))
}
