//! Reload events from Qlik: when the hub has a public URL, each tenant's webhook posts
//! `com.qlik.v1.app.reload.finished` to it; a delivery is believed only when signed with the
//! customer's secret, for its tenant, recent and seen once, then recorded like a polled reload
//! (in the background: Qlik waits for the answer).

mod signature;

pub use signature::{sign, verify};

use super::{Engine, ProvisionError};
use crate::domain::{AppId, CustomerSlug, ReloadId};
use crate::qlik::RELOAD_FINISHED;
use crate::store::{Observed, Sealed, StoreError};
use secrecy::ExposeSecret;
use serde::Deserialize;

/// Where the hub receives a customer's events: `<public URL>/api/v1/qlik-events/<slug>`.
pub const EVENTS_PATH: &str = "api/v1/qlik-events";
/// The header Qlik signs deliveries in.
pub const SIGNATURE_HEADER: &str = "qlik-signature";
/// The oldest event believed, and how long a received event's id is remembered. Qlik retries
/// a failed delivery for a while (how long is UNCONFIRMED); a day covers any plausible schedule.
pub const REPLAY_WINDOW_MS: i64 = 24 * 60 * 60 * 1000;
/// How far an event's time may be ahead of the hub's clock (clock skew).
const SKEW_MS: i64 = 5 * 60 * 1000;

/// The URL a customer's webhook posts to under the hub's public `base` (a path prefix such as
/// `https://partner.example/hub/` is kept).
pub fn events_url(base: &url::Url, slug: &CustomerSlug) -> String {
    let mut base = base.clone();
    if !base.path().ends_with('/') {
        base.set_path(&format!("{}/", base.path()));
    }
    match base.join(&format!("{EVENTS_PATH}/{slug}")) {
        Ok(url) => url.to_string(),
        // A slug is lower-case letters, digits and '-', which always join.
        Err(_) => format!("{base}{EVENTS_PATH}/{slug}"),
    }
}

/// Why a delivery was refused; each says which check failed.
#[derive(Debug, thiserror::Error)]
pub enum EventError {
    #[error("the delivery is not signed (no Qlik-Signature header)")]
    Unsigned,
    /// Also the answer for a customer without a webhook, so slugs cannot be probed.
    #[error("the Qlik-Signature does not match the customer's webhook secret")]
    Forged,
    #[error("the body is not a Qlik event: {0}")]
    Malformed(String),
    #[error("the event is for another tenant than the customer's")]
    OtherTenant,
    #[error("the event's time is outside the last 24 hours")]
    Stale,
    #[error("event {0} was already received")]
    Replayed(String),
    /// The hub's own store or key failed while checking the delivery.
    #[error(transparent)]
    Failed(#[from] ProvisionError),
}

impl From<StoreError> for EventError {
    fn from(e: StoreError) -> Self {
        EventError::Failed(e.into())
    }
}

/// What became of a believed event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Receipt {
    /// Believed; it is being recorded in the background.
    Accepted,
    /// A reload of a published app, recorded (and retried when a scheduled one failed).
    Recorded,
    /// Believed but not about a customer's published app (e.g. apply's staging reload).
    Ignored,
}

/// The parts of Qlik's `com.qlik.v1.app.reload.finished` event oem-hub reads (qlik.dev "Apps"
/// events, AppReloadFinished; the other fields are ignored).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ReloadEvent {
    /// The CloudEvent id: a second delivery of it is refused as a replay.
    pub id: String,
    /// `com.qlik.v1.app.reload.finished`.
    #[serde(rename = "type")]
    pub kind: String,
    /// When the event happened (RFC 3339); outside the last 24 hours it is refused.
    pub time: Option<String>,
    /// The tenant it happened on: it must be the customer's.
    pub tenantid: Option<String>,
    /// The app that reloaded.
    pub toplevelresourceid: Option<String>,
    #[serde(default)]
    pub data: ReloadEventData,
}

/// `data` of a reload event.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReloadEventData {
    /// The reload; the hub reads its outcome and log from the tenant.
    pub reload_id: Option<String>,
    /// `ok` or `error`.
    pub status: Option<String>,
}

