//! A webhook body (`WebhookPost`, `WebhookBase`) read and checked as help.qlik.com's
//! "Creating webhooks" says; every refusal's message starts with the field it is about.

use super::events::{APP_RELOAD_FINISHED, offered_at};
use crate::emulator::scim_filter::{Filter, Op};
use crate::emulator::state::EmuWebhook;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, de::DeserializeOwned};
use std::collections::BTreeMap;
use std::fmt;

/// "The secret must be between 32 and 64 characters" (help.qlik.com, "Creating webhooks").
pub const SECRET_CHARS: std::ops::RangeInclusive<usize> = 32..=64;

/// "Maximum size: 2048 bytes" for `headers`, and again for `encryptedHeaders`
/// (`webhooks.d.ts`). UNCONFIRMED how Qlik counts: here the names' and values' bytes.
pub const MAX_HEADER_BYTES: usize = 2048;

/// Headers the service writes itself (UNCONFIRMED: that Qlik refuses them in a webhook;
/// the emulator does so that `Qlik-Signature` and the body's type cannot be overridden).
const RESERVED: [&str; 5] = [
    "content-type",
    "content-length",
    "host",
    "user-agent",
    "qlik-signature",
];

/// A header map as written, duplicates kept so that they can be refused.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct HeaderList(pub Vec<(String, String)>);

impl<'de> Deserialize<'de> for HeaderList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Pairs;
        impl<'de> Visitor<'de> for Pairs {
            type Value = HeaderList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of header names to string values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<HeaderList, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry::<String, String>()? {
                    pairs.push(pair);
                }
                Ok(HeaderList(pairs))
            }
        }
        d.deserialize_map(Pairs)
    }
}

/// The members of a `WebhookPost`/`WebhookBase` the service reads; read-only members a
/// client echoes back (`id`, `createdAt`, …) are ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Body {
    pub name: Option<String>,
    pub description: Option<String>,
    pub url: Option<String>,
    pub event_types: Option<Vec<String>>,
    pub headers: Option<HeaderList>,
    pub encrypted_headers: Option<HeaderList>,
    pub secret: Option<String>,
    pub filter: Option<String>,
    pub level: Option<String>,
    pub owner_id: Option<String>,
    pub enabled: Option<bool>,
    pub check_certificate_revocation: Option<bool>,
    pub enable_cloud_event_delivery: Option<bool>,
    pub origin: Option<String>,
}

/// Parses JSON `bytes` as `T`; a type error names the member it is in.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    let mut json = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut json).map_err(|e| match e.path().to_string() {
        path if path == "." => format!("body: {}", e.inner()),
        path => format!("{path}: {}", e.inner()),
    })
}

/// `headers` or `encryptedHeaders` (named `field`) as a map: names valid and unique
/// case-insensitively ("duplicate headers are not allowed and are case-insensitive"), none
/// the service writes itself, values valid, all within [`MAX_HEADER_BYTES`].
pub fn header_map(field: &str, list: HeaderList) -> Result<BTreeMap<String, String>, String> {
    let mut map = BTreeMap::new();
    let mut bytes = 0;
    for (name, value) in list.0 {
        if axum::http::HeaderName::from_bytes(name.as_bytes()).is_err() {
            return Err(format!("{field}: {name:?} is not a valid header name"));
        }
        if axum::http::HeaderValue::from_str(&value).is_err() {
            return Err(format!(
                "{field}: the value of {name} is not a valid header value"
            ));
        }
        let lower = name.to_ascii_lowercase();
        if RESERVED.contains(&lower.as_str()) {
            return Err(format!("{field}: {name} is set by the webhook service"));
        }
        if map.keys().any(|k: &String| k.eq_ignore_ascii_case(&name)) {
            return Err(format!(
                "{field}: duplicate header {name} (header names are case-insensitive)"
            ));
        }
        bytes += name.len() + value.len();
        map.insert(name, value);
    }
    if bytes > MAX_HEADER_BYTES {
        return Err(format!(
            "{field}: {bytes} bytes of headers, at most {MAX_HEADER_BYTES} allowed"
        ));
    }
    Ok(map)
}

