//! Deliveries as Qlik makes them (qlik.dev "Verify webhook signatures using HMAC", the
//! AppReloadFinished event): signed over the raw body, retried on the emulated clock while
//! the receiver is down, and only where the webhook's filter lets the event through.

use super::receiver::{Api, PATIENCE, Receiver, hmac_hex};
use super::{RELOAD_FINISHED, SECRET};
use crate::helpers::{TestApp, wait_until};
use reqwest::Method;
use serde_json::{Value, json};

fn hook_to(url: String) -> Value {
    json!({
        "name": "Reload alerts", "url": url, "eventTypes": [RELOAD_FINISHED], "secret": SECRET,
        "headers": {"X-Team": "data"}, "encryptedHeaders": {"Authorization": "Bearer hidden"},
    })
}

/// A webhook to a fresh receiver, and one reload of the source app: the API, the receiver,
/// the webhook and the reload's id.
async fn one_reload(app: &TestApp) -> (Api<'_>, Receiver, Value, String) {
    let api = Api::new(app).await;
    let receiver = Receiver::start().await;
    let hook = api.hook(hook_to(receiver.url("/qlik"))).await;
    let reload_id = api.reload().await;
    (api, receiver, hook, reload_id)
}

#[tokio::test]
async fn a_reload_delivers_a_signed_app_reload_finished() {
    let app = TestApp::bare().await;
    let (api, receiver, _, reload_id) = one_reload(&app).await;
    let got = receiver.wait_for("/qlik", 1).await;
    let first = &got[0];
    assert_eq!(
        first.header("qlik-signature"),
        hmac_hex(SECRET, &first.body),
        "the signature is the HMAC-SHA256 of the raw body"
    );
    assert_eq!(first.header("content-type"), "application/json");
    assert_eq!(first.header("user-agent"), "Qlik Webhook");
    assert_eq!(first.header("x-team"), "data");
    assert_eq!(first.header("authorization"), "Bearer hidden");
    let event = first.json();
    assert_eq!(
        serde_json::to_string(&event).unwrap().as_bytes(),
        &first.body[..],
        "minified JSON"
    );
    assert_eq!(event["type"], RELOAD_FINISHED);
    assert_eq!(event["source"], "com.qlik/engine");
    assert_eq!(
        (&event["specversion"], &event["datacontenttype"]),
        (&json!("1.0"), &json!("application/json"))
    );
    assert_eq!(event["toplevelresourceid"], json!(api.app_id));
    assert!(event["id"].is_string() && event["time"].is_string() && event["tenantid"].is_string());
    let data = &event["data"];
    assert_eq!(data["reloadId"], json!(reload_id));
    assert_eq!(data["status"], "ok");
    assert_eq!(
        (&data["rowLimit"], &data["statements"]),
        (&json!(-1), &json!([]))
    );
    assert!(
        data["name"].is_string() && data["duration"].is_number() && data["endTime"].is_string()
    );
}

#[tokio::test]
async fn a_delivery_is_recorded_as_sent_and_resent_as_the_same_bytes() {
    let app = TestApp::bare().await;
    let (api, receiver, hook, _) = one_reload(&app).await;
    let got = receiver.wait_for("/qlik", 1).await;
    let event = got[0].json();
    // Qlik records the delivery once the receiver has answered.
    let deliveries = wait_until("the delivery recorded", PATIENCE, || async {
        let recorded = api.deliveries(&hook, "").await;
        (!recorded.is_empty()).then_some(recorded)
    })
    .await;
    assert_eq!(deliveries.len(), 1, "{deliveries:?}");
    let delivery = &deliveries[0];
    assert_eq!(
        (
            &delivery["status"],
            &delivery["eventType"],
            &delivery["webhookId"]
        ),
        (&json!("success"), &json!(RELOAD_FINISHED), &hook["id"])
    );
    assert_eq!(
        delivery["request"]["headers"]["Authorization"],
        "**OMITTED**"
    );
    assert_eq!(delivery["request"]["body"], event);
    assert_eq!(delivery["response"]["statusCode"], 200);
    assert_eq!(delivery["response"]["body"], "received");
    let one = format!(
        "/api/v1/webhooks/{}/deliveries/{}",
        hook["id"].as_str().unwrap(),
        delivery["id"].as_str().unwrap()
    );
    let (status, read) = api.call(Method::GET, &one, None).await;
    assert_eq!((status, &read), (200, delivery));

    // A resend posts the same bytes again as a new delivery.
    let (status, resent) = api
        .call(Method::POST, &format!("{one}/actions/resend"), None)
        .await;
    assert_eq!(status, 201, "{resent}");
    assert_ne!(resent["id"], delivery["id"]);
    assert_eq!(resent["status"], "success");
    let got = receiver.wait_for("/qlik", 2).await;
    assert_eq!(got[1].body, got[0].body);
    assert_eq!(
        got[1].header("qlik-signature"),
        got[0].header("qlik-signature")
    );
}

