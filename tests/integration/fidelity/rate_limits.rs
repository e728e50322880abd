//! Rate-limit fidelity (issue 14, point 8): Qlik counts per tier, per user, per tenant over a
//! 5-minute window, so a fresh token does not reset the budget and hub replicas sharing one
//! bot user share it too, and get 429s whose `retry-after` the client waits out.

use crate::helpers::TestApp;
use crate::users_spaces::bearer;
use oem_hub::qlik::{CallObserver, CallRecord};
use reqwest::Method;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

/// `POST /api/v1/reloads/{id}/actions/cancel`: in the reload tier (50 a minute, 250 per 5
/// minutes); an unknown id costs nothing but the call.
const CANCEL: &str = "/api/v1/reloads/no-such-reload/actions/cancel";

async fn control(app: &TestApp, path: &str, body: Value) -> u16 {
    let method = if path == "/knobs" {
        Method::PUT
    } else {
        Method::POST
    };
    app.emulator_request(method, "control.localhost", path)
        .json(&body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn cancel(
    app: &TestApp,
    host: &(impl std::fmt::Display + ?Sized),
    token: &str,
) -> reqwest::Response {
    app.emulator_request(Method::POST, host, CANCEL)
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

/// Spends the bot user's whole reload-tier window.
async fn spend_reload_window(app: &TestApp, host: &(impl std::fmt::Display + ?Sized), token: &str) {
    for n in 0..250 {
        let status = cancel(app, host, token).await.status().as_u16();
        assert_ne!(status, 429, "call {n} is within the 5-minute window");
    }
}

#[tokio::test]
async fn a_second_token_for_the_same_bot_user_draws_on_the_same_budget() {
    let app = TestApp::bare().await;
    assert_eq!(
        control(&app, "/knobs", json!({"rateLimits": true})).await,
        200
    );
    let host = crate::helpers::source_host(&app.source);
    let first = bearer(&app, &host).await;
    spend_reload_window(&app, &host, &first).await;
    assert_eq!(cancel(&app, &host, &first).await.status().as_u16(), 429);

    let second = bearer(&app, &host).await;
    assert_ne!(first, second, "a fresh token");
    let limited = cancel(&app, &host, &second).await;
    assert_eq!(limited.status().as_u16(), 429, "the same user's budget");
    let retry_after: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=300).contains(&retry_after), "{retry_after}");

    // Another user of the tenant has a budget of its own.
    let admin = crate::users_write::admin(&app, &host, &second);
    admin(
        Method::POST,
        "/api/v1/users",
        json!({"subject": "saas|ada"}),
    )
    .send()
    .await
    .unwrap();
    let ada: Value = app
        .emulator_request(Method::POST, &host, "/oauth/token")
        .json(
            &json!({"client_id": app.source.client_id, "client_secret": app.source.client_secret,
            "grant_type": "urn:qlik:oauth:user-impersonation",
            "user_lookup": {"field": "subject", "value": "saas|ada"}}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ada = ada["access_token"].as_str().unwrap();
    assert_eq!(cancel(&app, &host, ada).await.status().as_u16(), 404);

    // Once the window has passed, the bot may call again.
    assert_eq!(
        control(&app, "/clock", json!({"advanceSeconds": 300})).await,
        200
    );
    assert_eq!(cancel(&app, &host, &second).await.status().as_u16(), 404);
}

/// Every status a client saw, by path.
#[derive(Debug, Default)]
struct Seen(Mutex<Vec<(String, Option<u16>)>>);

impl CallObserver for Seen {
    fn observe(&self, record: CallRecord) {
        self.0.lock().unwrap().push((record.path, record.status));
    }
}

impl Seen {
    fn saw(&self, path: &str, status: u16) -> bool {
        let seen = self.0.lock().unwrap();
        seen.iter().any(|(p, s)| p == path && *s == Some(status))
    }
}

#[tokio::test]
async fn hub_replicas_sharing_a_bot_user_see_the_429s_and_wait_out_retry_after() {
    let app = TestApp::bare().await;
    assert_eq!(
        control(&app, "/knobs", json!({"rateLimits": true})).await,
        200
    );
    let host = crate::helpers::source_host(&app.source);
    // Some other process of the partner's, as the same bot user, spent the window …
    spend_reload_window(&app, &host, &bearer(&app, &host).await).await;
    // … nearly five minutes ago: it frees in a second.
    assert_eq!(
        control(&app, "/clock", json!({"advanceSeconds": 299})).await,
        200
    );

    // Two hub replicas: each its own token cache and pacing, one bot user between them.
    let (seen_a, seen_b) = (Arc::new(Seen::default()), Arc::new(Seen::default()));
    let replica_a = app.qlik().with_observer(seen_a.clone());
    let replica_b = app.qlik().with_observer(seen_b.clone());
    let apps: [oem_hub::domain::AppId; 2] = [
        crate::helpers::id(&app.source.apps[0].id),
        crate::helpers::id(&app.source.apps[1].id),
    ];
    let none = std::collections::BTreeMap::new();
    let started = std::time::Instant::now();
    let (a, b) = tokio::join!(
        replica_a.tenant(&host).start_reload(&apps[0], &none),
        replica_b.tenant(&host).start_reload(&apps[1], &none),
    );
    assert!(a.is_ok() && b.is_ok(), "{a:?} {b:?}");
    assert!(
        seen_a.saw("/api/v1/reloads", 429) && seen_b.saw("/api/v1/reloads", 429),
        "both replicas were limited: {seen_a:?} {seen_b:?}"
    );
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(1),
        "the client waited out retry-after"
    );
}
