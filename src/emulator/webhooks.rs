//! Webhooks API (`/api/v1/webhooks`, @qlik/api 2.19.0 `webhooks.d.ts`): a tenant's
//! subscriptions to its events (`events`), delivered signed and retried (`deliver`).

pub mod deliver;
pub mod deliveries;
mod edit;
pub mod events;
mod spec;

pub use edit::{create, patch, update};

use super::auth::{TENANT_ADMIN, TenantCaller};
use super::collection::{Collection, Exactly, Listing, Order, Scope, Selector, held_in};
use super::error::QlikError;
use super::paging::{Paging, Query};
use super::state::{EmuWebhook, World};
use axum::Json;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use std::cmp::Ordering;

/// A Webhooks API error (`ErrorResponse`: `code`, `title`, `detail`). UNCONFIRMED: Qlik's
/// codes; `WEBHOOKS-<status>` here.
pub fn error(status: StatusCode, detail: impl Into<String>) -> QlikError {
    QlikError::of_status(status, &format!("WEBHOOKS-{}", status.as_u16())).detail(detail)
}

/// Webhooks and deliveries page alike: default 20, at most 100, cursor `next` (UNCONFIRMED:
/// `webhooks.d.ts` documents `limit` without range or default).
pub const PAGING: Paging = Paging {
    default: 20,
    max: 100,
    zero_means_default: false,
    cursor: "next",
    code: "WEBHOOKS-400",
};

/// The webhooks the caller may see: all of them for a tenant admin ("Users assigned the
/// `TenantAdmin` role can retrieve all webhooks"), otherwise the ones they own or created
/// (UNCONFIRMED: whether others see tenant level webhooks).
pub struct Webhooks;

impl Collection for Webhooks {
    type Item = EmuWebhook;

    held_in!(webhooks);

    fn missing(id: &str) -> QlikError {
        error(StatusCode::NOT_FOUND, format!("webhook {id} not found"))
    }
    fn render(hook: &EmuWebhook, _: &Scope) -> Value {
        to_json(hook)
    }
    fn visible(hook: &EmuWebhook, at: &Scope) -> bool {
        let me = &at.caller.user_id;
        at.tenant.has_role(me, TENANT_ADMIN)
            || hook.owner_id.as_ref() == Some(me)
            || &hook.created_by == me
    }
    /// A deleted webhook's deliveries go with it, and its pending retries stop.
    fn deleted(world: &mut World, tenant_id: &str, hook: EmuWebhook) {
        if let Some(tenant) = world.tenants.get_mut(tenant_id) {
            tenant
                .webhook_deliveries
                .retain(|_, d| d.webhook_id != hook.id);
        }
    }
}

impl Listing for Webhooks {
    const PAGING: Paging = PAGING;
    const PATH: &'static str = "/api/v1/webhooks";

    fn created(hook: &EmuWebhook) -> Option<DateTime<Utc>> {
        Some(hook.created_at)
    }
    /// `getWebhooks`' filters: `name` and `url` are wildcard (`*`) and case-insensitive,
    /// matching anywhere without one (UNCONFIRMED); `eventTypes` and `origins` take a
    /// comma-separated list, any of which matches.
    fn selector(query: &Query) -> Result<Selector<EmuWebhook>, QlikError> {
        let q = |k: &str| query.get(k).cloned();
        let enabled = two_valued(query, "enabled", ("true", "false"))?;
        let list = |k: &str| -> Option<Vec<String>> {
            query
                .get(k)
                .map(|v| v.split(',').map(|s| s.trim().to_owned()).collect())
        };
        let (types, origins) = (list("eventTypes"), list("origins"));
        let (name, url) = (q("name"), q("url"));
        let exactly = |k: &str| Exactly::param(query, k);
        let (level, owner) = (exactly("level"), exactly("ownerId"));
        let (created_by, updated_by) = (exactly("createdByUserId"), exactly("updatedByUserId"));
        Ok(Box::new(move |h, _| {
            enabled.is_none_or(|e| h.enabled == e)
                && types
                    .as_ref()
                    .is_none_or(|t| h.event_types.iter().any(|e| t.contains(e)))
                && origins.as_ref().is_none_or(|o| o.contains(&h.origin))
                && name.as_ref().is_none_or(|n| wildcard(n, &h.name))
                && url.as_ref().is_none_or(|u| wildcard(u, &h.url))
                && level.admits(&h.level)
                && created_by.admits(&h.created_by)
                && updated_by.admits(&h.updated_by)
                && owner.admits_some(h.owner_id.as_deref())
        }))
    }
    fn order(query: &Query) -> Result<Option<Order<EmuWebhook>>, QlikError> {
        sort_order::<EmuWebhook>(
            query,
            &[
                ("name", |a, b| {
                    a.name.to_lowercase().cmp(&b.name.to_lowercase())
                }),
                ("url", |a, b| a.url.cmp(&b.url)),
                ("createdAt", |a, b| a.created_at.cmp(&b.created_at)),
                ("updatedAt", |a, b| a.updated_at.cmp(&b.updated_at)),
            ],
        )
    }
}

