//! The events webhooks subscribe to: the catalogue `GET /api/v1/webhooks/event-types` lists
//! (help.qlik.com "Supported event types for webhooks"), and the payloads emitted.

use crate::emulator::auth::TENANT_ADMIN;
use crate::emulator::ids;
use crate::emulator::state::{EmuReload, EmuTenant};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};

/// An engine reload attempt ended (qlik.dev/apis/event/apps, `AppReloadFinished`).
pub const APP_RELOAD_FINISHED: &str = "com.qlik.v1.app.reload.finished";
/// A reload request reached its final outcome (qlik.dev/apis/event/reloads).
pub const RELOAD_FINISHED: &str = "com.qlik.v1.reload.finished";

/// One entry of `EventTypes.data`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventType {
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub category: &'static str,
    pub levels: &'static [&'static str],
}

const BOTH: &[&str] = &["tenant", "user"];

/// The event types a webhook may subscribe to. The names, titles and levels are those of
/// help.qlik.com's table; `category` is its "Webhook category" column (UNCONFIRMED: the API's
/// spelling). Only the two reload events are ever emitted by the emulator; the others are
/// listed (and may be subscribed to) so that clients see a realistic catalogue.
pub const EVENT_TYPES: &[EventType] = &[
    EventType {
        name: "com.qlik.v1.app.created",
        title: "App created",
        description: "This event is sent when an analytics app is created.",
        category: "Analytics apps",
        levels: BOTH,
    },
    EventType {
        name: "com.qlik.v1.app.exported",
        title: "App exported",
        description: "This event is sent when an app is exported.",
        category: "Analytics apps",
        levels: BOTH,
    },
    EventType {
        name: "com.qlik.v1.app.published",
        title: "App published",
        description: "This event is sent when an analytics app is published to a managed space.",
        category: "Analytics apps",
        levels: BOTH,
    },
    EventType {
        name: "com.qlik.v1.app.deleted",
        title: "App deleted",
        description: "This event is sent when an analytics app is deleted.",
        category: "Analytics apps",
        levels: &["tenant"],
    },
    EventType {
        name: APP_RELOAD_FINISHED,
        title: "App reload finished",
        description: "This event is sent when an analytics app is reloaded and the reload has \
                      finished on the engine. It does not indicate the app has been saved.",
        category: "Analytics apps",
        levels: BOTH,
    },
    EventType {
        name: RELOAD_FINISHED,
        title: "Reload finished",
        description: "This event is sent when a reload has finished and its final outcome is \
                      known; there is one such event per reload.",
        category: "Analytics apps",
        levels: BOTH,
    },
];

/// `EventTypes`.
pub fn catalogue() -> Value {
    let data: Vec<Value> = EVENT_TYPES
        .iter()
        .map(|e| {
            json!({ "name": e.name, "title": e.title, "description": e.description,
                    "category": e.category, "levels": e.levels })
        })
        .collect();
    json!({ "data": data })
}

