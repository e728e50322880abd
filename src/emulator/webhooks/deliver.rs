//! Delivering events: a POST of the event as minified JSON to each webhook it concerns, signed
//! as Qlik signs it, recorded as a `Delivery`, and retried on the emulated clock when it fails.

mod post;

use super::{events, spec};
use crate::emulator::EmuState;
use crate::emulator::ids;
use crate::emulator::state::{EmuDelivery, EmuWebhook, World};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use post::{Outcome, post};
use serde_json::Value;
use sha2::Sha256;
use std::collections::BTreeMap;
use std::time::Duration;

/// The header carrying the signature (qlik.dev, "Verify webhook signatures using HMAC").
pub const SIGNATURE_HEADER: &str = "Qlik-Signature";
/// The deliveries' `User-Agent` (qlik.dev/apis/event).
pub const USER_AGENT: &str = "Qlik Webhook";
/// What a delivery record shows for an encrypted header's value (`webhooks.d.ts`).
pub const OMITTED: &str = "**OMITTED**";
/// How long a receiver has to answer (UNCONFIRMED: Qlik's timeout).
pub const TIMEOUT: Duration = Duration::from_secs(5);
/// "Delivery history is stored for 1 week" (`getWebhookDeliveries`), on the emulated clock.
pub const KEPT_DAYS: i64 = 7;
/// The wait before each retry after a failed attempt, in emulated seconds: 1 min, 5 min,
/// 30 min, then no more (UNCONFIRMED: Qlik's retry schedule is undocumented).
pub const RETRY_AFTER_SECONDS: [i64; 3] = [60, 300, 1800];

/// `Qlik-Signature`: the lowercase hex HMAC-SHA256 of the exact request body, keyed by the
/// webhook's secret.
pub fn signature(secret: &str, body: &[u8]) -> String {
    // HMAC takes a key of any length, so this never fails.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

/// The wait before retrying after failed attempt number `attempt` (0 the first); `None` once
/// the retries are used up.
pub fn retry_after(attempt: u32) -> Option<chrono::Duration> {
    let index = usize::try_from(attempt).ok()?;
    RETRY_AFTER_SECONDS
        .get(index)
        .map(|s| chrono::Duration::seconds(*s))
}

/// One attempt to deliver, prepared under the world lock and sent after it.
#[derive(Debug, Clone)]
pub struct Attempt {
    tenant_id: String,
    webhook_id: String,
    event_type: String,
    url: String,
    /// The headers sent, in order.
    sent: Vec<(String, String)>,
    /// The same as recorded: encrypted values omitted.
    shown: BTreeMap<String, String>,
    body: String,
    attempt: u32,
    /// Whether a failure schedules a retry (a resend does not: UNCONFIRMED).
    retries: bool,
    triggered_at: DateTime<Utc>,
}

impl Attempt {
    /// Attempt number `attempt` to post `body` (an event of `event_type`) to `hook`, at
    /// `now`: JSON, Qlik's user agent, the webhook's headers and encrypted headers, and the
    /// signature when it has a secret.
    pub fn new(
        tenant_id: &str,
        hook: &EmuWebhook,
        event_type: &str,
        body: String,
        attempt: u32,
        retries: bool,
        now: DateTime<Utc>,
    ) -> Self {
        let mut sent = vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            ("User-Agent".to_owned(), USER_AGENT.to_owned()),
        ];
        let mut shown: BTreeMap<String, String> = sent.iter().cloned().collect();
        for (name, value) in &hook.headers {
            sent.push((name.clone(), value.clone()));
            shown.insert(name.clone(), value.clone());
        }
        for (name, value) in &hook.encrypted_headers {
            sent.push((name.clone(), value.clone()));
            shown.insert(name.clone(), OMITTED.to_owned());
        }
        if let Some(secret) = &hook.secret {
            let signed = signature(secret, body.as_bytes());
            sent.push((SIGNATURE_HEADER.to_owned(), signed.clone()));
            shown.insert(SIGNATURE_HEADER.to_owned(), signed);
        }
        Self {
            tenant_id: tenant_id.to_owned(),
            webhook_id: hook.id.clone(),
            event_type: event_type.to_owned(),
            url: hook.url.clone(),
            sent,
            shown,
            body,
            attempt,
            retries,
            triggered_at: now,
        }
    }
}