/// The target URL: "The URL must be HTTPS and a fully qualified domain name, not an IP
/// address" (help.qlik.com, "Creating webhooks"). Emulator-only: `localhost` and names
/// under it pass, since a receiver the emulator can reach in tests lives there.
pub fn url(text: &str) -> Result<(), String> {
    let parsed = url::Url::parse(text).map_err(|e| format!("url: {text:?} is not a URL ({e})"))?;
    if parsed.scheme() != "https" {
        return Err(format!("url: {text:?} must use https"));
    }
    match parsed.host() {
        Some(url::Host::Domain(name)) => {
            let local = name == "localhost" || name.ends_with(".localhost");
            if local || name.trim_end_matches('.').contains('.') {
                Ok(())
            } else {
                Err(format!(
                    "url: {name:?} is not a fully qualified domain name"
                ))
            }
        }
        Some(_) => Err(format!(
            "url: {text:?} names an IP address, not a domain name"
        )),
        None => Err(format!("url: {text:?} has no host")),
    }
}

/// The HMAC secret: 32 to 64 characters.
pub fn secret(secret: &str) -> Result<(), String> {
    let chars = secret.chars().count();
    if SECRET_CHARS.contains(&chars) {
        Ok(())
    } else {
        Err(format!("secret: {chars} characters, it must have 32 to 64"))
    }
}

/// The `filter` (`webhooks.d.ts`): attributes `id`, `spaceId`, `topLevelResourceId`, and
/// `data.status` ("ok" or "error") when the only event type is app.reload.finished;
/// operators `eq`, `ne`; `and`, `or` (so no `not`).
pub fn filter(text: &str, event_types: &[String]) -> Result<Filter, String> {
    const EQ_NE: &[Op] = &[Op::Eq, Op::Ne];
    const ALLOWED: &[(&str, &[Op])] = &[
        ("id", EQ_NE),
        ("spaceId", EQ_NE),
        ("topLevelResourceId", EQ_NE),
        ("data.status", EQ_NE),
    ];
    let parsed = Filter::parse(text, ALLOWED).map_err(|m| format!("filter: {m}"))?;
    let mut compared = Vec::new();
    if !comparisons(&parsed, &mut compared) {
        return Err("filter: only the logical operators and, or are supported".to_owned());
    }
    let reload_only = event_types == [APP_RELOAD_FINISHED];
    for (attribute, value) in compared {
        if attribute.eq_ignore_ascii_case("data.status") {
            if !reload_only {
                return Err(format!(
                    "filter: data.status needs eventTypes to be [\"{APP_RELOAD_FINISHED}\"] alone"
                ));
            }
            if value != "ok" && value != "error" {
                return Err(format!(
                    "filter: data.status is \"ok\" or \"error\", not {value:?}"
                ));
            }
        }
    }
    Ok(parsed)
}

/// Collects `(attribute, value)` of every comparison; false when the filter uses `not`.
fn comparisons<'f>(filter: &'f Filter, out: &mut Vec<(&'f str, &'f str)>) -> bool {
    match filter {
        Filter::Compare {
            attribute, value, ..
        } => {
            out.push((attribute, value));
            true
        }
        Filter::And(a, b) | Filter::Or(a, b) => comparisons(a, out) && comparisons(b, out),
        Filter::Not(_) => false,
    }
}

/// Checks a whole webhook as it would be stored: every rule above, plus a name, the
/// documented `level` and `origin` values, event types offered at the level, and no header
/// in both maps.
pub fn check(hook: &EmuWebhook) -> Result<(), String> {
    if hook.name.trim().is_empty() {
        return Err("name: a webhook needs a name".to_owned());
    }
    url(&hook.url)?;
    if !["tenant", "user"].contains(&hook.level.as_str()) {
        return Err(format!("level: {:?} is not tenant or user", hook.level));
    }
    if let Some(unknown) = hook
        .event_types
        .iter()
        .find(|t| !offered_at(t, &hook.level))
    {
        return Err(format!(
            "eventTypes: {unknown:?} is not an event type of {} level webhooks \
             (see /api/v1/webhooks/event-types)",
            hook.level
        ));
    }
    if let Some(s) = &hook.secret {
        secret(s)?;
    }
    if let Some(f) = &hook.filter {
        filter(f, &hook.event_types)?;
    }
    if !["api", "automations", "management-console"].contains(&hook.origin.as_str()) {
        return Err(format!(
            "origin: {:?} is not api, automations or management-console",
            hook.origin
        ));
    }
    let both = hook
        .encrypted_headers
        .keys()
        .find(|e| hook.headers.keys().any(|h| h.eq_ignore_ascii_case(e)));
    match both {
        Some(name) => Err(format!("encryptedHeaders: {name} is also in headers")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests;
