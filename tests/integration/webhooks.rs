//! Reload events by webhook: with a public URL, apply gives each tenant a signed webhook; a
//! failing scheduled reload arrives by it (nothing polls), is retried and shows first with its
//! log line; forged, unsigned, stale, foreign and replayed deliveries are refused; a delivery
//! that found the hub down arrives on Qlik's retry; a webhook deleted by hand is drift.

use crate::helpers::https_gate::HttpsGate;
use crate::helpers::{TestApp, admin_token, wait_until};
use crate::lists::{bearer, call};
use crate::refresh::{a_day_passes, sales, schedule_acme};
use crate::reloads::knobs;
use oem_hub::domain::{CustomerSlug, ModuleKey, ReloadOutcome, ReloadTrigger};
use oem_hub::provision::events::sign;
use oem_hub::store::{Observed, ReloadRecord, Sealed};
use oem_hub::wire::FreshnessRow;
use reqwest::Method;
use secrecy::ExposeSecret;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::time::Duration;

/// A hub whose public URL is an HTTPS gate in front of it (Qlik delivers to HTTPS only).
async fn public_hub() -> (TestApp, HttpsGate) {
    // The gate needs the hub's address and the hub its URL: the gate starts first, pointing
    // at the discard port, and is re-pointed once the hub listens.
    let gate = HttpsGate::start(SocketAddr::from(([127, 0, 0, 1], 9))).await;
    let app = TestApp::spawn_public(&gate.url()).await;
    let hub: SocketAddr = app
        .hub_url
        .trim_start_matches("http://")
        .parse()
        .expect("the hub listens on an address");
    gate.retarget(hub);
    (app, gate)
}

fn acme() -> CustomerSlug {
    CustomerSlug::parse("acme").expect("slug")
}

async fn observed(app: &TestApp) -> Observed {
    app.store.get_state(&acme()).await.expect("state").observed
}

async fn history(app: &TestApp) -> Vec<ReloadRecord> {
    let module = ModuleKey::parse("sales").expect("key");
    let recent = app.store.recent_reloads(&acme(), &module, 10).await;
    recent.expect("history")
}

/// acme's webhook deliveries as the emulator lists them (newest first, UNCONFIRMED order).
async fn deliveries(app: &TestApp) -> Vec<Value> {
    let o = observed(app).await;
    let host = o.hostname.expect("a tenant");
    let id = o.reload_webhook_id.expect("a webhook");
    let token = bearer(app, &host).await;
    let path = format!("/api/v1/webhooks/{id}/deliveries");
    let (status, body) = call(app, &host, &token, (Method::GET, &path), None).await;
    assert_eq!(status, 200, "{body}");
    body["data"].as_array().cloned().unwrap_or_default()
}