/// Whether event type `name` may be used at `level`.
pub fn offered_at(name: &str, level: &str) -> bool {
    EVENT_TYPES
        .iter()
        .any(|e| e.name == name && e.levels.contains(&level))
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The events of `reload` having ended: `(type, payload)` for app.reload.finished and
/// reload.finished. SUCCEEDED is `"ok"`; FAILED, EXCEEDED_LIMIT and CANCELED are `"error"`
/// (UNCONFIRMED for CANCELED: the engine's attempt ends unsuccessfully when it is aborted).
pub fn reload_finished(tenant: &EmuTenant, reload: &EmuReload) -> Vec<(&'static str, Value)> {
    let app = tenant.apps.get(&reload.app_id);
    let ended = reload.end_time.unwrap_or_else(Utc::now);
    let started = reload.start_time.unwrap_or(reload.creation_time);
    let ok = reload.status == "SUCCEEDED";
    // UNCONFIRMED: the items' shape (`undefined[]` in qlik.dev's table); messages here.
    let errors: Vec<String> = match reload.status.as_str() {
        "SUCCEEDED" => Vec::new(),
        "CANCELED" => vec!["The reload was canceled.".to_owned()],
        "EXCEEDED_LIMIT" => vec!["The reload exceeded a limit of the tenant.".to_owned()],
        _ => vec![reload.error_message.clone().unwrap_or_default()],
    };
    let memory: usize = app.map_or(0, |a| {
        a.data
            .iter()
            .flat_map(|t| t.rows.iter().flatten())
            .map(String::len)
            .sum()
    });
    // Fields qlik.dev documents without values the emulator knows: UNCONFIRMED values.
    let envelope = |kind: &str, source: &str| {
        json!({
            "id": ids::guid(), "host": tenant.hostnames.first(), "time": stamp(ended),
            "type": kind, "reason": "", "source": source,
            "userid": reload.user_id, "ownerid": app.map(|a| a.owner_id.clone()),
            "spaceid": app.and_then(|a| a.space_id.clone()).unwrap_or_default(),
            "authtype": "user", "clientid": "", "tenantid": tenant.id, "sessionid": "",
            "authclaims": "{}", "specversion": "1.0", "datacontenttype": "application/json",
            "toplevelresourceid": reload.app_id,
        })
    };
    let mut engine = envelope(APP_RELOAD_FINISHED, "com.qlik/engine");
    engine["data"] = json!({
        "name": app.map(|a| a.name.clone()), "size": { "memory": memory },
        "usage": "ANALYTICS", "errors": errors.into_iter().take(5).collect::<Vec<_>>(),
        "status": if ok { "ok" } else { "error" }, "endTime": stamp(ended),
        "duration": (ended - started).num_milliseconds().max(0), "reloadId": reload.id,
        "rowLimit": -1, "warnings": [], "statements": [], "isSkipStore": false,
        "isSessionApp": false, "isPartialReload": reload.partial, "peakMemoryBytes": memory,
        "isDirectQueryMode": false, "endedWithMemoryConstraint": false,
    });
    let mut request = envelope(RELOAD_FINISHED, "com.qlik/reloads");
    // qlik.dev documents `id` (the reload), `type` and `status`; `appId`, `partial` and the
    // times are the Reload resource's members (UNCONFIRMED in the event).
    request["data"] = json!({
        "id": reload.id, "type": reload.kind, "status": reload.status, "appId": reload.app_id,
        "partial": reload.partial, "creationTime": reload.creation_time,
        "startTime": reload.start_time, "endTime": reload.end_time,
    });
    vec![(APP_RELOAD_FINISHED, engine), (RELOAD_FINISHED, request)]
}

/// The values of filter attribute `name` (lowercased, as [`crate::emulator::scim_filter`]
/// asks) in `payload`: `id`, `spaceid` and `toplevelresourceid` are the CloudEvent members
/// of those names (UNCONFIRMED: `id` being the event's, as CloudEvents defines it), dotted
/// names reach into it (`data.status`).
pub fn attribute(payload: &Value, name: &str) -> Vec<String> {
    let pointer = format!("/{}", name.replace('.', "/"));
    payload
        .pointer(&pointer)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .into_iter()
        .collect()
}

/// Whether `user_id` may see the resource an event is about: a user level webhook only gets
/// events of resources "accessible by the webhook-creator" (`webhooks.d.ts` `level`).
pub fn visible_to(tenant: &EmuTenant, payload: &Value, user_id: &str) -> bool {
    if tenant.has_role(user_id, TENANT_ADMIN) {
        return true;
    }
    let app = payload["toplevelresourceid"].as_str().unwrap_or_default();
    tenant
        .apps
        .get(app)
        .is_some_and(|a| tenant.can_view(user_id, a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_attributes_read_the_payload() {
        let payload = json!({"id": "e1", "spaceid": "s1", "toplevelresourceid": "a1",
                             "data": {"status": "error", "duration": 5}});
        for (name, want) in [
            ("id", vec!["e1"]),
            ("spaceid", vec!["s1"]),
            ("toplevelresourceid", vec!["a1"]),
            ("data.status", vec!["error"]),
            ("data.duration", vec![]),
            ("nope", vec![]),
        ] {
            assert_eq!(attribute(&payload, name), want, "{name}");
        }
    }

    #[test]
    fn the_catalogue_offers_each_type_at_its_levels() {
        assert!(offered_at(APP_RELOAD_FINISHED, "user"));
        assert!(offered_at("com.qlik.v1.app.deleted", "tenant"));
        assert!(!offered_at("com.qlik.v1.app.deleted", "user"));
        assert!(!offered_at("com.qlik.v1.nope", "tenant"));
        assert_eq!(catalogue()["data"].as_array().map(Vec::len), Some(6));
    }
}
