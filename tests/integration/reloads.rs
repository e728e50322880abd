//! Reloads after onboarding: a failing scheduled reload is recorded, retried a bounded number
//! of times and shown first in the freshness view with its log line; "reload now" over the
//! fleet never runs more reloads at once against one customer database than its cap.

use crate::helpers::{TestApp, admin_token, wait_until};
use crate::refresh::{a_day_passes, sales, schedule_acme};
use oem_hub::domain::{CustomerSlug, FleetReloadState, ModuleKey, ReloadOutcome, ReloadTrigger};
use oem_hub::wire::{FleetReloadView, FreshnessRow};
use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;

/// Merges `change` into the emulator's knobs (`PUT /knobs` replaces them all).
pub(crate) async fn knobs(app: &TestApp, change: Value) {
    let now: Value = app
        .emulator_request(Method::GET, "control.localhost", "/knobs")
        .send()
        .await
        .expect("control answers")
        .json()
        .await
        .expect("knobs");
    let mut knobs = now.get("knobs").cloned().unwrap_or(now);
    for (k, v) in change.as_object().expect("an object") {
        knobs[k] = v.clone();
    }
    let resp = app
        .emulator_request(Method::PUT, "control.localhost", "/knobs")
        .json(&knobs)
        .send()
        .await
        .expect("control answers");
    assert!(
        resp.status().is_success(),
        "{}",
        resp.text().await.unwrap_or_default()
    );
}

