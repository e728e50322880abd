//! Tenant steps: create (recovering a tenant whose creation answer was lost), name, check the
//! bot user, and the JWT identity provider.

use super::super::ProvisionError;
use super::super::step_context::Run;
use super::OrAbsent;
use crate::domain::{DisplayName, IdpId, TenantHostname, TenantId};
use crate::store::now_millis;

/// How far before the recorded intent a tenant's `createdAt` may be (clock skew).
const SKEW_MS: i64 = 30 * 1000;

pub(super) async fn create(run: &mut Run<'_>) -> Result<(), ProvisionError> {
    if run.observed.tenant_id.is_some() {
        return Ok(());
    }
    if let Some(started) = run.observed.tenant_create_started_at
        && let Some((id, host)) = recover(run, started).await?
    {
        return record(run, id, host).await;
    }
    // Record the intent first: if the answer to the POST is lost, the next run looks the
    // tenant up instead of creating a second one.
    run.observed.tenant_create_started_at = Some(now_millis());
    run.save().await?;
    let source = &run.inner.config.source_host;
    let license = run
        .inner
        .license
        .get_or_try_init(|| async {
            run.client
                .tenant(source)
                .license_overview()
                .await
                .map(|l| l.license_key)
        })
        .await?;
    let tenant = run
        .client
        .create_tenant(run.customer.spec.region, license)
        .await?;
    run.after_call().await;
    let host = tenant
        .hostnames
        .first()
        .cloned()
        .ok_or_else(|| ProvisionError::step("create tenant", "Qlik returned no hostname"))?;
    record(run, tenant.id, host).await
}

async fn record(
    run: &mut Run<'_>,
    id: TenantId,
    host: TenantHostname,
) -> Result<(), ProvisionError> {
    run.observed.tenant_id = Some(id);
    run.observed.hostname = Some(host);
    run.observed.tenant_create_started_at = None;
    run.save().await
}

/// Finds the tenant a lost creation made: created since the intent, known to no customer.
/// Uses the organization API (`GET /api/core/tenants` on the console host).
async fn recover(
    run: &Run<'_>,
    started: i64,
) -> Result<Option<(TenantId, TenantHostname)>, ProvisionError> {
    let known = run.inner.store.known_tenant_ids().await?;
    let source = &run.inner.config.source_host;
    let region = run.customer.spec.region;
    let tenants = run.client.list_org_tenants().await?;
    let candidates: Vec<_> = tenants
        .into_iter()
        .filter(|t| !known.contains(&t.id) && !t.hostnames.contains(source))
        .filter(|t| t.region_code.as_deref().is_none_or(|r| region.is_named(r)))
        .filter(|t| {
            chrono::DateTime::parse_from_rfc3339(&t.created_at)
                .is_ok_and(|at| at.timestamp_millis() >= started - SKEW_MS)
        })
        .collect();
    match candidates.as_slice() {
        [] => Ok(None),
        [one] => {
            let host = one.hostnames.first().cloned().ok_or_else(|| {
                ProvisionError::step("create tenant", "the recovered tenant has no hostname")
            })?;
            tracing::info!(tenant = %one.id, "adopting the tenant a lost creation made");
            Ok(Some((one.id.clone(), host)))
        }
        many => Err(ProvisionError::Ambiguous(format!(
            "create tenant: its answer was lost and {} unrecorded tenants were created since; \
             retrying later",
            many.len()
        ))),
    }
}

pub(super) async fn name(run: &mut Run<'_>, name: &DisplayName) -> Result<(), ProvisionError> {
    let id = run
        .observed
        .tenant_id
        .clone()
        .ok_or_else(|| ProvisionError::step(&run.step.label(), "no tenant recorded yet"))?;
    run.tenant()?
        .rename_tenant(&id, name.as_str(), None)
        .await?;
    run.after_call().await;
    run.observed.tenant_name = Some(name.to_string());
    run.save().await
}

pub(super) async fn check_bot(run: &mut Run<'_>) -> Result<(), ProvisionError> {
    let me = run.tenant()?.me().await?;
    if Some(&me.tenant_id) != run.observed.tenant_id.as_ref() {
        return Err(ProvisionError::permanent(
            "check bot user",
            format!("the bot user belongs to tenant {}, not ours", me.tenant_id),
        ));
    }
    run.observed.bot_user_id = Some(me.id);
    run.observed.bot_subject = Some(me.subject);
    run.save().await
}

/// Ensures one JWT identity provider with oem-hub's current key and this customer's own
/// issuer. The new IdP is created before older oem-hub ones (another key, or the hub-wide
/// issuer of earlier versions) are removed, so the tenant keeps trusting what the hub signs
/// with; a tenant that refuses a second JWT IdP gets the old one removed first.
pub(super) async fn identity_provider(
    run: &mut Run<'_>,
    key_id: &str,
) -> Result<(), ProvisionError> {
    let host = run.host()?;
    let jwt = run.inner.config.jwt.clone();
    let issuer = crate::domain::tenant_issuer(&jwt.issuer, &run.customer.spec.slug);
    let description = format!("oem-hub {key_id} {issuer}");
    let existing = run.tenant()?.list_identity_providers().await?;
    let current = existing
        .iter()
        .find(|idp| idp.protocol == "jwtAuth" && idp.description.as_deref() == Some(&description));
    let id = match current {
        Some(idp) => idp.id.clone(),
        None => {
            let pem = jwt.public_key_pem.replace('\n', "");
            let tenant = run.tenant()?;
            let create =
                || tenant.create_jwt_identity_provider(&issuer, key_id, &pem, &description);
            let ours_exist = existing.iter().any(is_ours);
            let created = match create().await {
                // `CreateIdpHttpError` is 400 | 403: a tenant that allows one JWT IdP says so
                // with a 400 (or a 409); with ours gone the same payload is sent once more.
                Err(e) if ours_exist && (e.status() == Some(400) || super::is_conflict(&e)) => {
                    remove_old_idps(run, &host, &existing, None).await?;
                    create().await?
                }
                other => other?,
            };
            run.after_call().await;
            created.id
        }
    };
    run.observed.idp_id = Some(id.clone());
    run.observed.idp_key_id = Some(key_id.to_owned());
    run.observed.idp_issuer = Some(issuer);
    run.save().await?;
    remove_old_idps(run, &host, &existing, Some(&id)).await
}

/// A JWT IdP oem-hub made (its description starts `oem-hub `).
fn is_ours(idp: &crate::qlik::IdentityProvider) -> bool {
    idp.protocol == "jwtAuth"
        && idp
            .description
            .as_deref()
            .is_some_and(|d| d.starts_with("oem-hub "))
}

/// Deletes oem-hub's JWT IdPs other than `keep` (already gone is fine).
async fn remove_old_idps(
    run: &Run<'_>,
    host: &TenantHostname,
    existing: &[crate::qlik::IdentityProvider],
    keep: Option<&IdpId>,
) -> Result<(), ProvisionError> {
    for old in existing
        .iter()
        .filter(|i| Some(&i.id) != keep && is_ours(i))
    {
        run.client
            .tenant(host)
            .delete_identity_provider(&old.id)
            .await
            .or_absent()?;
    }
    Ok(())
}
