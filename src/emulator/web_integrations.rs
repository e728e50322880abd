//! Web integrations API: the exact origins (no wildcards) allowed to call a tenant from a
//! browser; the id is what `qlik-web-integration-id` carries.

use super::body::{Api, JsonBody};
use super::call::TenantCall;
use super::collection::{Collection, Listing, Scope, held_in};
use super::error::{QlikError, Result};
use super::ids;
use super::paging::{self, Paging};
use super::state::WebIntegration;
use crate::domain::Origin;
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CreateRequest {
    name: String,
    #[serde(default)]
    valid_origins: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct PatchOp {
    op: String,
    path: String,
    value: Value,
}

fn not_found(id: &str) -> QlikError {
    QlikError::not_found(
        "WEB-INTEGRATIONS-404",
        format!("web integration {id} not found"),
    )
}

/// Each origin must be an exact `scheme://host[:port]`; Qlik refuses wildcards and paths.
fn parse_origins(raw: &[String]) -> Result<Vec<String>, QlikError> {
    raw.iter()
        .map(|o| {
            Origin::parse(o).map(|o| o.to_string()).map_err(|e| {
                QlikError::bad_request(
                    WebIntegrations::BAD_REQUEST,
                    format!("invalid origin {o:?}: {e}"),
                )
            })
        })
        .collect()
}

fn to_json(w: &WebIntegration, tenant_id: &str) -> Value {
    json!({
        "id": w.id, "name": w.name, "validOrigins": w.valid_origins, "tenantId": tenant_id,
        "created": w.created, "createdBy": w.created_by, "lastUpdated": w.last_updated,
        "links": { "self": { "href": format!("/api/v1/web-integrations/{}", w.id) } },
    })
}

/// `POST /api/v1/web-integrations` → 201.
pub async fn create(
    call: TenantCall,
    JsonBody(req, _): JsonBody<CreateRequest, WebIntegrations>,
) -> Result<(StatusCode, Json<Value>)> {
    let valid_origins = parse_origins(&req.valid_origins)?;
    let now = Utc::now();
    let integration = WebIntegration {
        id: ids::random_token(22),
        name: req.name,
        valid_origins,
        created: now,
        created_by: call.user_id.clone(),
        last_updated: now,
    };
    let mut tenant = call.tenant()?;
    let body = to_json(&integration, &call.tenant_id);
    tenant
        .web_integrations
        .insert(integration.id.clone(), integration);
    Ok((StatusCode::CREATED, Json(body)))
}

/// The web integrations of a tenant, oldest first.
pub struct WebIntegrations;

impl Api for WebIntegrations {
    const BAD_REQUEST: &'static str = "WEB-INTEGRATIONS-400";
}

impl Collection for WebIntegrations {
    type Item = WebIntegration;

    held_in!(web_integrations);

    fn missing(id: &str) -> QlikError {
        not_found(id)
    }
    fn render(w: &WebIntegration, at: &Scope) -> Value {
        to_json(w, &at.tenant.id)
    }
}

impl Listing for WebIntegrations {
    const PAGING: Paging = paging::WEB_INTEGRATIONS;
    const PATH: &'static str = "/api/v1/web-integrations";

    fn created(w: &WebIntegration) -> Option<DateTime<Utc>> {
        Some(w.created)
    }
}

/// `PATCH /api/v1/web-integrations/{id}` with `/name` or `/validOrigins` → 204.
/// `/validOrigins` takes an array (Qlik's spec types the value as a string; unconfirmed).
pub async fn patch(
    call: TenantCall,
    Path(id): Path<String>,
    JsonBody(ops, _): JsonBody<Vec<PatchOp>, WebIntegrations>,
) -> Result<StatusCode> {
    let mut tenant = call.tenant()?;
    let mut updated = tenant
        .web_integrations
        .get(&id)
        .cloned()
        .ok_or_else(|| not_found(&id))?;
    for op in ops {
        let bad = |why: &str| QlikError::bad_request(WebIntegrations::BAD_REQUEST, why.to_owned());
        if op.op != "replace" {
            return Err(bad("only the replace operation is supported"));
        }
        match (op.path.as_str(), op.value) {
            ("/name", Value::String(name)) => updated.name = name,
            ("/validOrigins", Value::Array(values)) => {
                let raw: Vec<String> = values
                    .into_iter()
                    .map(|v| {
                        v.as_str()
                            .map(str::to_owned)
                            .ok_or_else(|| bad("origins must be strings"))
                    })
                    .collect::<Result<_, _>>()?;
                updated.valid_origins = parse_origins(&raw)?;
            }
            (path, _) => return Err(bad(&format!("cannot patch {path} with that value"))),
        }
    }
    updated.last_updated = Utc::now();
    tenant.web_integrations.insert(id, updated);
    Ok(StatusCode::NO_CONTENT)
}
