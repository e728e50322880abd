//! The tenant webhook that posts `com.qlik.v1.app.reload.finished` to the hub. Each make or
//! re-point sets a fresh signing secret (Qlik never answers one back), sealed into observed
//! state at once; one left by a lost answer is found by name and adopted.

use super::super::ProvisionError;
use super::super::step_context::Run;
use super::OrAbsent;
use crate::qlik::reload_webhook as webhook_body;
use rand::Rng;
use rand::distributions::Alphanumeric;

/// The webhook's name on the tenant.
const WEBHOOK_NAME: &str = "oem-hub reload events";
/// Qlik takes secrets of 32 to 64 characters (help.qlik.com, "Creating webhooks").
const SECRET_LEN: usize = 48;

/// Makes the webhook post to `url`, signed with a new secret.
pub(super) async fn reload_webhook(run: &mut Run<'_>, url: &str) -> Result<(), ProvisionError> {
    let secret: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(SECRET_LEN)
        .map(char::from)
        .collect();
    let body = webhook_body(WEBHOOK_NAME, url, &secret);
    let known = match run.observed.reload_webhook_id.clone() {
        Some(id) => Some(id),
        None => run
            .tenant()?
            .find_webhooks(WEBHOOK_NAME)
            .await?
            .into_iter()
            .find(|w| w.name == WEBHOOK_NAME)
            .map(|w| w.id),
    };
    let updated = match &known {
        Some(id) => run.tenant()?.update_webhook(id, &body).await.or_absent()?,
        None => None,
    };
    let webhook = match updated {
        Some(w) => w,
        None => run.tenant()?.create_webhook(&body).await?,
    };
    run.after_call().await;
    let sealed = run.inner.config.sealing_key.seal(&secret);
    run.observed.reload_webhook_id = Some(webhook.id);
    run.observed.reload_webhook_url = Some(url.to_owned());
    run.observed.reload_webhook_secret_sealed = Some(sealed.0);
    run.save().await
}

/// Deletes the webhook (the hub has no public URL any more; reloads are polled again).
pub(super) async fn remove(run: &mut Run<'_>) -> Result<(), ProvisionError> {
    if let Some(id) = run.observed.reload_webhook_id.clone() {
        run.tenant()?.delete_webhook(&id).await.or_absent()?;
    }
    run.observed.reload_webhook_id = None;
    run.observed.reload_webhook_url = None;
    run.observed.reload_webhook_secret_sealed = None;
    run.save().await
}
