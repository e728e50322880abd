//! `POST /sites/{site}/distribute`: one app pushed through a deployment into its tenant,
//! authenticated by the tenant's multi-cloud IdP; a redistribution updates the same app.

use super::super::EmuState;
use super::super::error::QlikError;
use super::super::ids;
use super::super::state::{DataTable, Distribution, EmuApp, EmuTenant, Sheet, TenantStatus};
use super::{SitesApi, bad};
use crate::emulator::body::JsonBody;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::Utc;
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct DistributeRequest {
    deployment_id: String,
    app: SourceApp,
}

/// The published app as the site sends it: its sheets (with their visualizations), load
/// script and loaded data.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SourceApp {
    source_app_id: String,
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    script: String,
    #[serde(default)]
    sheets: Vec<Sheet>,
    #[serde(default)]
    data: Vec<DataTable>,
}

fn unauthorized(detail: &str) -> QlikError {
    QlikError::new(StatusCode::UNAUTHORIZED, "SITE-401", "Unauthorized").detail(detail)
}

fn validate(app: &SourceApp) -> Result<(), QlikError> {
    if app.source_app_id.trim().is_empty() {
        return Err(bad("app.sourceAppId is required"));
    }
    if app.name.trim().is_empty() {
        return Err(bad("app.name is required"));
    }
    for (i, sheet) in app.sheets.iter().enumerate() {
        if sheet.id.trim().is_empty() {
            return Err(bad(format!("app.sheets[{i}].id is required")));
        }
        if app.sheets[..i].iter().any(|s| s.id == sheet.id) {
            return Err(bad(format!("app.sheets[{i}].id {} repeats", sheet.id)));
        }
    }
    Ok(())
}

/// `POST /sites/{site}/distribute` → 200 `{appId, tenantId, redistributed}`.
pub async fn distribute(
    State(state): State<EmuState>,
    Path(site): Path<String>,
    JsonBody(req, _): JsonBody<DistributeRequest, SitesApi>,
) -> Result<Json<Value>, QlikError> {
    validate(&req.app)?;
    let mut world = state.lock();
    let deployment = world
        .sites
        .get(&site)
        .and_then(|s| s.deployments.get(&req.deployment_id))
        .cloned()
        .ok_or_else(|| {
            QlikError::not_found(
                "SITE-404",
                format!("deployment {} not found", req.deployment_id),
            )
        })?;
    let license = world.sites.get(&site).and_then(|s| s.license_key.clone());
    check_license(license.as_deref(), &world.config.license_key)?;
    let host = url::Url::parse(&deployment.api_endpoint)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default();
    let tenant_id = world
        .tenant_by_host(&host)
        .map(|t| t.id.clone())
        .ok_or_else(|| {
            QlikError::new(StatusCode::BAD_GATEWAY, "SITE-502", "Bad Gateway").detail(format!(
                "the deployment's API endpoint {} is not a Qlik Cloud tenant",
                deployment.api_endpoint
            ))
        })?;
    let tenant = world
        .tenants
        .get_mut(&tenant_id)
        .ok_or_else(|| QlikError::not_found("SITE-404", "tenant not found"))?;
    authenticate(tenant, &deployment.token)?;
    let origin = Distribution {
        site,
        deployment_id: deployment.id,
        source_app_id: req.app.source_app_id.clone(),
    };
    let (app_id, redistributed) = land(tenant, origin, req.app);
    world.revision += 1;
    Ok(Json(
        json!({"appId": app_id, "tenantId": tenant_id, "redistributed": redistributed}),
    ))
}

/// Distribution needs the site to run on a signed license, the tenant's own.
fn check_license(site: Option<&str>, tenant: &str) -> Result<(), QlikError> {
    let forbidden = |detail: &str| {
        QlikError::new(StatusCode::FORBIDDEN, "SITE-403", "Forbidden").detail(detail)
    };
    match site {
        None => Err(forbidden(
            "the site has no signed license key; cloud distribution needs the site to run on the tenant's signed license",
        )),
        Some(key) if key != tenant => Err(forbidden(
            "the site's license key is not the tenant's; cloud distribution needs the same signed license on both sides",
        )),
        Some(_) => Ok(()),
    }
}

/// The tenant accepts the site only through an active multi-cloud IdP holding its token.
fn authenticate(tenant: &EmuTenant, token: &str) -> Result<(), QlikError> {
    if tenant.status != TenantStatus::Active {
        return Err(unauthorized("the tenant is disabled"));
    }
    let multi_cloud: Vec<&Value> = tenant
        .idps
        .values()
        .filter(|i| i["protocol"] == "qsefw-local-bearer-token" && i["active"] != false)
        .collect();
    if multi_cloud.is_empty() {
        return Err(unauthorized(
            "the tenant has no active multi-cloud identity provider (qsefw-local-bearer-token); create one with this deployment's local bearer token",
        ));
    }
    if !multi_cloud.iter().any(|i| i["base64Encoded"] == token) {
        return Err(unauthorized(
            "the deployment's local bearer token does not match the tenant's multi-cloud identity provider; paste the deployment's current token into the tenant again",
        ));
    }
    Ok(())
}

/// Puts the app in the tenant: a new app arrives unowned and without space; a
/// redistribution replaces content but keeps the app's id and space.
fn land(tenant: &mut EmuTenant, origin: Distribution, source: SourceApp) -> (String, bool) {
    let now = Utc::now();
    // Qlik knows a redistribution by the site and the app's id there.
    let existing = tenant.apps.values_mut().find(|a| {
        a.distributed
            .as_ref()
            .is_some_and(|d| d.site == origin.site && d.source_app_id == origin.source_app_id)
    });
    if let Some(app) = existing {
        app.distributed = Some(origin);
        app.name = source.name;
        app.description = source.description;
        app.script = source.script;
        app.sheets = source.sheets;
        app.data = source.data;
        app.modified = now;
        app.publish_time = Some(now);
        return (app.id.clone(), true);
    }
    let app = EmuApp {
        id: ids::guid(),
        item_id: ids::hex24(),
        name: source.name,
        description: source.description,
        owner_id: String::new(),
        space_id: None,
        origin_app_id: None,
        publish_time: Some(now),
        sheets: source.sheets,
        script: source.script,
        script_history: Vec::new(),
        data: source.data,
        section_access: None,
        created: now,
        modified: now,
        distributed: Some(origin),
    };
    let id = app.id.clone();
    tenant.apps.insert(id.clone(), app);
    (id, false)
}
