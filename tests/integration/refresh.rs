//! Fresh data after onboarding: a customer's refresh schedule becomes a scheduler task on its
//! tenant, the emulated clock fires it and the customer's new rows reach its sheet; a task
//! deleted by hand is drift that apply restores.

use crate::browser::with_browser;
use crate::embed_ui::frame_text;
use crate::helpers::{TestApp, admin_token, wait_until};
use oem_hub::domain::{AppId, CustomerSlug, CustomerSpec, ModuleKey, TenantHostname};
use oem_hub::store::Deployment;
use serde_json::json;
use std::time::Duration;

/// Gives acme a daily 02:00 Europe/Berlin refresh spread over two hours, and applies it.
pub(crate) async fn schedule_acme(app: &TestApp, bearer: &str) -> CustomerSpec {
    let rest = app.rest(bearer);
    let mut spec = rest
        .customers()
        .await
        .expect("customers")
        .into_iter()
        .find(|c| c.slug.as_str() == "acme")
        .expect("the demo's acme");
    spec.refresh = serde_json::from_value(json!({"default": {"schedule": {
        "rrule": "FREQ=DAILY;BYHOUR=2;BYMINUTE=0", "time_zone": "Europe/Berlin",
        "spread_minutes": 120
    }}}))
    .expect("refresh block");
    rest.update_customer(&spec).await.expect("stored");
    app.provision("acme").await;
    spec
}

pub(crate) async fn sales(app: &TestApp) -> (TenantHostname, Deployment) {
    let acme = CustomerSlug::parse("acme").expect("slug");
    let observed = app.store.get_state(&acme).await.expect("state").observed;
    let sales = ModuleKey::parse("sales").expect("key");
    let d = observed.deployments[&sales].clone();
    (observed.hostname.expect("a tenant"), d)
}

/// Adds a row to acme's own database (the demo's SQLite file).
async fn add_order(app: &TestApp, product: &str) {
    let path = app.data_dir.join("acme-data.db");
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("acme's database");
    sqlx::query("INSERT INTO orders VALUES ('North', $1, 77.0)")
        .bind(product)
        .execute(&pool)
        .await
        .expect("row added");
}

/// Moves the emulator's clock a day on (the scheduler fires what fell due).
pub(crate) async fn a_day_passes(app: &TestApp) {
    let resp = app
        .emulator_request(reqwest::Method::POST, "control.localhost", "/clock")
        .json(&json!({"advanceSeconds": 86_400}))
        .send()
        .await
        .expect("control answers");
    assert!(resp.status().is_success(), "{}", resp.status());
}

fn app_has(app: &TestApp, app_id: &AppId, needle: &str) -> bool {
    let world = app.emulator.state.lock();
    world.tenants.values().any(|t| {
        t.apps.get(app_id.as_str()).is_some_and(|a| {
            a.data
                .iter()
                .any(|table| table.rows.iter().flatten().any(|v| v == needle))
        })
    })
}

#[tokio::test]
async fn a_daily_schedule_becomes_a_task_that_the_emulated_clock_fires() {
    let app = TestApp::spawn().await;
    let token = admin_token(&app.store, "refresh").await;
    schedule_acme(&app, &token).await;
    let (host, d) = sales(&app).await;
    let published = d.published_app_id.clone().expect("published");
    let task_id = d.refresh_task_id.clone().expect("a task was made");
    let task = app
        .qlik()
        .tenant(&host)
        .get_task(&task_id)
        .await
        .expect("on the tenant");
    assert_eq!(task.schedule_key(&published), d.refresh_key, "{task:?}");
    let key = d.refresh_key.expect("recorded");
    assert!(
        key.contains("BYHOUR=2;") || key.contains("BYHOUR=3;"),
        "inside the 02:00–04:00 window: {key}"
    );

    add_order(&app, "Gizmos").await;
    assert!(
        !app_has(&app, &published, "Gizmos"),
        "not before the schedule"
    );
    a_day_passes(&app).await;
    wait_until("the scheduled reload", Duration::from_secs(30), || async {
        app_has(&app, &published, "Gizmos").then_some(())
    })
    .await;
    let url = app.host_page("portal.us.localhost", "customer=acme&user=ada");
    with_browser("refresh_new_rows", |c| async move {
        c.goto(&url).await.unwrap();
        let sheet = frame_text(&c, "Gizmos").await;
        assert!(sheet.contains("Anvils"), "the old rows stay: {sheet}");
    })
    .await;
}

