//! The provisioning engine against the emulator: plan → apply converges, drift is detected and
//! repaired, and a crash at every step boundary (and mid-step) resumes without duplicates.

use crate::helpers::TestApp;
use futures::FutureExt;
use oem_hub::domain::{CustomerSlug, CustomerSpec, JobKind};
use oem_hub::provision::{Engine, Hooks, Phase, Point};
use oem_hub::store::Observed;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

/// Adds a customer like the demo's `acme` (Sales + Finance, its own database) as `slug`.
pub async fn add_customer(app: &TestApp, slug: &str) -> CustomerSlug {
    let db = oem_hub::cli::demo::data::write_customer_db(
        &app.data_dir,
        &oem_hub::cli::demo::data::DEMO_CUSTOMERS[0],
    )
    .await
    .unwrap();
    let spec: CustomerSpec = serde_json::from_value(serde_json::json!({
        "slug": slug, "display_name": format!("Customer {slug}"), "region": "us",
        "origins": ["https://app.partner.example"], "modules": ["finance", "sales"],
        "group_roles": {"viewers": "consumer", "analysts": "contributor"},
        "data_connection": {"type": "sqlite", "connection_string": db.display().to_string()},
    }))
    .unwrap();
    let key = oem_hub::cli::demo::demo_sealing_key(&app.data_dir).unwrap();
    let sealed = key.seal(db.to_str().unwrap());
    app.store
        .insert_customer(&spec, Some(sealed))
        .await
        .unwrap();
    spec.slug
}

/// Counts what must exist exactly once per customer, straight from the emulator.
pub async fn census(app: &TestApp, observed: &Observed) -> (usize, usize, usize, usize) {
    let qlik = app.qlik();
    let host = observed.hostname.clone().unwrap();
    let tenants = qlik
        .list_org_tenants()
        .await
        .unwrap()
        .into_iter()
        .filter(|t| t.hostnames.contains(&host))
        .count();
    let idps = qlik
        .tenant(&host)
        .list_identity_providers()
        .await
        .unwrap()
        .into_iter()
        .filter(|i| i.protocol == "jwtAuth")
        .count();
    let spaces = qlik.tenant(&host).list_spaces().await.unwrap().len();
    let production = observed.production_space_id.clone().unwrap();
    let published = qlik
        .tenant(&host)
        .list_apps(Some(&production))
        .await
        .unwrap()
        .len();
    (tenants, idps, spaces, published)
}

#[tokio::test]
async fn apply_converges_a_new_customer_then_plans_nothing() {
    let app = TestApp::spawn().await;
    let engine = app.engine();
    let slug = add_customer(&app, "initech").await;
    let plan = engine.plan(&slug, false).await.unwrap();
    assert_eq!(
        plan.steps.first().map(|s| s.label()).as_deref(),
        Some("create tenant")
    );
    assert_eq!(plan.steps.len(), 25, "{:?}", plan.steps);

    let report = engine.apply(&slug).await.unwrap();
    assert_eq!(report.steps.len(), plan.steps.len());
    let state = app.store.get_state(&slug).await.unwrap().observed;
    assert_eq!(census(&app, &state).await, (1, 1, 2, 2));
    for d in state.deployments.values() {
        assert!(
            d.published_app_id.is_some() && d.version == Some(1),
            "{d:?}"
        );
    }
    assert!(engine.plan(&slug, false).await.unwrap().steps.is_empty());
    assert!(
        engine.plan(&slug, true).await.unwrap().steps.is_empty(),
        "no drift"
    );

    // Every call was audited, with the customer's slug.
    let audit = app.store.query_audit(Some("initech"), 1000).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.method == "POST" && e.path == "/api/v1/tenants" && e.status == 201)
    );
    assert!(audit.len() > 30, "{}", audit.len());
}

#[tokio::test]
async fn drift_in_the_tenant_is_planned_and_repaired() {
    let app = TestApp::spawn().await;
    let engine = app.engine();
    let slug = add_customer(&app, "hooli").await;
    engine.apply(&slug).await.unwrap();
    let state = app.store.get_state(&slug).await.unwrap().observed;
    let host = state.hostname.clone().unwrap();
    let qlik = app.qlik();
    // Someone edits the tenant by hand: origins changed, the published Sales app deleted.
    qlik.tenant(&host)
        .set_web_integration_origins(
            state.web_integration_id.as_ref().unwrap(),
            &["https://evil.example".to_owned()],
        )
        .await
        .unwrap();
    let sales = oem_hub::domain::ModuleKey::parse("sales").unwrap();
    let published = state.deployments[&sales].published_app_id.clone().unwrap();
    qlik.tenant(&host).delete_app(&published).await.unwrap();

    assert!(
        engine.plan(&slug, false).await.unwrap().steps.is_empty(),
        "recorded state alone sees no drift"
    );
    let refreshed = engine.plan(&slug, true).await.unwrap();
    let labels: Vec<String> = refreshed.steps.iter().map(|s| s.label()).collect();
    assert_eq!(labels, ["web integration", "publish sales"]);
}

