//! Scenario steps of the Webhooks API and the app reload logs: a webhook created before the
//! apps steps cancel a reload (whose event it fails to deliver to a closed port), then its
//! deliveries read and resent, the webhook read, changed and deleted, the logs read.

use super::NOPE;
use crate::fidelity::shapes::run::{Step, err, ok};
use serde_json::{Value, json};

const HOOKS: &str = "/api/v1/webhooks";

/// A webhook of every reload's end in the tenant, to a port nothing listens on.
fn hook(name: &str) -> Value {
    json!({
        "name": name, "url": "https://localhost:1/shapes",
        "eventTypes": ["com.qlik.v1.app.reload.finished"],
        "secret": "shapes-secret-of-thirty-two-chars-000", "headers": {"X-Shapes": "1"},
    })
}

/// Before the apps steps: the webhook.
pub fn before() -> Vec<Step> {
    vec![
        ok("POST", HOOKS, HOOKS)
            .json(hook("Shapes hook"))
            .capture("hook", "/id"),
        err("POST", HOOKS, HOOKS).json(json!({"name": "x", "url": "http://shapes.example"})),
    ]
}

/// After the tasks steps: the rest.
pub fn after() -> Vec<Step> {
    let (one, types) = ("/api/v1/webhooks/{id}", "/api/v1/webhooks/event-types");
    let deliveries = "/api/v1/webhooks/{id}/deliveries";
    let delivery = "/api/v1/webhooks/{id}/deliveries/{deliveryId}";
    let resend = "/api/v1/webhooks/{id}/deliveries/{deliveryId}/actions/resend";
    let (logs, log) = (
        "/api/v1/apps/{appId}/reloads/logs",
        "/api/v1/apps/{appId}/reloads/logs/{reloadId}",
    );
    let describe = json!([{"op": "replace", "path": "/description", "value": "shapes"}]);
    let mut steps = vec![
        ok("GET", deliveries, "/api/v1/webhooks/{hook}/deliveries")
            .capture("delivery", "/data/0/id")
            .polled(),
        err(
            "GET",
            deliveries,
            &format!("/api/v1/webhooks/{NOPE}/deliveries"),
        ),
        ok(
            "GET",
            delivery,
            "/api/v1/webhooks/{hook}/deliveries/{delivery}",
        ),
        err(
            "GET",
            delivery,
            &format!("/api/v1/webhooks/{{hook}}/deliveries/{NOPE}"),
        ),
        ok(
            "POST",
            resend,
            "/api/v1/webhooks/{hook}/deliveries/{delivery}/actions/resend",
        ),
        err(
            "POST",
            resend,
            &format!("/api/v1/webhooks/{{hook}}/deliveries/{NOPE}/actions/resend"),
        ),
        ok("GET", HOOKS, "/api/v1/webhooks?sort=-name"),
        err("GET", HOOKS, "/api/v1/webhooks?limit=1000"),
        ok("GET", types, types),
        err("GET", types, types).anonymous(),
        ok("GET", one, "/api/v1/webhooks/{hook}"),
        err("GET", one, &format!("/api/v1/webhooks/{NOPE}")),
        ok("PATCH", one, "/api/v1/webhooks/{hook}").json(describe.clone()),
        err("PATCH", one, &format!("/api/v1/webhooks/{NOPE}")).json(describe),
        ok("PUT", one, "/api/v1/webhooks/{hook}").json(hook("Shapes hook renamed")),
        err("PUT", one, &format!("/api/v1/webhooks/{NOPE}")).json(hook("Nope")),
        ok("DELETE", one, "/api/v1/webhooks/{hook}"),
        err("DELETE", one, "/api/v1/webhooks/{hook}"),
    ];
    steps.extend([
        ok("GET", logs, "/api/v1/apps/{copy}/reloads/logs"),
        err("GET", logs, &format!("/api/v1/apps/{NOPE}/reloads/logs")),
        ok("GET", log, "/api/v1/apps/{copy}/reloads/logs/{reload}"),
        err(
            "GET",
            log,
            &format!("/api/v1/apps/{{copy}}/reloads/logs/{NOPE}"),
        ),
    ]);
    steps
}
