//! The tenant OAuth client that mints users' impersonation tokens (embedding mode `oauth`):
//! a `web` client with only the impersonation grant and `user_default`, allowing the
//! customer's origins, with the trusted consent. Its secret is answered once, so it is sealed
//! into observed state at once; new origins, or a client made untrusted by an older oem-hub,
//! mean a new client (delete, then create).

use super::super::ProvisionError;
use super::super::step_context::Run;
use super::OrAbsent;

/// The client's name on the tenant.
const CLIENT_NAME: &str = "oem-hub impersonation";

/// Creates the client for `origins`, replacing the one recorded for other origins.
pub(super) async fn impersonation_client(
    run: &mut Run<'_>,
    origins: &[String],
) -> Result<(), ProvisionError> {
    if let Some(old) = run.observed.oauth_client_id.clone() {
        run.tenant()?.delete_oauth_client(&old).await.or_absent()?;
        run.observed.oauth_client_id = None;
        run.observed.oauth_client_secret_sealed = None;
        run.save().await?;
    }
    let created = run
        .tenant()?
        .create_impersonation_client(CLIENT_NAME, origins)
        .await?;
    run.after_call().await;
    let sealed = run.inner.config.sealing_key.seal(&created.client_secret);
    run.observed.oauth_client_id = Some(created.client_id);
    run.observed.oauth_client_secret_sealed = Some(sealed.0);
    run.observed.oauth_client_origins = origins.to_vec();
    run.observed.oauth_client_trusted = true;
    run.save().await
}

/// Deletes the client (the customer left embedding mode `oauth`).
pub(super) async fn remove(run: &mut Run<'_>) -> Result<(), ProvisionError> {
    if let Some(id) = run.observed.oauth_client_id.clone() {
        run.tenant()?.delete_oauth_client(&id).await.or_absent()?;
    }
    run.observed.oauth_client_id = None;
    run.observed.oauth_client_secret_sealed = None;
    run.observed.oauth_client_origins = Vec::new();
    run.observed.oauth_client_trusted = false;
    run.save().await
}
