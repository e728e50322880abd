//! Adoption without an admin: the engine's periodic sync picks up what the site distributed,
//! and records why a pass failed on the deployment.

use crate::helpers::TestApp;
use crate::hybrid_site::{Hub, SITE, distribute, sales_insights, site_deployment};
use oem_hub::domain::{CustomerSlug, HybridAppStatus};
use reqwest::Method;
use serde_json::json;
use std::time::Duration;

async fn wait_until<F, Fut>(what: &str, mut done: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let limit = Duration::from_secs(30);
    crate::helpers::wait_until(what, limit, || {
        let done = done();
        async move { done.await.then_some(()) }
    })
    .await
}

#[tokio::test]
async fn distributed_apps_are_adopted_by_the_periodic_sync() {
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    let hub = Hub::new(&app).await;
    let acme = CustomerSlug::parse("acme").unwrap();
    let setup = json!({"site_host": SITE, "deployment_name": "acme auto"});
    let view = hub
        .view(Method::PUT, "/customers/acme/hybrid", Some(setup))
        .await;
    let (deployment, token) = site_deployment(&app, &view.values).await;
    let (status, _) = hub
        .call(
            Method::PUT,
            "/customers/acme/hybrid/token",
            Some(json!({"token": token})),
        )
        .await;
    assert_eq!(status, 200);

    // A second engine on the same database, syncing every 50 ms.
    let engine = app.engine();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let syncing = tokio::spawn(async move {
        engine
            .run_hybrid_sync(async move {
                let _ = stopped.await;
            })
            .await;
    });
    let (status, sales) = distribute(&app, &deployment, sales_insights("Overview")).await;
    assert_eq!(status, 200);
    let sales_id = sales["appId"].as_str().unwrap().to_owned();
    wait_until("the app to be adopted", || async {
        let apps = app.store.hybrid_apps(&acme).await.unwrap();
        apps.iter()
            .any(|a| a.app_id.as_str() == sales_id && a.status == HybridAppStatus::Adopted)
    })
    .await;
    // The pass writes the deployment's status after it records the app.
    wait_until("the status to name the app", || async {
        let record = app.store.hybrid_deployment(&acme).await.unwrap().unwrap();
        record.status_detail.contains("serves 1 app(s)")
    })
    .await;
    let record = app.store.hybrid_deployment(&acme).await.unwrap().unwrap();

    // An app that was not distributed again is not read again: with its script unreadable,
    // a pass still succeeds.
    let fault =
        json!({"path": format!("/api/v1/apps/{sales_id}/scripts"), "status": 500, "count": 1000});
    let resp = app
        .emulator_request(Method::POST, "control.localhost", "/faults")
        .json(&fault)
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success());
    assert_eq!(app.engine().hybrid_sync_once().await, 1);

    // The tenant loses its IdP: the next pass fails and says what to do.
    let tenant = app
        .store
        .get_state(&acme)
        .await
        .unwrap()
        .observed
        .hostname
        .unwrap();
    app.qlik()
        .tenant(&tenant)
        .delete_identity_provider(record.idp_id.as_ref().unwrap())
        .await
        .unwrap();
    wait_until("the failure to be recorded", || async {
        let record = app.store.hybrid_deployment(&acme).await.unwrap().unwrap();
        record
            .status_detail
            .contains("the last automatic sync failed")
            && record.status_detail.contains("reconcile")
    })
    .await;
    stop.send(()).unwrap();
    syncing.await.unwrap();
}