/// Posts `body` to acme's event endpoint with `signature`; the status and error body.
async fn deliver(app: &TestApp, body: &[u8], signature: Option<&str>) -> (u16, Value) {
    let mut req = app
        .http
        .post(format!("{}/api/v1/qlik-events/acme", app.hub_url))
        .header("content-type", "application/json")
        .body(body.to_vec());
    if let Some(signature) = signature {
        req = req.header("qlik-signature", signature);
    }
    let resp = req.send().await.expect("the hub answers");
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// acme's webhook secret, as the hub holds it (sealed with the demo's key).
async fn secret(app: &TestApp) -> String {
    let sealed = observed(app).await.reload_webhook_secret_sealed;
    let key = oem_hub::cli::demo::demo_sealing_key(&app.data_dir).expect("the demo's key");
    let secret = key.open(&Sealed(sealed.expect("sealed secret")));
    secret.expect("opens").expose_secret().to_owned()
}

#[tokio::test]
async fn a_failing_scheduled_reload_arrives_by_signed_webhook_and_is_retried() {
    let (app, gate) = public_hub().await;
    let token = admin_token(&app.store, "hooks").await;
    schedule_acme(&app, &token).await;
    let o = observed(&app).await;
    let url = format!("{}/api/v1/qlik-events/acme", gate.url());
    assert_eq!(o.reload_webhook_url.as_deref(), Some(url.as_str()));
    let host = o.hostname.clone().expect("a tenant");
    let hook = app
        .qlik()
        .tenant(&host)
        .get_webhook(&o.reload_webhook_id.expect("id"))
        .await;
    assert!(hook.expect("on the tenant").delivers_reloads_to(&url));

    let (_, d) = sales(&app).await;
    let published = d.published_app_id.expect("published");
    knobs(&app, json!({"failReloadApps": [published.as_str()]})).await;
    a_day_passes(&app).await;
    // Nothing polls here: the hub's watcher looks at webhook customers every tenth pass only.
    let recent = wait_until(
        "a failure and two retries",
        Duration::from_secs(60),
        || async {
            let recent = history(&app).await;
            let ended = recent.iter().all(|r| r.status != ReloadOutcome::Running);
            (recent.len() == 3 && ended).then_some(recent)
        },
    )
    .await;
    let triggers: Vec<ReloadTrigger> = recent.iter().rev().map(|r| r.trigger).collect();
    use ReloadTrigger::{Retry, Schedule};
    assert_eq!(triggers, [Schedule, Retry, Retry]);
    assert!(recent.iter().all(|r| r.status == ReloadOutcome::Failed));
    assert!(gate.connections() >= 3, "the events came through the gate");
    let rows: Vec<FreshnessRow> = app
        .rest(&token)
        .call(Method::GET, "/api/v1/freshness", None::<&()>)
        .await
        .expect("freshness");
    assert_eq!(rows[0].customer, acme());
    let log = rows[0].failure_log.as_deref().unwrap_or_default();
    assert!(log.contains("injected reload failure"), "{log}");
}

#[tokio::test]
async fn forged_unsigned_stale_foreign_and_replayed_deliveries_are_refused() {
    let (app, _gate) = public_hub().await;
    let token = admin_token(&app.store, "hooks-refused").await;
    schedule_acme(&app, &token).await;
    a_day_passes(&app).await;
    wait_until(
        "the scheduled reload, by webhook",
        Duration::from_secs(60),
        || async {
            let recent = history(&app).await;
            recent
                .first()
                .filter(|r| r.status == ReloadOutcome::Succeeded)
                .cloned()
        },
    )
    .await;
    let delivered = wait_until("a successful delivery", Duration::from_secs(10), || async {
        deliveries(&app)
            .await
            .into_iter()
            .find(|d| d["status"] == "success")
    })
    .await;
    let body = match &delivered["request"]["body"] {
        Value::String(raw) => raw.clone().into_bytes(),
        parsed => serde_json::to_vec(parsed).expect("the delivered body"),
    };
    let headers = &delivered["request"]["headers"];
    let signature = ["Qlik-Signature", "qlik-signature"]
        .iter()
        .find_map(|h| headers[*h].as_str())
        .expect("a signed delivery")
        .to_owned();

    let (status, error) = deliver(&app, &body, Some(&signature)).await;
    assert_eq!(status, 409, "a replay: {error}");
    assert!(
        error["message"]
            .as_str()
            .unwrap_or_default()
            .contains("already received")
    );
    let (status, _) = deliver(&app, &body, None).await;
    assert_eq!(status, 401, "unsigned");
    let (status, _) = deliver(&app, &body, Some(&sign(&"x".repeat(48), &body))).await;
    assert_eq!(status, 401, "signed with another secret");
    let mut tampered: Value = serde_json::from_slice(&body).expect("json");
    tampered["id"] = json!("another-event");
    let tampered = serde_json::to_vec(&tampered).expect("json");
    let (status, _) = deliver(&app, &tampered, Some(&signature)).await;
    assert_eq!(status, 401, "a body changed after signing");

    let secret = secret(&app).await;
    let fresh = |id: &str, time: String, tenant: &Value| {
        let mut event: Value = serde_json::from_slice(&body).expect("json");
        event["id"] = json!(id);
        event["time"] = json!(time);
        event["tenantid"] = tenant.clone();
        serde_json::to_vec(&event).expect("json")
    };
    let tenant = serde_json::from_slice::<Value>(&body).expect("json")["tenantid"].clone();
    let two_days_ago = (chrono::Utc::now() - chrono::Duration::days(2)).to_rfc3339();
    let stale = fresh("stale-1", two_days_ago, &tenant);
    let (status, error) = deliver(&app, &stale, Some(&sign(&secret, &stale))).await;
    assert_eq!(status, 409, "stale: {error}");
    let foreign = fresh(
        "foreign-1",
        chrono::Utc::now().to_rfc3339(),
        &json!("another"),
    );
    let (status, _) = deliver(&app, &foreign, Some(&sign(&secret, &foreign))).await;
    assert_eq!(status, 403, "another tenant's event");
    let again = fresh("again-1", chrono::Utc::now().to_rfc3339(), &tenant);
    let (status, error) = deliver(&app, &again, Some(&sign(&secret, &again))).await;
    assert_eq!(
        status, 204,
        "a new event of the same reload is believed: {error}"
    );

    let unknown = app
        .http
        .post(format!("{}/api/v1/qlik-events/nobody", app.hub_url))
        .header("qlik-signature", &signature)
        .body(body.clone())
        .send()
        .await
        .expect("answers");
    assert_eq!(unknown.status().as_u16(), 401, "no slug probing");
    // acme's signed delivery posted as another customer's is not believed there.
    let crossed = app
        .http
        .post(format!("{}/api/v1/qlik-events/globex", app.hub_url))
        .header("qlik-signature", &signature)
        .body(body.clone())
        .send()
        .await
        .expect("answers");
    assert_eq!(
        crossed.status().as_u16(),
        401,
        "one customer's secret opens no other"
    );
}

#[tokio::test]
async fn a_delivery_that_finds_the_hub_down_arrives_on_qliks_retry() {
    let (app, gate) = public_hub().await;
    let token = admin_token(&app.store, "hooks-down").await;
    schedule_acme(&app, &token).await;
    gate.set_down(true);
    a_day_passes(&app).await;
    wait_until("a failed delivery", Duration::from_secs(30), || async {
        let all = deliveries(&app).await;
        all.iter().any(|d| d["status"] == "fail").then_some(())
    })
    .await;
    assert!(history(&app).await.is_empty(), "nothing arrived while down");
    gate.set_down(false);
    let advance = json!({"advanceSeconds": 3_600});
    let moved = app
        .emulator_request(Method::POST, "control.localhost", "/clock")
        .json(&advance)
        .send()
        .await
        .expect("control answers");
    assert!(moved.status().is_success());
    let recorded = wait_until("the retried delivery", Duration::from_secs(30), || async {
        history(&app).await.into_iter().next()
    })
    .await;
    assert_eq!(recorded.trigger, ReloadTrigger::Schedule);
}

#[tokio::test]
async fn a_webhook_deleted_by_hand_is_drift_that_apply_restores() {
    let (app, _gate) = public_hub().await;
    let token = admin_token(&app.store, "hooks-drift").await;
    app.provision("acme").await;
    let o = observed(&app).await;
    let host = o.hostname.clone().expect("a tenant");
    let old = o.reload_webhook_id.clone().expect("a webhook");
    app.qlik()
        .tenant(&host)
        .delete_webhook(&old)
        .await
        .expect("deleted by hand");

    let rest = app.rest(&token);
    let plan = rest.plan("acme", true).await.expect("plan --refresh");
    let labels: Vec<String> = plan.steps.iter().map(|s| s.label()).collect();
    assert_eq!(labels, ["reload events webhook"]);
    let (status, job) = rest
        .raw(
            Method::POST,
            "/api/v1/customers/acme/apply?refresh=true",
            None,
        )
        .await;
    assert_eq!(status, 202, "{job}");
    let id = job["id"].as_str().expect("a job");
    let done = crate::helpers::job_done(&app.engine(), id).await;
    assert_eq!(done.state, oem_hub::store::JobState::Succeeded, "{done:?}");
    let now = observed(&app)
        .await
        .reload_webhook_id
        .expect("a new webhook");
    assert_ne!(now, old);
    assert!(app.qlik().tenant(&host).get_webhook(&now).await.is_ok());
}

#[tokio::test]
async fn a_hub_without_a_public_url_makes_no_webhook() {
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    let o = observed(&app).await;
    assert!(o.reload_webhook_id.is_none() && o.reload_webhook_secret_sealed.is_none());
}