/// Every point an apply of a fresh customer passes, in order.
async fn all_points(app: &TestApp) -> Vec<Point> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let hooks = Hooks::new(move |p| {
        log.lock().unwrap().push(p.clone());
        async {}.boxed()
    });
    let engine = app.engine_on(app.store.clone(), hooks);
    let slug = add_customer(app, "probe").await;
    engine.apply(&slug).await.unwrap();
    seen.lock().unwrap().clone()
}

/// An engine frozen for good at `target` (for `slug`), reporting when it gets there.
fn freezing_engine(app: &TestApp, target: Point) -> (Engine, mpsc::UnboundedReceiver<()>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let hooks = Hooks::new(move |p| {
        if *p == target {
            let _ = tx.send(());
            futures::future::pending::<()>().boxed()
        } else {
            async {}.boxed()
        }
    });
    (app.engine_on(app.store.clone(), hooks), rx)
}

#[tokio::test]
async fn a_crash_at_every_step_boundary_and_mid_step_resumes_without_duplicates() {
    let app = TestApp::spawn().await;
    let points = all_points(&app).await;
    let mids = points
        .iter()
        .filter(|p| p.phase == Phase::AfterCall)
        .count();
    assert!(
        points.len() >= 40 && mids >= 18,
        "{} points, {mids} mid-step",
        points.len()
    );

    for (i, point) in points.iter().enumerate() {
        let slug = add_customer(&app, &format!("crash-{i}")).await;
        let target = Point {
            customer: slug.clone(),
            ..point.clone()
        };
        let (engine, mut frozen) = freezing_engine(&app, target.clone());
        let run = {
            let slug = slug.clone();
            tokio::spawn(async move { engine.apply(&slug).await })
        };
        frozen.recv().await.expect("the apply reaches the point");
        run.abort(); // the process dies here: nothing after this point runs
        let _ = run.await;

        let fresh = app.engine();
        fresh
            .apply(&slug)
            .await
            .unwrap_or_else(|e| panic!("resume after {target:?}: {e}"));
        let state = app.store.get_state(&slug).await.unwrap().observed;
        assert_eq!(
            census(&app, &state).await,
            (1, 1, 2, 2),
            "tenants, JWT IdPs, spaces, published apps after a crash at {target:?}"
        );
        assert!(
            fresh.plan(&slug, true).await.unwrap().steps.is_empty(),
            "converged after {target:?}"
        );
    }
}

#[tokio::test]
async fn a_running_job_stops_at_the_next_step_when_cancelled() {
    let app = TestApp::spawn().await;
    let slug = add_customer(&app, "cancel-co").await;
    // Hold the apply at "staging space" until the test has asked for the cancel.
    let (reached_tx, mut reached) = mpsc::unbounded_channel::<()>();
    let release = Arc::new(tokio::sync::Notify::new());
    let gate = release.clone();
    let hooks = Hooks::new(move |p| {
        if p.step == "staging space" && p.phase == Phase::Before {
            let _ = reached_tx.send(());
            let gate = gate.clone();
            async move { gate.notified().await }.boxed()
        } else {
            async {}.boxed()
        }
    });
    let engine = app.engine_on(app.store.clone(), hooks);
    let (job, _) = engine.enqueue_apply(&slug).await.unwrap();
    let worker = engine.spawn_worker();
    reached.recv().await.unwrap();
    let asked = app.store.cancel_job(&job.id).await.unwrap();
    assert!(
        asked.cancel_requested && !asked.state.is_final(),
        "{asked:?}"
    );
    release.notify_one();
    let done = crate::helpers::job_done(&engine, &job.id).await;
    assert_eq!(done.state, oem_hub::store::JobState::Cancelled, "{done:?}");
    let state = app.store.get_state(&slug).await.unwrap().observed;
    assert!(
        state.tenant_id.is_some() && state.production_space_id.is_none(),
        "stopped part-way"
    );
    // Nothing is lost: a new apply finishes the customer.
    let (again, new) = engine.enqueue_apply(&slug).await.unwrap();
    assert!(new);
    assert_eq!(
        crate::helpers::job_done(&engine, &again.id).await.state,
        oem_hub::store::JobState::Succeeded
    );
    worker.stop().await;
}

/// A job whose failure no retry can change (an unknown kind: from a newer replica, say) fails
/// at its first attempt instead of being retried to the attempt limit.
#[tokio::test]
async fn a_permanent_failure_is_not_retried() {
    let app = TestApp::spawn().await;
    let slug = add_customer(&app, "vandelay").await;
    let engine = app.engine();
    let (job, _) = app.store.enqueue_job(&slug, JobKind::Apply).await.unwrap();
    // No build writes an unknown kind: the row is changed underneath, as a newer replica would.
    sqlx::query("UPDATE jobs SET kind = 'teleport' WHERE id = $1")
        .bind(&job.id)
        .execute(&app.store.pool_for_tests())
        .await
        .unwrap();
    let worker = engine.spawn_worker();
    let done = crate::helpers::job_done(&engine, &job.id).await;
    worker.stop().await;
    assert_eq!(done.state, oem_hub::store::JobState::Failed, "{done:?}");
    assert_eq!(done.attempts, 1, "{done:?}");
    assert!(
        done.error
            .as_deref()
            .is_some_and(|e| e.contains("unknown job kind")),
        "{done:?}"
    );
}