async fn max_by_source(app: &TestApp) -> Vec<u32> {
    let stats: Value = app
        .emulator_request(Method::GET, "control.localhost", "/stats")
        .send()
        .await
        .expect("control answers")
        .json()
        .await
        .expect("stats");
    let by_source = stats["stats"]["maxReloadsBySource"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    by_source
        .values()
        .filter_map(Value::as_u64)
        .map(|n| n as u32)
        .collect()
}

/// A hub whose acme has a nightly sales schedule, and a night passed in which the scheduled
/// reload failed (the emulator fails that app's reloads); its admin token.
async fn acme_sales_failed_last_night(token_name: &str) -> (TestApp, String) {
    let app = TestApp::spawn().await;
    let token = admin_token(&app.store, token_name).await;
    schedule_acme(&app, &token).await;
    let (_, d) = sales(&app).await;
    let published = d.published_app_id.expect("published");
    knobs(&app, json!({"failReloadApps": [published.as_str()]})).await;
    a_day_passes(&app).await;
    (app, token)
}

#[tokio::test]
async fn a_failing_scheduled_reload_is_retried_twice_and_shown_first_with_its_log() {
    let (app, token) = acme_sales_failed_last_night("reloads").await;

    let engine = app.engine();
    let acme = CustomerSlug::parse("acme").expect("slug");
    let module = ModuleKey::parse("sales").expect("key");
    let recent = wait_until(
        "a scheduled failure and two retries",
        Duration::from_secs(60),
        || async {
            engine.reload_watch_once().await;
            let recent = app
                .store
                .recent_reloads(&acme, &module, 10)
                .await
                .expect("history");
            let ended = recent.iter().all(|r| r.status != ReloadOutcome::Running);
            (recent.len() == 3 && ended).then_some(recent)
        },
    )
    .await;
    let triggers: Vec<ReloadTrigger> = recent.iter().rev().map(|r| r.trigger).collect();
    assert_eq!(
        triggers,
        [
            ReloadTrigger::Schedule,
            ReloadTrigger::Retry,
            ReloadTrigger::Retry
        ]
    );
    assert!(recent.iter().all(|r| r.status == ReloadOutcome::Failed));
    engine.reload_watch_once().await;
    assert_eq!(
        app.store
            .recent_reloads(&acme, &module, 10)
            .await
            .expect("history")
            .len(),
        3,
        "no third retry"
    );

    let rows: Vec<FreshnessRow> = app
        .rest(&token)
        .call(Method::GET, "/api/v1/freshness", None::<&()>)
        .await
        .expect("freshness");
    let first = &rows[0];
    assert_eq!(
        (first.customer.as_str(), first.module.as_str()),
        ("acme", "sales")
    );
    assert_eq!(first.consecutive_failures, 3);
    let log = first.failure_log.as_deref().unwrap_or_default();
    assert!(log.contains("injected reload failure"), "{log}");
    assert!(
        rows[1..].iter().all(|r| r.consecutive_failures == 0),
        "{rows:?}"
    );
}

async fn reload_fleet(app: &TestApp, token: &str, body: Value) -> FleetReloadView {
    let rest = app.rest(token);
    let started: FleetReloadView = rest
        .call(Method::POST, "/api/v1/fleet-reloads", Some(&body))
        .await
        .expect("started");
    assert_eq!(started.total, 3, "acme's two modules and globex's one");
    let path = format!("/api/v1/fleet-reloads/{}", started.id);
    wait_until("the fleet reload", Duration::from_secs(60), || async {
        let view: FleetReloadView = rest
            .call(Method::GET, &path, None::<&()>)
            .await
            .expect("view");
        (view.state == FleetReloadState::Done).then_some(view)
    })
    .await
}

#[tokio::test]
async fn reload_now_over_the_fleet_keeps_to_the_per_source_cap() {
    let app = TestApp::spawn().await;
    let token = admin_token(&app.store, "fleet").await;
    app.provision("acme").await;
    app.provision("globex").await;
    knobs(&app, json!({"reloadMs": 400})).await;

    let capped = reload_fleet(&app, &token, json!({"per_source_cap": 1})).await;
    assert_eq!((capped.succeeded, capped.failed), (3, 0), "{capped:?}");
    assert_eq!(
        max_by_source(&app).await.into_iter().max(),
        Some(1),
        "acme's database saw one at a time"
    );

    let free = reload_fleet(&app, &token, json!({})).await;
    assert_eq!(free.succeeded, 3, "{free:?}");
    assert_eq!(
        max_by_source(&app).await.into_iter().max(),
        Some(2),
        "without a cap acme's two modules reload together"
    );
}

#[tokio::test]
async fn a_bad_reload_request_names_its_field() {
    let app = TestApp::spawn().await;
    let token = admin_token(&app.store, "fleet-bad").await;
    let rest = app.rest(&token);
    let cases = [
        (json!({"per_source_cap": 0}), 400, Some("per_source_cap")),
        (json!({"customers": ["Not A Slug"]}), 400, None),
        (json!({"customers": ["nobody"]}), 404, None),
        (json!({"colour": "red"}), 400, None),
        (json!({}), 400, Some("customers")),
    ];
    for (body, status, field) in cases {
        let (got, error) = rest
            .raw(Method::POST, "/api/v1/fleet-reloads", Some(body.clone()))
            .await;
        assert_eq!(got, status, "{body}: {error}");
        if let Some(field) = field {
            assert_eq!(error["field"].as_str(), Some(field), "{body}: {error}");
        }
    }
    let (status, error) = rest
        .raw(Method::GET, "/api/v1/reload-history?days=40", None)
        .await;
    assert_eq!(
        (status, error["field"].as_str()),
        (400, Some("days")),
        "{error}"
    );
}

// The binary runs while this test blocks on it: the emulator needs another worker thread.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reloads_verbs_reload_now_refuse_bad_input_in_one_line_and_list_freshness() {
    use crate::cli_provision::{config, oem_hub, text};
    let app = TestApp::spawn().await;
    // acme is in the source's region: the CLI's config has no other region's credentials.
    app.provision("acme").await;
    let cfg = config(&app);
    let bad = oem_hub(&cfg, &["reloads", "now", "--cap", "0"]);
    assert!(!bad.status.success());
    let err = text(&bad.stderr);
    assert!(err.contains("per_source_cap"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    let bad_slug = oem_hub(&cfg, &["reloads", "now", "--customer", "Not A Slug"]);
    assert!(text(&bad_slug.stderr).contains("--customer Not A Slug"));

    let done = oem_hub(
        &cfg,
        &[
            "reloads",
            "now",
            "--customer",
            "acme",
            "--module",
            "sales",
            "--cap",
            "1",
        ],
    );
    let out = text(&done.stdout);
    assert!(done.status.success(), "{out}{}", text(&done.stderr));
    assert!(out.contains("done: 1 of 1 succeeded"), "{out}");
    let fresh = oem_hub(&cfg, &["reloads", "freshness"]);
    let table = text(&fresh.stdout);
    let row = table
        .lines()
        .find(|l| l.starts_with("acme") && l.contains(" sales "))
        .expect("an acme sales row");
    assert!(
        row.contains("last succeeded") && row.contains("failures 0"),
        "{table}"
    );
}

#[tokio::test]
async fn the_console_shows_a_failing_module_first_with_its_log_and_a_week_of_reloads() {
    use crate::browser::{wait_for, wait_for_text, with_browser};
    let (app, _) = acme_sales_failed_last_night("freshness-ui").await;
    let engine = app.engine();
    let acme = CustomerSlug::parse("acme").expect("slug");
    let module = ModuleKey::parse("sales").expect("key");
    wait_until("a recorded failure", Duration::from_secs(60), || async {
        engine.reload_watch_once().await;
        let recent = app
            .store
            .recent_reloads(&acme, &module, 10)
            .await
            .expect("history");
        recent
            .iter()
            .any(|r| r.status == ReloadOutcome::Failed)
            .then_some(())
    })
    .await;
    let url = format!("{}/admin", app.hub_url);
    let password = app.admin_password.clone();
    with_browser("freshness_view", |c| async move {
        c.goto(&url).await.unwrap();
        wait_for(&c, "#admin-username")
            .await
            .send_keys("admin")
            .await
            .unwrap();
        wait_for(&c, "#admin-password")
            .await
            .send_keys(&password)
            .await
            .unwrap();
        wait_for(&c, "#sign-in").await.click().await.unwrap();
        wait_for(&c, "#tab-freshness").await.click().await.unwrap();
        let first = "#freshness tbody tr:first-child";
        let text = wait_for_text(&c, first, "injected reload failure").await;
        let row = wait_for(&c, first).await;
        assert_eq!(
            row.attr("data-customer").await.unwrap().as_deref(),
            Some("acme")
        );
        assert_eq!(
            row.attr("data-module").await.unwrap().as_deref(),
            Some("sales")
        );
        assert_eq!(
            row.attr("class").await.unwrap().as_deref(),
            Some("failing"),
            "{text}"
        );
        wait_for(&c, "#freshness tbody tr:first-child .heat .cell.failed").await;
        let cells = c
            .find_all(fantoccini::Locator::Css(
                "#freshness tbody tr:first-child .heat .cell",
            ))
            .await
            .unwrap();
        assert_eq!(cells.len(), 7, "a week of days");
    })
    .await;
}
