//! The webhooks API (`/api/v1/webhooks`, `@qlik/api` 2.19.0 `webhooks`): one tenant webhook
//! per customer that posts `com.qlik.v1.app.reload.finished` to the hub, signed with a secret
//! (qlik.dev: `Qlik-Signature`, HMAC-SHA256 of the body); and a reload's log as text.

use super::TenantApi;
use super::calls::query_value;
use super::client::Payload;
use super::error::QlikError;
use crate::domain::{AppId, ReloadId, WebhookId};
use reqwest::Method;
use serde::Deserialize;
use serde_json::{Value, json};

/// The event a reload of an app sends when it ends (qlik.dev, "Apps" events).
pub const RELOAD_FINISHED: &str = "com.qlik.v1.app.reload.finished";

/// The parts of a `WebhookResponse` oem-hub reads back (it never contains the secret).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Webhook {
    pub id: WebhookId,
    pub name: String,
    pub url: String,
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub event_types: Vec<String>,
    /// "Provides status of the string used as secret … is already added or not."
    #[serde(default)]
    pub secret_key_added: bool,
    /// Why Qlik disabled it (e.g. too many failed deliveries), when it did.
    pub disabled_reason: Option<String>,
}

impl Webhook {
    /// Whether it still delivers signed reload events to `url`.
    pub fn delivers_reloads_to(&self, url: &str) -> bool {
        self.enabled
            && self.url == url
            && self.secret_key_added
            && self.event_types.iter().any(|e| e == RELOAD_FINISHED)
    }
}

/// The body of a tenant-level webhook named `name` posting reload events to `url`, signed
/// with `secret` (32–64 characters, help.qlik.com "Creating webhooks").
pub fn reload_webhook(name: &str, url: &str, secret: &str) -> Value {
    json!({
        "name": name,
        "description": "Tells oem-hub when a reload of a customer app finished",
        "url": url,
        "eventTypes": [RELOAD_FINISHED],
        "level": "tenant",
        "enabled": true,
        "secret": secret,
    })
}

impl TenantApi<'_> {
    /// `POST /api/v1/webhooks` → 201 `WebhookResponse`.
    pub async fn create_webhook(self, body: &Value) -> Result<Webhook, QlikError> {
        self.post("/api/v1/webhooks", body).await
    }

    /// `GET /api/v1/webhooks/{id}`.
    pub async fn get_webhook(self, id: &WebhookId) -> Result<Webhook, QlikError> {
        self.get(&format!("/api/v1/webhooks/{id}")).await
    }

    /// `PUT /api/v1/webhooks/{id}` ("any omitted fields will be cleared") → 200.
    pub async fn update_webhook(self, id: &WebhookId, body: &Value) -> Result<Webhook, QlikError> {
        self.put(&format!("/api/v1/webhooks/{id}"), body).await
    }

    /// `DELETE /api/v1/webhooks/{id}` (204).
    pub async fn delete_webhook(self, id: &WebhookId) -> Result<(), QlikError> {
        self.delete(&format!("/api/v1/webhooks/{id}")).await
    }

    /// `GET /api/v1/webhooks?name=…`, all pages; `name` matches "wildcard and case
    /// insensitive", so callers compare the names they get.
    pub async fn find_webhooks(self, name: &str) -> Result<Vec<Webhook>, QlikError> {
        let path = format!("/api/v1/webhooks?name={}&limit=100", query_value(name));
        self.list_all(&path).await
    }

    /// `GET /api/v1/apps/{appId}/reloads/logs/{reloadId}`: the reload's script log
    /// (`text/plain; charset=UTF-8`).
    pub async fn reload_log(self, app: &AppId, reload: &ReloadId) -> Result<String, QlikError> {
        let path = format!("/api/v1/apps/{app}/reloads/logs/{reload}");
        let reply = self.call(Method::GET, &path, Payload::Empty).await?;
        Ok(String::from_utf8_lossy(&reply.body).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hook(enabled: bool, url: &str, types: &[&str], secret: bool) -> Webhook {
        Webhook {
            id: WebhookId::parse("w1").unwrap_or_else(|e| panic!("{e}")),
            name: "oem-hub".to_owned(),
            url: url.to_owned(),
            enabled,
            event_types: types.iter().map(|t| (*t).to_owned()).collect(),
            secret_key_added: secret,
            disabled_reason: None,
        }
    }

    #[test]
    fn a_webhook_delivers_only_when_enabled_signed_and_pointed_at_the_hub() {
        let url = "https://hub.example/api/v1/qlik-events/acme";
        let cases = [
            (hook(true, url, &[RELOAD_FINISHED], true), true),
            (hook(false, url, &[RELOAD_FINISHED], true), false),
            (
                hook(true, "https://x.example", &[RELOAD_FINISHED], true),
                false,
            ),
            (hook(true, url, &["com.qlik.v1.app.created"], true), false),
            (hook(true, url, &[RELOAD_FINISHED], false), false),
        ];
        for (webhook, want) in cases {
            assert_eq!(webhook.delivers_reloads_to(url), want, "{webhook:?}");
        }
    }
}