#[tokio::test]
async fn a_task_deleted_by_hand_is_drift_and_apply_restores_it() {
    let app = TestApp::spawn().await;
    let token = admin_token(&app.store, "refresh-drift").await;
    schedule_acme(&app, &token).await;
    let (host, before) = sales(&app).await;
    let rest = app.rest(&token);
    assert!(
        rest.plan("acme", true)
            .await
            .expect("plan")
            .steps
            .is_empty()
    );

    let task_id = before.refresh_task_id.clone().expect("task");
    app.qlik()
        .tenant(&host)
        .delete_task(&task_id)
        .await
        .expect("deleted by hand");
    let drift = rest.plan("acme", true).await.expect("plan");
    let labels: Vec<String> = drift.steps.iter().map(|s| s.label()).collect();
    assert_eq!(labels, ["refresh schedule sales"]);

    let queued = rest
        .call::<oem_hub::store::Job>(
            reqwest::Method::POST,
            "/api/v1/customers/acme/apply?refresh=true",
            None::<&()>,
        )
        .await
        .expect("repair queued");
    let job = crate::helpers::job_done(&app.engine(), &queued.id).await;
    assert_eq!(job.state, oem_hub::store::JobState::Succeeded, "{job:?}");
    let (_, after) = sales(&app).await;
    let restored = after.refresh_task_id.clone().expect("a task again");
    assert_ne!(restored, task_id, "a new task");
    assert_eq!(
        after.refresh_key, before.refresh_key,
        "the same slot: offsets are stable"
    );
    let published = after.published_app_id.expect("published");
    let task = app
        .qlik()
        .tenant(&host)
        .get_task(&restored)
        .await
        .expect("on the tenant");
    assert_eq!(task.schedule_key(&published), after.refresh_key);
}

#[tokio::test]
async fn a_refresh_block_naming_another_module_or_an_unspreadable_rule_is_refused() {
    let app = TestApp::spawn().await;
    let token = admin_token(&app.store, "refresh-bad").await;
    let rest = app.rest(&token);
    let spec = rest
        .customers()
        .await
        .expect("customers")
        .into_iter()
        .find(|c| c.slug.as_str() == "globex")
        .expect("the demo's globex");
    let schedule = json!({"schedule": {"rrule": "FREQ=WEEKLY;BYDAY=MO;BYHOUR=23",
                                       "time_zone": "Europe/Berlin", "spread_minutes": 120}});
    let cases = [
        (
            json!({"modules": {"finance": "manual"}}),
            "refresh.modules.finance",
        ),
        (json!({"default": schedule}), "refresh.default.schedule"),
        (
            json!({"default": {"schedule": {"rrule": "FREQ=DAILY", "time_zone": "UTC",
                                            "spread_minutes": 721}}}),
            "refresh.default.schedule.spread_minutes",
        ),
    ];
    for (block, field) in cases {
        let mut body = serde_json::to_value(&spec).expect("json");
        body["refresh"] = block;
        let (status, error) = rest
            .raw(reqwest::Method::PUT, "/api/v1/customers/globex", Some(body))
            .await;
        assert_eq!(
            (status, error["field"].as_str()),
            (400, Some(field)),
            "{error}"
        );
    }
    let mut body = serde_json::to_value(&spec).expect("json");
    body["refresh"] =
        json!({"default": {"schedule": {"rrule": "FREQ=MINUTELY", "time_zone": "UTC"}}});
    let (status, error) = rest
        .raw(reqwest::Method::PUT, "/api/v1/customers/globex", Some(body))
        .await;
    assert_eq!(status, 400, "{error}");
    assert!(error.to_string().contains("at most hourly"), "{error}");
}
