//! Access steps: web integration, CSP frame-ancestors, the two spaces, groups and their space
//! roles, and the customer's data connection.

use super::super::ProvisionError;
use super::super::plan::{
    CONNECTION_NAME, INTEGRATION_NAME, PRODUCTION_SPACE, STAGING_SPACE, digest,
};
use super::super::step_context::Run;
use super::{OrAbsent, is_conflict};
use crate::domain::{GroupName, SpaceRole};
use crate::qlik::{Assignee, ProviderType};
use secrecy::ExposeSecret;

pub(super) async fn web_integration(
    run: &mut Run<'_>,
    origins: &[String],
) -> Result<(), ProvisionError> {
    let known = match &run.observed.web_integration_id {
        Some(id) => Some(id.clone()),
        None => run
            .tenant()?
            .list_web_integrations()
            .await?
            .into_iter()
            .find(|w| w.name == INTEGRATION_NAME)
            .map(|w| w.id),
    };
    let id = match known {
        Some(id) => {
            run.tenant()?
                .set_web_integration_origins(&id, origins)
                .await?;
            id
        }
        None => {
            let refs: Vec<&str> = origins.iter().map(String::as_str).collect();
            let created = run
                .tenant()?
                .create_web_integration(INTEGRATION_NAME, &refs)
                .await?;
            run.after_call().await;
            created.id
        }
    };
    run.observed.web_integration_id = Some(id);
    run.observed.web_integration_origins = origins.to_vec();
    run.save().await
}

/// Makes the CSP entries oem-hub manages (named `oem-hub …`) exactly the wanted origins.
pub(super) async fn csp_origins(
    run: &mut Run<'_>,
    origins: &[String],
) -> Result<(), ProvisionError> {
    let existing = run.tenant()?.list_csp_origins().await?;
    let ours = |name: &Option<String>| {
        name.as_deref()
            .is_some_and(|n| n.starts_with(INTEGRATION_NAME))
    };
    let mut recorded = std::collections::BTreeMap::new();
    for origin in origins {
        let found = existing.iter().find(|e| e.frames(origin));
        let id = match found {
            Some(entry) => entry.id.clone(),
            None => {
                let name = format!("{INTEGRATION_NAME} {origin}");
                let entry = run.tenant()?.create_frame_ancestor(&name, origin).await?;
                run.after_call().await;
                entry.id
            }
        };
        recorded.insert(origin.clone(), id);
    }
    for stale in existing
        .iter()
        .filter(|e| ours(&e.name) && !recorded.values().any(|id| id == &e.id))
    {
        run.tenant()?
            .delete_csp_origin(&stale.id)
            .await
            .or_absent()?;
    }
    run.observed.csp_origins = recorded;
    run.save().await
}

pub(super) async fn space(run: &mut Run<'_>, production: bool) -> Result<(), ProvisionError> {
    let (name, kind) = match production {
        true => (PRODUCTION_SPACE, "managed"),
        false => (STAGING_SPACE, "shared"),
    };
    let find = |spaces: Vec<crate::qlik::Space>| spaces.into_iter().find(|s| s.name == name);
    let id = match find(run.tenant()?.list_spaces().await?) {
        Some(space) => space.id,
        None => match run.tenant()?.create_space(name, kind).await {
            Ok(space) => {
                run.after_call().await;
                space.id
            }
            // Space names are unique: a 409 means an earlier attempt made it.
            Err(e) if is_conflict(&e) => find(run.tenant()?.list_spaces().await?)
                .map(|s| s.id)
                .ok_or(e)?,
            Err(e) => return Err(e.into()),
        },
    };
    match production {
        true => run.observed.production_space_id = Some(id),
        false => run.observed.staging_space_id = Some(id),
    }
    run.save().await
}