#[tokio::test]
async fn a_failing_reload_delivers_an_error() {
    let app = TestApp::bare().await;
    let (api, receiver, _, reload_id) = one_reload(&app).await;
    receiver.wait_for("/qlik", 1).await;
    // A failing reload is an "error".
    api.ended(&reload_id).await;
    let knobs = json!({ "failReloadApps": [api.app_id] });
    api.control(Method::PUT, "/knobs", knobs).await;
    let failed_id = api.reload().await;
    let got = receiver.wait_for("/qlik", 2).await;
    let failed = got[1].json();
    assert_eq!(failed["data"]["reloadId"], json!(failed_id));
    assert_eq!(failed["data"]["status"], "error");
    assert_eq!(
        got[1].header("qlik-signature"),
        hmac_hex(SECRET, &got[1].body)
    );
}

#[tokio::test]
async fn a_receiver_that_is_down_gets_the_event_once_it_is_back() {
    let app = TestApp::bare().await;
    let api = Api::new(&app).await;
    let receiver = Receiver::start().await;
    receiver.gate.set_down(true);
    let hook = api.hook(hook_to(receiver.url("/down"))).await;
    let reload_id = api.reload().await;

    let failed = wait_until("a failed delivery", PATIENCE, || async {
        api.deliveries(&hook, "?status=fail").await.pop()
    })
    .await;
    assert!(
        receiver.gate.connections() >= 1,
        "the delivery reached the gate"
    );
    assert!(receiver.at("/down").is_empty());
    assert!(
        failed["statusMessage"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{failed}"
    );
    assert!(failed.get("response").is_none(), "no answer came: {failed}");
    assert_eq!(
        failed["request"]["body"]["data"]["reloadId"],
        json!(reload_id)
    );

    // Back up, and a minute later (emulated) the retry delivers the same payload.
    receiver.gate.set_down(false);
    api.control(Method::POST, "/clock", json!({ "advanceSeconds": 61 }))
        .await;
    let got = receiver.wait_for("/down", 1).await;
    assert_eq!(got[0].json(), failed["request"]["body"]);
    assert_eq!(
        got[0].header("qlik-signature"),
        hmac_hex(SECRET, &got[0].body)
    );
    let success = wait_until("the successful retry recorded", PATIENCE, || async {
        api.deliveries(&hook, "?status=success").await.pop()
    })
    .await;
    assert_eq!(success["request"]["body"], failed["request"]["body"]);
    assert_eq!(api.deliveries(&hook, "").await.len(), 2, "one attempt each");

    // A successful attempt ends the retries: nothing is left due, however late it gets.
    api.control(Method::POST, "/clock", json!({ "advanceSeconds": 3600 }))
        .await;
    {
        let world = app.emulator.state.lock();
        let pending = world
            .tenants
            .values()
            .flat_map(|t| t.webhook_deliveries.values())
            .filter(|d| d.retry_at.is_some())
            .count();
        assert_eq!(pending, 0);
    }
    assert_eq!(api.deliveries(&hook, "").await.len(), 2);
    assert_eq!(receiver.at("/down").len(), 1, "delivered once");
}

#[tokio::test]
async fn a_filter_on_data_status_delivers_only_failures() {
    let app = TestApp::bare().await;
    let api = Api::new(&app).await;
    let receiver = Receiver::start().await;
    api.hook(hook_to(receiver.url("/all"))).await;
    let mut errors_only = hook_to(receiver.url("/errors"));
    errors_only["filter"] = json!("data.status eq \"error\"");
    let filtered = api.hook(errors_only).await;
    assert_eq!(filtered["filter"], "data.status eq \"error\"");

    let ok_id = api.reload().await;
    receiver.wait_for("/all", 1).await;
    // Both webhooks were weighed when the event was emitted, before /all got it.
    assert!(
        receiver.at("/errors").is_empty(),
        "a success is filtered out"
    );

    api.ended(&ok_id).await;
    let knobs = json!({ "failReloadApps": [api.app_id] });
    api.control(Method::PUT, "/knobs", knobs).await;
    let failed_id = api.reload().await;
    let errors = receiver.wait_for("/errors", 1).await;
    assert_eq!(errors.len(), 1);
    let event = errors[0].json();
    assert_eq!(
        (&event["data"]["status"], &event["data"]["reloadId"]),
        (&json!("error"), &json!(failed_id))
    );
    assert_eq!(receiver.wait_for("/all", 2).await.len(), 2);
}
