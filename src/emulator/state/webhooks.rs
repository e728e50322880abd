//! Webhooks and their deliveries in the emulator's world (@qlik/api 2.19.0 `webhooks.d.ts`):
//! what a tenant subscribed to, and every attempt made to deliver an event to it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A webhook (`WebhookBase` as the service keeps it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmuWebhook {
    pub id: String,
    pub name: String,
    pub description: String,
    /// An `https://` URL on a domain name (see `webhooks::spec`).
    pub url: String,
    pub event_types: Vec<String>,
    /// Sent with every delivery and answered back.
    pub headers: BTreeMap<String, String>,
    /// Sent with every delivery, answered back by name only. Qlik persists them encrypted;
    /// the emulator keeps them as written (its state file is a test fixture, not a vault).
    pub encrypted_headers: BTreeMap<String, String>,
    /// The HMAC key of `Qlik-Signature`; never answered back (`secretKeyAdded` says whether
    /// there is one).
    pub secret: Option<String>,
    /// A SCIM filter the event must match (see `webhooks::spec`).
    pub filter: Option<String>,
    /// `tenant` or `user`.
    pub level: String,
    /// The owner of a `user` level webhook, whose access limits the events it sees.
    pub owner_id: Option<String>,
    pub enabled: bool,
    pub check_certificate_revocation: bool,
    pub enable_cloud_event_delivery: bool,
    /// `api`, `automations` or `management-console`.
    pub origin: String,
    pub created_by: String,
    pub updated_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl EmuWebhook {
    /// A new webhook `id` from `origin`, made by `user` at `now`: enabled, everything else
    /// empty until its body is written in.
    pub fn new(id: String, origin: String, user: &str, now: DateTime<Utc>) -> Self {
        Self {
            id,
            name: String::new(),
            description: String::new(),
            url: String::new(),
            event_types: Vec::new(),
            headers: BTreeMap::new(),
            encrypted_headers: BTreeMap::new(),
            secret: None,
            filter: None,
            level: String::new(),
            owner_id: None,
            enabled: true,
            check_certificate_revocation: false,
            enable_cloud_event_delivery: false,
            origin,
            created_by: user.to_owned(),
            updated_by: user.to_owned(),
            created_at: now,
            updated_at: now,
        }
    }
}

/// One attempt to deliver one event to one webhook (`Delivery`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmuDelivery {
    pub id: String,
    pub webhook_id: String,
    pub event_type: String,
    /// `success` (a 2xx answer) or `fail`.
    pub success: bool,
    pub status_message: String,
    /// When the attempt was made (emulated time).
    pub triggered_at: DateTime<Utc>,
    pub url: String,
    /// The request headers as answered: values of encrypted headers are `**OMITTED**`.
    pub request_headers: BTreeMap<String, String>,
    /// The exact body sent (minified JSON): retries and resends post these bytes again.
    pub body: String,
    /// What the receiver answered; `None` when no answer came (refused, reset, timeout).
    pub response: Option<DeliveryResponse>,
    /// Which attempt at the event this was: 0 the first, then each retry.
    pub attempt: u32,
    /// When the next retry is due (emulated time): set on a failed attempt with retries
    /// left, cleared when the retry is sent.
    pub retry_at: Option<DateTime<Utc>>,
}

/// A receiver's answer to a delivery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryResponse {
    pub status_code: u16,
    pub headers: BTreeMap<String, String>,
    pub body: String,
}
