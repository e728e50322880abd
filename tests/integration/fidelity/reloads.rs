//! Reloads, export and datacenter fidelity (issue 14, point 10): every end status of
//! @qlik/api's `Reload`, cancelling, the 429 for a second pending reload, both export
//! answers, and the datacenter sent for each region.

use crate::helpers::TestApp;
use crate::provision::add_customer;
use crate::users_spaces::bearer;
use oem_hub::domain::Region;
use oem_hub::emulator::seed::seed_regional_client;
use oem_hub::provision::ProvisionError;
use oem_hub::qlik::{CallObserver, CallRecord, Credentials, ReloadStatus};
use reqwest::Method;
use secrecy::SecretString;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

async fn knobs(app: &TestApp, knobs: Value) {
    let resp = app
        .emulator_request(Method::PUT, "control.localhost", "/knobs")
        .json(&knobs)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200, "{knobs}");
}

/// Waits for a reload of a customer tenant (not the source) to be RELOADING; its host and id.
async fn running_reload(app: &TestApp) -> (String, String) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        {
            let world = app.emulator.state.lock();
            let found = world
                .tenants
                .values()
                .filter(|t| !t.hostnames.contains(&app.source.source_hostname))
                .find_map(|t| {
                    let r = t.reloads.values().find(|r| r.status == "RELOADING")?;
                    Some((t.hostnames[0].clone(), r.id.clone()))
                });
            if let Some(found) = found {
                return found;
            }
        }
        assert!(Instant::now() < deadline, "no reload started");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_reload_stopped_at_a_limit_or_cancelled_fails_the_job_for_good() {
    let app = TestApp::bare().await;
    let engine = app.engine();
    knobs(&app, json!({"exceedReloads": true})).await;
    let qlik = app.qlik();
    let source = crate::helpers::source_host(&app.source);
    let ended = qlik
        .tenant(&source)
        .reload_and_wait(
            &crate::helpers::id(&app.source.apps[0].id),
            Duration::from_millis(20),
        )
        .await
        .unwrap();
    assert_eq!(ended.status, ReloadStatus::ExceededLimit);

    let slug = add_customer(&app, "initech").await;
    let err = engine
        .apply(&slug)
        .await
        .expect_err("the reload exceeded a limit");
    assert!(!err.is_retryable(), "not retried: {err}");
    assert!(matches!(err, ProvisionError::Permanent { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("EXCEEDED_LIMIT") && text.contains("limit of the tenant"),
        "{text}"
    );

    // A reload cancelled in Qlik while the job waits for it.
    knobs(&app, json!({"reloadMs": 30000})).await;
    let other = add_customer(&app, "hooli").await;
    let job = tokio::spawn({
        let engine = app.engine();
        async move { engine.apply(&other).await }
    });
    let (host, reload_id) = running_reload(&app).await;
    qlik.tenant(&crate::helpers::id(&host))
        .cancel_reload(&crate::helpers::id(&reload_id))
        .await
        .unwrap();
    let err = job.await.unwrap().expect_err("the reload was cancelled");
    assert!(
        !err.is_retryable() && err.to_string().contains("CANCELED"),
        "{err}"
    );
    let reload = qlik
        .tenant(&crate::helpers::id(&host))
        .get_reload(&crate::helpers::id(&reload_id))
        .await
        .unwrap();
    assert_eq!(reload.status, ReloadStatus::Canceled);
}

#[tokio::test]
async fn cancelling_answers_202_while_running_and_409_once_ended() {
    let app = TestApp::bare().await;
    knobs(&app, json!({"reloadMs": 30000})).await;
    let host = crate::helpers::source_host(&app.source);
    let token = bearer(&app, &host).await;
    let started = app
        .qlik()
        .tenant(&host)
        .start_reload(
            &crate::helpers::id(&app.source.apps[0].id),
            &Default::default(),
        )
        .await
        .unwrap();
    let path = format!("/api/v1/reloads/{}/actions/cancel", started.id);
    let cancel = || {
        app.emulator_request(Method::POST, &host, &path)
            .bearer_auth(&token)
            .send()
    };
    let until = |want: ReloadStatus| {
        let (qlik, host, id) = (app.qlik(), host.clone(), started.id.clone());
        async move {
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                let reload = qlik.tenant(&host).get_reload(&id).await.unwrap();
                if reload.status == want {
                    return;
                }
                assert!(Instant::now() < deadline, "still {}", reload.status);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    };
    until(ReloadStatus::Reloading).await;
    let first = cancel().await.unwrap();
    assert_eq!(first.status().as_u16(), 202);
    let body: Value = first.json().await.unwrap();
    assert_eq!(body["status"], "CANCELING");
    until(ReloadStatus::Canceled).await;
    assert_eq!(
        cancel().await.unwrap().status().as_u16(),
        409,
        "already ended"
    );
}

#[derive(Debug, Default)]
struct Statuses(Mutex<Vec<(String, Option<u16>)>>);

impl CallObserver for Statuses {
    fn observe(&self, record: CallRecord) {
        self.0.lock().unwrap().push((record.path, record.status));
    }
}

#[tokio::test]
async fn a_second_pending_reload_is_a_429_the_client_waits_out() {
    let app = TestApp::bare().await;
    knobs(&app, json!({"reloadMs": 900})).await;
    let host = crate::helpers::source_host(&app.source);
    let app_id: oem_hub::domain::AppId = crate::helpers::id(&app.source.apps[0].id);
    let token = bearer(&app, &host).await;
    let first = app
        .qlik()
        .tenant(&host)
        .start_reload(&app_id, &Default::default())
        .await
        .unwrap();
    let second = app
        .emulator_request(Method::POST, &host, "/api/v1/reloads")
        .bearer_auth(&token)
        .json(&json!({"appId": app_id}))
        .send()
        .await
        .unwrap();
    assert_eq!(second.status().as_u16(), 429);
    assert_eq!(second.headers()["retry-after"], "1");
    let body: Value = second.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "RELOADS-013");

    let seen = Arc::new(Statuses::default());
    let qlik = app.qlik().with_observer(seen.clone());
    let queued = qlik
        .tenant(&host)
        .start_reload(&app_id, &Default::default())
        .await
        .unwrap();
    assert_ne!(queued.id, first.id);
    let statuses: Vec<Option<u16>> = seen.0.lock().unwrap().iter().map(|(_, s)| *s).collect();
    assert!(
        statuses.contains(&Some(429)) && statuses.last() == Some(&Some(201)),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn the_client_exports_from_a_201_location_and_from_a_200_body() {
    let app = TestApp::bare().await;
    let host = crate::helpers::source_host(&app.source);
    let app_id: oem_hub::domain::AppId = crate::helpers::id(&app.source.apps[0].id);
    let via_location = app.qlik().tenant(&host).export_app(&app_id).await.unwrap();
    knobs(&app, json!({"exportInline": true})).await;
    let raw = app
        .emulator_request(
            Method::POST,
            &host,
            &format!("/api/v1/apps/{app_id}/export"),
        )
        .bearer_auth(bearer(&app, &host).await)
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status().as_u16(), 200, "as @qlik/api types it");
    assert!(raw.headers().get("location").is_none());
    let inline = app.qlik().tenant(&host).export_app(&app_id).await.unwrap();
    assert!(!inline.is_empty());
    assert_eq!(inline, via_location);
}

#[tokio::test]
async fn ap_and_sg_tenants_are_created_without_the_disputed_datacenter() {
    let app = TestApp::bare().await;
    let mut qlik = app.qlik();
    for region in [Region::Ap, Region::Sg] {
        let (id, secret) = seed_regional_client(&app.emulator.state, region);
        let credentials = Credentials {
            client_id: id,
            client_secret: SecretString::from(secret),
        };
        qlik = qlik.with_regional_credentials(region, credentials);
    }
    for (region, datacenter) in [
        (Region::Ap, "ap-southeast-2"),
        (Region::Sg, "ap-southeast-1"),
    ] {
        let tenant = qlik
            .create_tenant(region, &app.source.license_key)
            .await
            .unwrap();
        assert_eq!(
            (tenant.region.as_deref(), tenant.datacenter.as_deref()),
            (Some(region.code()), Some(datacenter)),
        );
    }
}