/// The attempts that `events` (`(type, payload)`) of tenant `tenant_id` make: one for each
/// enabled webhook subscribed to the type whose level and filter let the event through.
pub fn dispatch(world: &World, tenant_id: &str, events: &[(&str, Value)]) -> Vec<Attempt> {
    let Some(tenant) = world.tenants.get(tenant_id) else {
        return Vec::new();
    };
    let now = world.clock.now();
    let mut attempts = Vec::new();
    for (kind, payload) in events {
        // The body is serialised once: the bytes signed are the bytes sent and kept.
        let body = payload.to_string();
        for hook in tenant.webhooks.values() {
            let subscribed = hook.enabled && hook.event_types.iter().any(|t| t == kind);
            let level_ok = hook.level == "tenant"
                || hook
                    .owner_id
                    .as_ref()
                    .is_some_and(|o| events::visible_to(tenant, payload, o));
            let passes = hook.filter.as_ref().is_none_or(|f| {
                spec::filter(f, &hook.event_types)
                    .is_ok_and(|f| f.matches(&|a| events::attribute(payload, a)))
            });
            if subscribed && level_ok && passes {
                attempts.push(Attempt::new(
                    tenant_id,
                    hook,
                    kind,
                    body.clone(),
                    0,
                    true,
                    now,
                ));
            }
        }
    }
    attempts
}

/// Sends every attempt in its own task, outside the world lock.
pub fn spawn_all(state: &EmuState, attempts: Vec<Attempt>) {
    for attempt in attempts {
        tokio::spawn(send(state.clone(), attempt));
    }
}

/// Sends `attempt` and records it; the record, unless the webhook went meanwhile.
pub async fn send(state: EmuState, attempt: Attempt) -> Option<EmuDelivery> {
    let outcome = post(&state, &attempt).await;
    record(&state, attempt, outcome)
}

fn record(state: &EmuState, attempt: Attempt, outcome: Outcome) -> Option<EmuDelivery> {
    let mut world = state.lock();
    world.revision += 1;
    let now = world.clock.now();
    let tenant = world.tenants.get_mut(&attempt.tenant_id)?;
    if !tenant.webhooks.contains_key(&attempt.webhook_id) {
        return None;
    }
    let retry_at = if outcome.success || !attempt.retries {
        None
    } else {
        retry_after(attempt.attempt).map(|wait| now + wait)
    };
    let delivery = EmuDelivery {
        id: ids::guid(),
        webhook_id: attempt.webhook_id,
        event_type: attempt.event_type,
        success: outcome.success,
        status_message: outcome.message,
        triggered_at: attempt.triggered_at,
        url: attempt.url,
        request_headers: attempt.shown,
        body: attempt.body,
        response: outcome.response,
        attempt: attempt.attempt,
        retry_at,
    };
    tenant
        .webhook_deliveries
        .insert(delivery.id.clone(), delivery.clone());
    Some(delivery)
}

/// Sends every retry due by the emulated now (after `POST /clock` and on the background
/// tick), each once, to the webhook as it now is; drops deliveries older than a week.
/// Returns how many retries went out.
pub fn retry_due(state: &EmuState) -> usize {
    let due: Vec<Attempt> = {
        let mut world = state.lock();
        let now = world.clock.now();
        let kept_from = now - chrono::Duration::days(KEPT_DAYS);
        let mut due = Vec::new();
        for (tenant_id, tenant) in &mut world.tenants {
            tenant
                .webhook_deliveries
                .retain(|_, d| d.triggered_at >= kept_from);
            for delivery in tenant.webhook_deliveries.values_mut() {
                if delivery.retry_at.is_none_or(|at| at > now) {
                    continue;
                }
                delivery.retry_at = None;
                // A webhook deleted or disabled since stops its retries.
                let Some(hook) = tenant.webhooks.get(&delivery.webhook_id) else {
                    continue;
                };
                if hook.enabled {
                    let body = delivery.body.clone();
                    let (kind, next) = (&delivery.event_type, delivery.attempt + 1);
                    due.push(Attempt::new(tenant_id, hook, kind, body, next, true, now));
                }
            }
        }
        if !due.is_empty() {
            world.revision += 1;
        }
        due
    };
    let count = due.len();
    spawn_all(state, due);
    count
}

#[cfg(test)]
mod tests;
