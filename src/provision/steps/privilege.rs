//! Least-privilege steps: each puts one part of the spec's `privilege` block on the tenant
//! (every call replaces, so a rerun is harmless) and records it; drift detection reads each
//! recorded part back so that a setting changed by hand is planned again.

use super::super::ProvisionError;
use super::super::plan::PrivilegeChange;
use super::super::step_context::Run;
use crate::domain::{PrivilegeHeld, TenantHostname, TenantId};
use crate::qlik::{QlikClient, QlikError};

/// Applies `change` and records that the tenant holds it.
pub(super) async fn apply(
    run: &mut Run<'_>,
    change: &PrivilegeChange,
) -> Result<(), ProvisionError> {
    let host = run.host()?;
    let client = &run.client;
    let held = &mut run.observed.privilege;
    match change {
        PrivilegeChange::EveryoneRoles { roles } => {
            client.tenant(&host).set_everyone_roles(roles).await?;
            held.everyone_roles = Some(roles.clone());
        }
        PrivilegeChange::Licenses { assign } => {
            client.tenant(&host).set_license_settings(*assign).await?;
            held.licenses = Some(*assign);
        }
        PrivilegeChange::Sessions { limits } => {
            client.tenant(&host).set_session_limits(*limits).await?;
            held.sessions = Some(*limits);
        }
        PrivilegeChange::ProfessionalAutoRoles { roles } => {
            let tenant =
                run.observed.tenant_id.clone().ok_or_else(|| {
                    ProvisionError::step(change.label(), "no tenant recorded yet")
                })?;
            client
                .tenant(&host)
                .set_professional_auto_roles(&tenant, *roles)
                .await?;
            held.professional_auto_roles = Some(*roles);
        }
    }
    run.after_call().await;
    run.save().await
}

/// `held` corrected by what the tenant holds now, for each part recorded as applied: a part
/// the spec's types cannot express (a custom role on Everyone, an out-of-range timeout) is
/// forgotten, so plan puts the spec's value back either way.
pub(super) async fn observe(
    client: &QlikClient,
    host: &TenantHostname,
    tenant: &TenantId,
    held: &mut PrivilegeHeld,
) -> Result<(), QlikError> {
    if held.everyone_roles.is_some() {
        held.everyone_roles = client
            .tenant(host)
            .group_settings()
            .await?
            .everyone_roles()
            .ok();
    }
    if held.licenses.is_some() {
        held.licenses = Some(client.tenant(host).license_settings().await?.auto_assign());
    }
    if held.sessions.is_some() {
        held.sessions = client.tenant(host).auth_settings().await?.limits().ok();
    }
    if held.professional_auto_roles.is_some() {
        let flags = client.tenant(host).tenant_auto_roles(tenant).await?;
        held.professional_auto_roles = Some(flags.roles());
    }
    Ok(())
}
