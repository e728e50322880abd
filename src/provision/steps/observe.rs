//! Drift detection: checks recorded state against the tenant itself and forgets what is gone
//! or changed there, so that `plan` puts it back.

use super::super::{EngineConfig, ProvisionError};
use super::is_not_found;
use crate::domain::{AppId, TenantHostname};
use crate::qlik::{QlikClient, QlikError};
use crate::store::{Deployment, Observed};

/// `observed` corrected by a fresh look at the tenant.
pub(crate) async fn observe(
    client: &QlikClient,
    _config: &EngineConfig,
    mut o: Observed,
) -> Result<Observed, ProvisionError> {
    let (Some(id), Some(host)) = (o.tenant_id.clone(), o.hostname.clone()) else {
        return Ok(o);
    };
    match client.tenant(&host).get_tenant(&id).await {
        Err(e) if is_not_found(&e) => return Ok(Observed::default()),
        other => {
            let tenant = other?;
            o.tenant_name = Some(tenant.name);
        }
    }
    let idps = client.tenant(&host).list_identity_providers().await?;
    if !idps.iter().any(|i| Some(&i.id) == o.idp_id.as_ref()) {
        o.idp_id = None;
    }
    let integrations = client.tenant(&host).list_web_integrations().await?;
    match integrations
        .iter()
        .find(|w| Some(&w.id) == o.web_integration_id.as_ref())
    {
        Some(w) => o.web_integration_origins = w.valid_origins.clone(),
        None => o.web_integration_id = None,
    }
    let csp = client.tenant(&host).list_csp_origins().await?;
    o.csp_origins
        .retain(|origin, id| csp.iter().any(|e| &e.id == id && e.is_for(origin)));
    let spaces = client.tenant(&host).list_spaces().await?;
    for slot in [&mut o.staging_space_id, &mut o.production_space_id] {
        if !spaces.iter().any(|s| Some(&s.id) == slot.as_ref()) {
            *slot = None;
        }
    }
    let groups = client.tenant(&host).list_groups().await?;
    o.groups.retain(|_, id| groups.iter().any(|g| &g.id == id));
    match &o.production_space_id {
        Some(space) => {
            let assignments = client.tenant(&host).list_assignments(space).await?;
            o.assignments.retain(|_, (id, role)| {
                assignments
                    .iter()
                    .any(|a| &a.id == id && a.roles == [role.as_str()])
            });
        }
        None => o.assignments.clear(),
    }
    let connections = client.tenant(&host).list_data_connections().await?;
    if !connections
        .iter()
        .any(|c| Some(&c.id) == o.data_connection_id.as_ref())
    {
        o.data_connection_id = None;
    }
    observe_webhook(client, &host, &mut o).await?;
    super::themes::observe(client, &host, &mut o).await?;
    super::privilege::observe(client, &host, &id, &mut o.privilege).await?;
    for d in o.deployments.values_mut() {
        if let Some(app) = d.staging_app_id.clone()
            && !app_exists(client, &host, &app).await?
        {
            d.staging_app_id = None;
            d.staged_version = None;
        }
        if let Some(app) = d.published_app_id.clone()
            && !app_exists(client, &host, &app).await?
        {
            d.published_app_id = None;
            d.published_key = None;
        }
        observe_task(client, &host, d).await?;
    }
    Ok(o)
}

/// Forgets a refresh task deleted on the tenant, and records what a changed one holds now
/// (disabled, another schedule, another app) so that plan restores it.
async fn observe_task(
    client: &QlikClient,
    host: &TenantHostname,
    d: &mut Deployment,
) -> Result<(), QlikError> {
    let Some(id) = d.refresh_task_id.clone() else {
        return Ok(());
    };
    match client.tenant(host).get_task(&id).await {
        Err(e) if is_not_found(&e) => {
            d.refresh_task_id = None;
            d.refresh_key = None;
        }
        Err(e) => return Err(e),
        Ok(task) => {
            d.refresh_key = d
                .published_app_id
                .as_ref()
                .and_then(|a| task.schedule_key(a));
        }
    }
    Ok(())
}

/// Forgets a reload-events webhook deleted on the tenant, and its URL when it was changed or
/// disabled there (or Qlik disabled it), so that plan makes it deliver to the hub again.
async fn observe_webhook(
    client: &QlikClient,
    host: &TenantHostname,
    o: &mut Observed,
) -> Result<(), QlikError> {
    let Some(id) = o.reload_webhook_id.clone() else {
        return Ok(());
    };
    match client.tenant(host).get_webhook(&id).await {
        Err(e) if is_not_found(&e) => {
            o.reload_webhook_id = None;
            o.reload_webhook_url = None;
            o.reload_webhook_secret_sealed = None;
        }
        Err(e) => return Err(e),
        Ok(webhook) => {
            let url = o.reload_webhook_url.as_deref().unwrap_or_default();
            if !webhook.delivers_reloads_to(url) {
                o.reload_webhook_url = None;
            }
        }
    }
    Ok(())
}

async fn app_exists(
    client: &QlikClient,
    host: &TenantHostname,
    app: &AppId,
) -> Result<bool, QlikError> {
    match client.tenant(host).get_app(app).await {
        Ok(_) => Ok(true),
        Err(e) if is_not_found(&e) => Ok(false),
        Err(e) => Err(e),
    }
}