/// A filter parameter taking one of two values (`yes`, `no`): `None` when not given.
pub fn two_valued(
    query: &Query,
    key: &str,
    (yes, no): (&str, &str),
) -> Result<Option<bool>, QlikError> {
    match query.get(key).map(String::as_str) {
        None => Ok(None),
        Some(value) if value == yes => Ok(Some(true)),
        Some(value) if value == no => Ok(Some(false)),
        Some(other) => {
            let message = format!("{key}: {other:?} is not {yes} or {no}");
            Err(error(StatusCode::BAD_REQUEST, message))
        }
    }
}

/// How a key of a list compares two items.
pub type Compare<T> = fn(&T, &T) -> Ordering;

/// The order a `sort` parameter asks for: `[+|-]key`, ascending without a sign, `key` one of
/// `keys`. No `sort` keeps the list's own order.
pub fn sort_order<T: 'static>(
    query: &Query,
    keys: &[(&str, Compare<T>)],
) -> Result<Option<Order<T>>, QlikError> {
    let Some(sort) = query.get("sort") else {
        return Ok(None);
    };
    let (descending, key) = match sort.strip_prefix('-') {
        Some(key) => (true, key),
        None => (false, sort.strip_prefix('+').unwrap_or(sort)),
    };
    let Some(&(_, by)) = keys.iter().find(|(name, _)| *name == key) else {
        let names: Vec<&str> = keys.iter().map(|(name, _)| *name).collect();
        let message = format!("sort: {sort:?} is not one of [+|-]{}", names.join(", "));
        return Err(error(StatusCode::BAD_REQUEST, message));
    };
    Ok(Some(if descending {
        Box::new(move |a, b| by(b, a))
    } else {
        Box::new(by)
    }))
}

/// Whether `text` matches `pattern` case-insensitively: `*` matches any run of characters;
/// a pattern without `*` matches anywhere in the text.
pub fn wildcard(pattern: &str, text: &str) -> bool {
    let (pattern, text) = (pattern.to_lowercase(), text.to_lowercase());
    if !pattern.contains('*') {
        return text.contains(&pattern);
    }
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// `WebhookResponse`: never the secret (`secretKeyAdded` says whether there is one), the
/// encrypted headers by name only.
pub fn to_json(hook: &EmuWebhook) -> Value {
    let encrypted: Vec<&String> = hook.encrypted_headers.keys().collect();
    let mut body = json!({
        "id": hook.id, "name": hook.name, "description": hook.description, "url": hook.url,
        "eventTypes": hook.event_types, "headers": hook.headers, "encryptedHeaders": encrypted,
        "level": hook.level, "enabled": hook.enabled,
        "checkCertificateRevocation": hook.check_certificate_revocation,
        "enableCloudEventDelivery": hook.enable_cloud_event_delivery,
        "secretKeyAdded": hook.secret.is_some(), "origin": hook.origin,
        "createdAt": hook.created_at, "updatedAt": hook.updated_at,
        "createdByUserId": hook.created_by, "updatedByUserId": hook.updated_by,
    });
    if let Some(filter) = &hook.filter {
        body["filter"] = json!(filter);
    }
    if let Some(owner) = &hook.owner_id {
        body["ownerId"] = json!(owner);
    }
    body
}

/// `GET /api/v1/webhooks/event-types` → 200 `EventTypes`.
pub async fn event_types(_: TenantCaller) -> Json<Value> {
    Json(events::catalogue())
}

/// The deliveries reload `reload_id` of tenant `tenant_id` makes now that it has ended (its
/// app.reload.finished and reload.finished events): called, world locked, wherever a reload
/// reaches its end state; [`deliver::spawn_all`] sends them once it is unlocked.
pub fn on_reload_end(world: &World, tenant_id: &str, reload_id: &str) -> Vec<deliver::Attempt> {
    let Some(tenant) = world.tenants.get(tenant_id) else {
        return Vec::new();
    };
    let Some(reload) = tenant.reloads.get(reload_id) else {
        return Vec::new();
    };
    deliver::dispatch(world, tenant_id, &events::reload_finished(tenant, reload))
}

#[cfg(test)]
mod tests {
    use super::wildcard;

    #[test]
    fn wildcards_match_case_insensitively() {
        for (pattern, text, want) in [
            ("nightly", "Nightly reloads", true),
            ("RELOAD", "Nightly reloads", true),
            ("night*", "Nightly reloads", true),
            ("*reloads", "Nightly reloads", true),
            ("n*y*s", "Nightly reloads", true),
            ("*", "", true),
            ("night*x", "Nightly reloads", false),
            ("ab*ba", "aba", false),
            ("daily", "Nightly reloads", false),
        ] {
            assert_eq!(wildcard(pattern, text), want, "{pattern} ~ {text}");
        }
    }
}
