//! Tasks API fidelity: scheduled reload tasks created as Qlik's migration guide writes them,
//! refused as its pitfalls table says, fired on the emulator's clock (`POST /clock`), started
//! on request, and failing with the reload's log when the app's reloads fail.

mod tenant;

use crate::helpers::{TestApp, wait_until};
use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;
pub use tenant::body;
use tenant::{Nightly, Tenant, advance, app_rows, control, nightly, reload_count};

#[tokio::test]
async fn tasks_are_created_with_qliks_metadata_and_listed_by_resource() {
    let app = TestApp::bare().await;
    let dir = tempfile::tempdir().unwrap();
    let nightly = Nightly::new(&app, dir.path()).await;
    let (tenant, task, disabled) = (&nightly.tenant, &nightly.task, &nightly.disabled);
    assert_eq!(
        task["resourceId"],
        json!(tenant.app_id),
        "computed from the states"
    );
    assert_eq!(task["enabled"], true);
    assert_eq!(task["states"][0]["type"], "EVENT");
    let meta = &task["metadata"];
    assert_eq!(
        (&meta["ownerId"], &meta["createdBy"]),
        (&nightly.me["id"], &nightly.me["id"])
    );
    assert_eq!(
        (&meta["tenantId"], &meta["usage"]),
        (&nightly.me["tenantId"], &json!("ANALYTICS"))
    );
    assert!(meta["createdAt"].is_string() && meta["orchestration"]["id"].is_string());
    assert_eq!(
        disabled["enabled"], false,
        "a task not created enabled stays disabled"
    );

    let by_app = format!("/api/v1/tasks?resourceId={}", tenant.app_id);
    let (status, listed) = tenant.call(Method::GET, &by_app, None).await;
    assert_eq!(status, 200);
    let ids: Vec<&Value> = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["id"])
        .collect();
    assert_eq!(ids, [&disabled["id"], &task["id"]], "newest updated first");
    let (_, other) = tenant
        .call(Method::GET, "/api/v1/tasks?resourceId=nope", None)
        .await;
    assert_eq!(other["data"], json!([]));
}

#[tokio::test]
async fn a_nightly_task_fires_when_the_clock_passes_two_in_berlin() {
    let app = TestApp::bare().await;
    let dir = tempfile::tempdir().unwrap();
    let nightly = Nightly::new(&app, dir.path()).await;
    let (tenant, task, disabled) = (&nightly.tenant, &nightly.task, &nightly.disabled);
    assert!(tenant.runs(task).await.is_empty(), "not yet two o'clock");

    // A day on: 02:00 in Berlin has passed once.
    advance(&app, 86_400).await;
    let runs = tenant.runs(task).await;
    assert_eq!(runs.len(), 1, "fired before /clock answered: {runs:?}");
    assert_eq!(runs[0]["triggeredBy"], "time-schedule");
    assert_eq!(
        (&runs[0]["executedAs"], &runs[0]["taskId"]),
        (&nightly.me["id"], &task["id"])
    );
    let run = tenant.ended_run(task).await;
    assert_eq!(run["status"], "SUCCEEDED", "{run}");
    let reload = tenant.reload(run["workerId"].as_str().unwrap()).await;
    assert_eq!(
        (&reload["status"], &reload["userId"]),
        (&json!("SUCCEEDED"), &nightly.me["id"])
    );
    assert_eq!(run["log"], reload["log"]);
    assert!(run["endedAt"].is_string());
    let rows = app_rows(tenant);
    assert_eq!(
        rows.len(),
        2,
        "the North rows only (vRegion passed): {rows:?}"
    );
    let log_path = format!(
        "/api/v1/tasks/{}/runs/{}/log",
        task["id"].as_str().unwrap(),
        run["id"].as_str().unwrap()
    );
    let (status, log) = tenant.call(Method::GET, &log_path, None).await;
    assert_eq!((status, &log["logContent"]), (200, &reload["log"]));
    let resource_runs = format!("/api/v1/tasks/resources/{}/runs", tenant.app_id);
    let (_, by_resource) = tenant.call(Method::GET, &resource_runs, None).await;
    assert_eq!(by_resource["data"].as_array().unwrap().len(), 1);
    assert!(
        tenant.runs(disabled).await.is_empty(),
        "a disabled task never fires"
    );

    // The next night fires again.
    advance(&app, 86_400).await;
    assert_eq!(tenant.runs(task).await.len(), 2);
}

