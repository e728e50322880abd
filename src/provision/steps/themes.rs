//! Theme steps: a custom theme a template version ships, put on the customer's tenant
//! (`/api/v1/themes`). Found by its name first (recorded, made by an earlier apply whose answer
//! was lost, or uploaded by hand under the name the version ships), replaced in place when it
//! exists, uploaded otherwise; recorded with the SHA-256 of the archive it now holds.

use super::super::ProvisionError;
use super::super::step_context::Run;
use super::{OrAbsent, is_conflict};
use crate::domain::{TenantHostname, ThemeName};
use crate::qlik::{QlikClient, QlikError};
use crate::store::{Observed, ThemeHeld};

/// Makes the tenant's theme `name` hold the archive `sha256`.
pub(super) async fn upload(
    run: &mut Run<'_>,
    name: &ThemeName,
    sha256: &str,
) -> Result<(), ProvisionError> {
    let archive = run.inner.store.theme_archive(sha256).await?;
    let exists = run.tenant()?.get_theme(name).await.or_absent()?.is_some();
    let theme = match exists {
        true => run.tenant()?.replace_theme(name, &archive).await?,
        false => match run.tenant()?.upload_theme(&archive).await {
            // Made meanwhile (another apply, a hand): replaced like a found one.
            Err(e) if is_conflict(&e) => run.tenant()?.replace_theme(name, &archive).await?,
            other => other?,
        },
    };
    run.after_call().await;
    let held = ThemeHeld {
        id: theme.id,
        sha256: sha256.to_owned(),
    };
    run.observed.themes.insert(name.clone(), held);
    run.save().await
}

/// Deletes the theme `name` the hub uploaded (already gone counts as done).
pub(super) async fn remove(run: &mut Run<'_>, name: &ThemeName) -> Result<(), ProvisionError> {
    run.tenant()?.delete_theme(name).await.or_absent()?;
    run.after_call().await;
    run.observed.themes.remove(name);
    run.save().await
}

/// Forgets recorded themes the tenant no longer has (deleted by hand), so that plan uploads
/// them again. A theme changed by hand under the same name is not seen (its archive is not
/// compared).
pub(super) async fn observe(
    client: &QlikClient,
    host: &TenantHostname,
    o: &mut Observed,
) -> Result<(), QlikError> {
    if o.themes.is_empty() {
        return Ok(());
    }
    let present = client.tenant(host).list_themes().await?;
    o.themes.retain(|name, held| {
        present
            .iter()
            .any(|t| t.id == held.id && t.qext_filename.as_deref() == Some(name.as_str()))
    });
    Ok(())
}