impl Engine {
    /// Believes and records one delivery of `body` for `slug` (its `Qlik-Signature` header:
    /// `signature`), at `now` (ms) by the hub's clock.
    pub async fn receive_reload_event(
        &self,
        slug: &CustomerSlug,
        body: &[u8],
        signature: Option<&str>,
        now: i64,
    ) -> Result<Receipt, EventError> {
        let observed = match self.store().get_customer(slug).await {
            Ok(_) => self.store().get_state(slug).await?.observed,
            Err(StoreError::NotFound(_)) => return Err(EventError::Forged),
            Err(e) => return Err(e.into()),
        };
        let sealed = observed.reload_webhook_secret_sealed.clone();
        let signature = signature.ok_or(EventError::Unsigned)?;
        let secret = self
            .open_sealed(&Sealed(sealed.ok_or(EventError::Forged)?))
            .map_err(ProvisionError::from)?;
        if !verify(secret.expose_secret(), body, signature) {
            return Err(EventError::Forged);
        }
        let event: ReloadEvent =
            serde_json::from_slice(body).map_err(|e| EventError::Malformed(e.to_string()))?;
        let tenant = observed.tenant_id.as_ref().map(|t| t.as_str());
        if event.tenantid.as_deref() != tenant || tenant.is_none() {
            return Err(EventError::OtherTenant);
        }
        check_time(event.time.as_deref(), now)?;
        // Twice the window: an event just inside it is still refused the second time.
        let forget_before = now - 2 * REPLAY_WINDOW_MS;
        if !self
            .store()
            .claim_event(&event.id, slug, now, forget_before)
            .await?
        {
            return Err(EventError::Replayed(event.id));
        }
        // Qlik waits for the answer (the emulator 5 s): read the reload in the background.
        let (engine, slug) = (self.clone(), slug.clone());
        tokio::spawn(async move { engine.record_event(&slug, &observed, &event).await });
        Ok(Receipt::Accepted)
    }

    /// Records a believed event; one that cannot be recorded gives its claim back (a resend
    /// is then believed) and is left to the watcher's safety-net pass.
    async fn record_event(&self, slug: &CustomerSlug, observed: &Observed, event: &ReloadEvent) {
        match self.note_event(slug, observed, event).await {
            Ok(receipt) => tracing::debug!(customer = %slug, ?receipt, "reload event"),
            Err(e) => {
                tracing::warn!(customer = %slug, event = %event.id, error = %e, "a reload event could not be recorded");
                if let Err(e) = self.store().release_event(&event.id, slug).await {
                    tracing::warn!(customer = %slug, error = %e, "cannot give an event's claim back");
                }
            }
        }
    }

    async fn note_event(
        &self,
        slug: &CustomerSlug,
        observed: &Observed,
        event: &ReloadEvent,
    ) -> Result<Receipt, ProvisionError> {
        let app = event.toplevelresourceid.as_deref().map(AppId::parse);
        let reload = event.data.reload_id.as_deref().map(ReloadId::parse);
        let (Some(Ok(app)), Some(Ok(reload)), Some(host)) = (app, reload, &observed.hostname)
        else {
            return Ok(Receipt::Ignored);
        };
        let deployed = observed
            .deployments
            .iter()
            .find(|(_, d)| d.published_app_id.as_ref() == Some(&app));
        let (true, Some((module, d))) = (event.kind == RELOAD_FINISHED, deployed) else {
            return Ok(Receipt::Ignored);
        };
        let reload = self.inner.client.tenant(host).get_reload(&reload).await?;
        let scheduled = d.refresh_task_id.is_some();
        self.note(slug, module, host, &reload, scheduled).await?;
        Ok(Receipt::Recorded)
    }
}

/// Refuses an event without a time, older than the replay window or from the future.
fn check_time(time: Option<&str>, now: i64) -> Result<(), EventError> {
    let time = time.ok_or_else(|| EventError::Malformed("time: missing".to_owned()))?;
    let at = chrono::DateTime::parse_from_rfc3339(time)
        .map_err(|e| EventError::Malformed(format!("time: {e}")))?
        .timestamp_millis();
    if at < now - REPLAY_WINDOW_MS || at > now + SKEW_MS {
        return Err(EventError::Stale);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_urls_table() {
        let slug = CustomerSlug::parse("acme").unwrap_or_else(|e| panic!("{e}"));
        let cases = [
            (
                "https://hub.partner.example",
                "https://hub.partner.example/api/v1/qlik-events/acme",
            ),
            (
                "https://hub.partner.example/",
                "https://hub.partner.example/api/v1/qlik-events/acme",
            ),
            (
                "https://partner.example/hub",
                "https://partner.example/hub/api/v1/qlik-events/acme",
            ),
            (
                "https://localhost:8443/",
                "https://localhost:8443/api/v1/qlik-events/acme",
            ),
        ];
        for (base, want) in cases {
            let base = url::Url::parse(base).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(events_url(&base, &slug), want);
        }
    }

    #[test]
    fn event_times_table() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-02T12:00:00Z")
            .map(|t| t.timestamp_millis())
            .unwrap_or_default();
        let cases = [
            (Some("2026-12-02T11:59:00Z"), true),
            (Some("2026-12-01T12:00:01Z"), true),
            (Some("2026-12-01T11:59:59Z"), false),
            (Some("2026-12-02T12:04:00Z"), true),
            (Some("2026-12-02T12:06:00Z"), false),
            (Some("yesterday"), false),
            (None, false),
        ];
        for (time, ok) in cases {
            assert_eq!(check_time(time, now).is_ok(), ok, "{time:?}");
        }
    }
}