#[tokio::test]
async fn a_deleted_task_fires_no_more_and_tasks_are_saved_with_the_world() {
    let app = TestApp::bare().await;
    let dir = tempfile::tempdir().unwrap();
    let nightly = Nightly::new(&app, dir.path()).await;
    let (tenant, task, disabled) = (&nightly.tenant, &nightly.task, &nightly.disabled);
    advance(&app, 86_400).await;
    tenant.ended_run(task).await;
    let path = format!("/api/v1/tasks/{}", task["id"].as_str().unwrap());
    assert_eq!(tenant.call(Method::DELETE, &path, None).await.0, 204);
    assert_eq!(tenant.call(Method::GET, &path, None).await.0, 404);
    let reloads_before = reload_count(tenant).await;
    advance(&app, 86_400).await;
    assert_eq!(
        reload_count(tenant).await,
        reloads_before,
        "a deleted task stops"
    );
    assert!(tenant.runs(disabled).await.is_empty());

    // Tasks and runs are saved with the rest of the world.
    let file = dir.path().join("emulator.db");
    let (saver, _) = oem_hub::emulator::persist::StateFile::open(&file)
        .await
        .unwrap();
    saver.save(&app.emulator.state).await.unwrap();
    let (_, saved) = oem_hub::emulator::persist::StateFile::open(&file)
        .await
        .unwrap();
    let saved = saved.expect("a snapshot");
    let source = saved
        .tenants
        .values()
        .find(|t| t.hostnames.contains(&tenant.host))
        .unwrap();
    assert_eq!(source.tasks.len(), 1, "the disabled task");
    let kept = &source.tasks[disabled["id"].as_str().unwrap()];
    assert_eq!(
        (kept.enabled, kept.schedule.timezone.as_str()),
        (false, "Europe/Berlin")
    );
}

#[tokio::test]
async fn task_bodies_are_refused_as_qliks_pitfalls_table_says() {
    let app = TestApp::bare().await;
    let tenant = Tenant::new(&app).await;
    let good = || nightly("bad", &tenant.app_id, Some(true));
    let mut no_states = good();
    no_states.as_object_mut().unwrap().remove("states");
    let mut no_actions = good();
    no_actions["states"][0]["onEvents"][0]["actions"] = json!([]);
    let mut bad_start = good();
    bad_start["start"] = json!("daily");
    let mut bad_rule = good();
    bad_rule["start"]["schedule"]["recurrence"] = json!("RRULE:FREQ=FORTNIGHTLY");
    let mut bad_zone = good();
    bad_zone["start"]["schedule"]["timezone"] = json!("Europe/Atlantis");
    let mut too_often = good();
    too_often["start"]["schedule"]["recurrence"] = json!("FREQ=MINUTELY;BYSECOND=0");
    let cases = [
        (no_states, 400, "task has 0 states instead of 1"),
        (no_actions, 400, "task has 0 Actions instead of 1"),
        (bad_start, 400, "Start has no StartdefOneOf field"),
        (bad_rule, 400, "FREQ=FORTNIGHTLY"),
        (bad_zone, 400, "Europe/Atlantis"),
        (too_often, 400, "HOURLY"),
        (
            nightly("elsewhere", "000000000000000000000000", Some(true)),
            403,
            "does not exist",
        ),
    ];
    for (body, want, says) in cases {
        let (status, answer) = tenant.call(Method::POST, "/api/v1/tasks", Some(body)).await;
        let error = &answer["errors"][0];
        assert_eq!((status, &error["code"]), (want, &json!(want)), "{answer}");
        let title = error["title"].as_str().unwrap();
        assert!(title.contains(says), "{says}: {title}");
        assert_eq!(error["context"], "CreateTask");
    }
    let (_, listed) = tenant.call(Method::GET, "/api/v1/tasks", None).await;
    assert_eq!(listed["data"], json!([]), "nothing refused was kept");
}

