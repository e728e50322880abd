//! The emulator's realism knobs: Qlik's rate limits with `retry-after`, scripted faults the
//! client retries through, injected reload failures — driven through the control host.

use crate::helpers::TestApp;
use reqwest::Method;
use serde_json::{Value, json};

async fn control(app: &TestApp, method: Method, path: &str, body: Value) -> (u16, Value) {
    let response = app
        .emulator_request(method, "control.localhost", path)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn client_waits_out_a_429_and_retries() {
    let app = TestApp::bare().await;
    let fault =
        json!({"path": "/api/v1/licenses/overview", "status": 429, "retryAfter": 1, "count": 1});
    assert_eq!(control(&app, Method::POST, "/faults", fault).await.0, 201);
    let started = std::time::Instant::now();
    let license = app
        .qlik()
        .tenant(&crate::helpers::source_host(&app.source))
        .license_overview()
        .await
        .unwrap();
    assert_eq!(license.license_key, app.source.license_key);
    assert!(
        started.elapsed().as_millis() >= 1000,
        "the client honoured retry-after"
    );
    let (_, stats) = control(&app, Method::GET, "/stats", Value::Null).await;
    assert_eq!(
        (
            stats["stats"]["faultsServed"].as_u64(),
            stats["pendingFaults"].as_u64()
        ),
        (Some(1), Some(0))
    );
}

#[tokio::test]
async fn tier_2_limit_answers_429_with_retry_after_while_tier_1_still_works() {
    let app = TestApp::bare().await;
    let (status, _) = control(&app, Method::PUT, "/knobs", json!({"rateLimits": true})).await;
    assert_eq!(status, 200);
    let host = crate::helpers::source_host(&app.source);
    let token: Value = app
        .emulator_request(Method::POST, &host, "/oauth/token")
        .json(&json!({"grant_type": "client_credentials", "client_id": app.source.client_id, "client_secret": app.source.client_secret}))
        .send().await.unwrap().json().await.unwrap();
    let bearer = token["access_token"].as_str().unwrap().to_owned();
    // Tier 2 is 100 a minute, evaluated over a 5-minute window: 500 at once.
    for n in 0..500 {
        let response = app
            .emulator_request(Method::POST, &host, "/api/v1/groups")
            .bearer_auth(&bearer)
            .json(&json!({"name": format!("g{n}")}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 201, "call {n} is within Tier 2");
    }
    let limited = app
        .emulator_request(Method::POST, &host, "/api/v1/groups")
        .bearer_auth(&bearer)
        .json(&json!({"name": "g500"}))
        .send()
        .await
        .unwrap();
    assert_eq!(limited.status().as_u16(), 429);
    let retry_after: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after >= 1);
    let body: Value = limited.json().await.unwrap();
    assert_eq!(
        (
            body["errors"][0]["code"].as_str(),
            body["errors"][0]["title"].as_str()
        ),
        (Some("HTTP-429"), Some("API rate limit reached."))
    );
    let read = app
        .emulator_request(Method::GET, &host, "/api/v1/groups")
        .bearer_auth(&bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(read.status().as_u16(), 200, "Tier 1 is counted separately");
}

#[tokio::test]
async fn knobs_are_validated_and_reload_failures_can_be_injected() {
    let app = TestApp::bare().await;
    let (status, body) = control(&app, Method::PUT, "/knobs", json!({"errorRate": 2.0})).await;
    assert_eq!(status, 400, "{body}");
    let (status, _) = control(&app, Method::PUT, "/knobs", json!({"bogus": true})).await;
    assert_eq!(status, 400);
    assert_eq!(
        control(&app, Method::PUT, "/knobs", json!({"failReloads": true}))
            .await
            .0,
        200
    );
    let qlik = app.qlik();
    let reload = qlik
        .tenant(&crate::helpers::source_host(&app.source))
        .reload_and_wait(
            &crate::helpers::id(&app.source.apps[0].id),
            std::time::Duration::from_millis(20),
        )
        .await
        .unwrap();
    assert_eq!(reload.status, "FAILED");
    assert!(
        reload
            .error_message
            .unwrap_or_default()
            .contains("injected")
    );
}
