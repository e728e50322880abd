//! Point 9: Qlik is eventually consistent. With the emulator's `propagationMs` knob, a just
//! created app answers 403 and a just created space 404 for a while; an apply waits that out
//! instead of failing its job.

use crate::helpers::TestApp;
use crate::provision::add_customer;
use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;

async fn set_lag(app: &TestApp, ms: u64) {
    let resp = app
        .emulator_request(Method::PUT, "control.localhost", "/knobs")
        .json(&json!({ "propagationMs": ms }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
}

#[tokio::test]
async fn new_apps_and_spaces_become_visible_after_the_lag() {
    let app = TestApp::bare().await;
    set_lag(&app, 1500).await;
    let host = crate::helpers::source_host(&app.source);
    let qlik = app.qlik();
    let space = qlik
        .tenant(&host)
        .create_space("Fresh", "shared")
        .await
        .unwrap();
    let token = crate::lists::bearer(&app, &host).await;
    let (status, _) = crate::lists::call(
        &app,
        &host,
        &token,
        (Method::GET, &format!("/api/v1/spaces/{}", space.id)),
        None,
    )
    .await;
    assert_eq!(status, 404, "a just-created space is not there yet");
    let path = format!("/api/v1/spaces/{}", space.id);
    let body: Value = crate::helpers::wait_until("the space", Duration::from_secs(10), || async {
        let (status, body) =
            crate::lists::call(&app, &host, &token, (Method::GET, &path), None).await;
        (status == 200).then_some(body)
    })
    .await;
    assert_eq!(body["id"].as_str(), Some(space.id.as_str()));
}

#[tokio::test]
async fn onboarding_succeeds_with_a_two_second_lag_and_no_failed_attempt() {
    let app = TestApp::bare().await;
    set_lag(&app, 2000).await;
    let slug = add_customer(&app, "lagco").await;
    let engine = app.engine();
    let (job, _) = engine.enqueue_apply(&slug).await.unwrap();
    let worker = engine.spawn_worker();
    let job = crate::helpers::job_done(&engine, &job.id).await;
    worker.stop().await;
    assert_eq!(job.state, oem_hub::store::JobState::Succeeded, "{job:?}");
    assert_eq!(job.attempts, 1, "no attempt failed: {job:?}");
    let observed = app.store.get_state(&slug).await.unwrap().observed;
    assert!(
        observed
            .deployments
            .values()
            .all(|d| d.published_app_id.is_some()),
        "{observed:?}"
    );
}