#[tokio::test]
async fn a_task_started_on_request_fails_with_the_reload_log_of_a_failing_app() {
    let app = TestApp::bare().await;
    let tenant = Tenant::new(&app).await;
    let task = tenant
        .create(nightly("on request", &tenant.app_id, Some(false)))
        .await;
    let start = format!(
        "/api/v1/tasks/{}/actions/start",
        task["id"].as_str().unwrap()
    );
    let last = format!("/api/v1/tasks/{}/runs/last", task["id"].as_str().unwrap());
    assert_eq!(
        tenant.call(Method::GET, &last, None).await.0,
        404,
        "no run yet"
    );

    control(
        &app,
        Method::PUT,
        "/knobs",
        json!({ "failReloadApps": [tenant.app_id] }),
    )
    .await;
    let (status, started) = tenant
        .call(Method::POST, &format!("{start}?source=api"), None)
        .await;
    assert_eq!(
        (status, &started["message"]),
        (200, &json!("")),
        "{started}"
    );
    let run = tenant.ended_run(&task).await;
    assert_eq!(
        (&run["status"], &run["triggeredBy"]),
        (&json!("FAILED"), &json!("api"))
    );
    let reload = tenant.reload(run["workerId"].as_str().unwrap()).await;
    assert_eq!(reload["status"], "FAILED");
    assert!(
        run["log"]
            .as_str()
            .unwrap()
            .contains("injected reload failure"),
        "{run}"
    );
    assert_eq!(run["log"], reload["log"]);

    // Direct reloads of the app fail too; other apps' do not.
    let (_, direct) = tenant
        .call(
            Method::POST,
            "/api/v1/reloads",
            Some(json!({"appId": tenant.app_id})),
        )
        .await;
    let other = app.source.apps[1].id.clone();
    let (_, fine) = tenant
        .call(
            Method::POST,
            "/api/v1/reloads",
            Some(json!({"appId": other})),
        )
        .await;
    // (The other app's script reads a connection the source tenant lacks: it fails, but on
    // its script, not on the knob.)
    for (reload, injected) in [(&direct, true), (&fine, false)] {
        let id = reload["id"].as_str().unwrap();
        let ended = wait_until("the reload to end", Duration::from_secs(20), || async {
            let reload = tenant.reload(id).await;
            let status = reload["status"].as_str().unwrap().to_owned();
            (!["QUEUED", "RELOADING"].contains(&status.as_str())).then_some(reload)
        })
        .await;
        let message = ended["errorMessage"].as_str().unwrap_or_default();
        assert_eq!(message.contains("failReloadApps"), injected, "{ended}");
    }

    // Without `source` the run is "manual"; the knob off, the run succeeds or fails on the
    // script alone.
    control(&app, Method::PUT, "/knobs", json!({})).await;
    let (status, _) = tenant.call(Method::POST, &start, None).await;
    assert_eq!(status, 200);
    let run = tenant.ended_run(&task).await;
    assert_eq!(run["triggeredBy"], "manual");
    assert!(!run["log"].as_str().unwrap().contains("injected"), "{run}");
    assert_eq!(tenant.runs(&task).await.len(), 2);
    let nope = "/api/v1/tasks/000000000000000000000000/actions/start";
    let (status, answer) = tenant.call(Method::POST, nope, None).await;
    assert_eq!((status, &answer["errors"][0]["code"]), (404, &json!(404)));
}