pub(super) async fn group(run: &mut Run<'_>, name: &GroupName) -> Result<(), ProvisionError> {
    let find = |groups: Vec<crate::qlik::Group>| {
        groups
            .into_iter()
            .find(|g| g.name == name.as_str() && g.provider_type == ProviderType::Idp)
    };
    let id = match find(run.tenant()?.list_groups().await?) {
        Some(group) => group.id,
        None => match run.tenant()?.create_group(name).await {
            Ok(group) => {
                run.after_call().await;
                group.id
            }
            Err(e) if is_conflict(&e) => find(run.tenant()?.list_groups().await?)
                .map(|g| g.id)
                .ok_or(e)?,
            Err(e) => return Err(e.into()),
        },
    };
    run.observed.groups.insert(name.clone(), id);
    run.save().await
}

/// Gives the group exactly `role` in the production space (one assignment per assignee).
pub(super) async fn assign(
    run: &mut Run<'_>,
    group: &GroupName,
    role: SpaceRole,
) -> Result<(), ProvisionError> {
    let missing = |what: &str| {
        ProvisionError::step(
            &format!("assign group {group}"),
            format!("no {what} recorded"),
        )
    };
    let space = run
        .observed
        .production_space_id
        .clone()
        .ok_or_else(|| missing("production space"))?;
    let group_id = run
        .observed
        .groups
        .get(group)
        .cloned()
        .ok_or_else(|| missing("group"))?;
    let existing = run
        .tenant()?
        .list_assignments(&space)
        .await?
        .into_iter()
        .find(|a| a.assignee_id == group_id.as_str());
    let id = match existing {
        Some(a) if a.roles == [role.as_str()] => a.id,
        other => {
            if let Some(old) = other {
                run.tenant()?
                    .delete_assignment(&space, &old.id)
                    .await
                    .or_absent()?;
            }
            let created = run
                .tenant()?
                .assign(&space, Assignee::Group(&group_id), &[role])
                .await?;
            run.after_call().await;
            created.id
        }
    };
    run.observed.assignments.insert(group.clone(), (id, role));
    run.save().await
}

/// Creates `customer_db` with the customer's connection string, replacing one made with an
/// older string.
pub(super) async fn data_connection(run: &mut Run<'_>) -> Result<(), ProvisionError> {
    let spec = run.customer.spec.data_connection.clone().ok_or_else(|| {
        ProvisionError::permanent("data connection", "the customer has no data connection")
    })?;
    let secret = run.connection.clone().ok_or_else(|| {
        ProvisionError::permanent("data connection", "no connection string is stored")
    })?;
    let wanted = digest(secret.expose_secret());
    let existing = run
        .tenant()?
        .list_data_connections()
        .await?
        .into_iter()
        .find(|c| c.name == CONNECTION_NAME);
    let id = match existing {
        Some(c)
            if run.observed.data_connection_id.as_ref() == Some(&c.id)
                && run.observed.data_connection_digest.as_deref() == Some(wanted.as_str()) =>
        {
            c.id
        }
        other => {
            if let Some(old) = other {
                run.tenant()?
                    .delete_data_connection(&old.id)
                    .await
                    .or_absent()?;
            }
            let created = run
                .tenant()?
                .create_data_connection(CONNECTION_NAME, spec.kind.as_str(), secret.expose_secret())
                .await?;
            run.after_call().await;
            created.id
        }
    };
    run.observed.data_connection_id = Some(id);
    run.observed.data_connection_digest = Some(wanted);
    run.save().await
}

/// Removes the group's assignment in the production space (the mapping left the spec).
pub(super) async fn unassign(run: &mut Run<'_>, group: &GroupName) -> Result<(), ProvisionError> {
    if let (Some(space), Some((id, _))) = (
        run.observed.production_space_id.clone(),
        run.observed.assignments.get(group).cloned(),
    ) {
        run.tenant()?
            .delete_assignment(&space, &id)
            .await
            .or_absent()?;
        run.after_call().await;
    }
    run.observed.assignments.remove(group);
    run.save().await
}

/// Deletes `customer_db` (the spec no longer names a database).
pub(super) async fn remove_data_connection(run: &mut Run<'_>) -> Result<(), ProvisionError> {
    if let Some(id) = run.observed.data_connection_id.clone() {
        let tenant = run.tenant()?;
        tenant.delete_data_connection(&id).await.or_absent()?;
        run.after_call().await;
    }
    run.observed.data_connection_id = None;
    run.observed.data_connection_digest = None;
    run.save().await
}
