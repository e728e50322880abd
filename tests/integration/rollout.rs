//! Rollouts through the engine and its job worker: a wave with failing reloads halts the
//! rollout, rollback restores the previous version, resume finishes it — and published app
//! ids (so every embed URL) never change.

use crate::helpers::TestApp;
use crate::provision::add_customer;
use oem_hub::domain::{CustomerSlug, ModuleKey};
use oem_hub::provision::{Engine, RolloutRequest};
use oem_hub::store::{RolloutState, TemplateVersion};
use reqwest::Method;
use serde_json::json;
use std::collections::BTreeMap;

async fn fail_reloads(app: &TestApp, on: bool) {
    let resp = app
        .emulator_request(Method::PUT, "control.localhost", "/knobs")
        .json(&json!({ "failReloads": on }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
}

/// Module `sales`: (deployed version, published app id) per customer.
async fn sales(
    app: &TestApp,
    customers: &[CustomerSlug],
) -> BTreeMap<String, (Option<i64>, String)> {
    let key = ModuleKey::parse("sales").unwrap();
    let mut out = BTreeMap::new();
    for slug in customers {
        let observed = app.store.get_state(slug).await.unwrap().observed;
        let d = observed.deployments[&key].clone();
        out.insert(
            slug.to_string(),
            (d.version, d.published_app_id.unwrap().to_string()),
        );
    }
    out
}

fn at_version(
    before: &BTreeMap<String, (Option<i64>, String)>,
    v: i64,
) -> BTreeMap<String, (Option<i64>, String)> {
    before
        .iter()
        .map(|(k, (_, id))| (k.clone(), (Some(v), id.clone())))
        .collect()
}

fn request() -> RolloutRequest {
    RolloutRequest {
        module: ModuleKey::parse("sales").unwrap(),
        version: 2,
        canaries: vec![],
        first_batch: 1,
        max_failure_pct: 0,
    }
}

#[tokio::test]
async fn a_rollout_halts_on_failing_reloads_rolls_back_and_resumes() {
    let app = TestApp::spawn().await;
    let engine: Engine = app.engine();
    let worker = engine.spawn_worker();

    // Only this test's customers take part (the demo's own are set aside).
    for demo in ["acme", "globex"] {
        let slug = CustomerSlug::parse(demo).unwrap();
        app.store.set_retired(&slug, Some(1)).await.unwrap();
    }
    let mut customers = Vec::new();
    for slug in ["roll-a", "roll-b", "roll-c", "roll-d"] {
        let slug = add_customer(&app, slug).await;
        let (job, _) = engine.enqueue_apply(&slug).await.unwrap();
        customers.push((slug, job.id));
    }
    for (_, job) in &customers {
        let job = crate::helpers::job_done(&engine, job).await;
        assert_eq!(job.state, oem_hub::store::JobState::Succeeded, "{job:?}");
    }
    let slugs: Vec<CustomerSlug> = customers.into_iter().map(|(s, _)| s).collect();
    let v1 = sales(&app, &slugs).await;
    assert_eq!(v1, at_version(&v1, 1));

    let key = ModuleKey::parse("sales").unwrap();
    let current = app.store.get_module_version(&key, 1).await.unwrap();
    let v2 = TemplateVersion {
        template_app_id: current.template_app_id.clone(),
        sheets: current.sheets.clone(),
        script_template: format!("// Sales v2\n{}", current.script_template),
        variables: Vec::new(),
        note: "v2".to_owned(),
    };
    assert_eq!(app.store.add_module_version(&key, &v2).await.unwrap(), 2);
    assert_eq!(
        app.store.get_module(&key).await.unwrap().version,
        1,
        "recorded, not released"
    );

    // Reloads fail: the canary wave fails and the rollout halts before anyone else moves.
    fail_reloads(&app, true).await;
    let rollout = engine.start_rollout(&request()).await.unwrap();
    assert_eq!(
        rollout.waves.iter().map(Vec::len).collect::<Vec<_>>(),
        [1, 1, 2]
    );
    let halted = engine.drive_rollout(&rollout.id).await.unwrap();
    assert_eq!(halted.state, RolloutState::Halted, "{halted:?}");
    assert!(
        halted
            .reason
            .as_deref()
            .unwrap()
            .starts_with("wave 1 of 3: 1 of 1"),
        "{halted:?}"
    );
    let after = sales(&app, &slugs).await;
    assert_eq!(
        after,
        at_version(&v1, 1),
        "nobody moved: the canary never got v2 published"
    );
    assert!(
        engine.start_rollout(&request()).await.is_err(),
        "one unfinished rollout per module"
    );

    // Roll back: the canary's staging app goes back to v1 and is republished in place.
    fail_reloads(&app, false).await;
    let back = engine.rollback_rollout(&rollout.id).await.unwrap();
    assert_eq!(back.state, RolloutState::RolledBack, "{back:?}");
    assert_eq!(sales(&app, &slugs).await, at_version(&v1, 1));

    // Again, halted; then the cause is fixed and the rollout resumes to the end.
    fail_reloads(&app, true).await;
    let second = engine.start_rollout(&request()).await.unwrap();
    assert_eq!(
        engine.drive_rollout(&second.id).await.unwrap().state,
        RolloutState::Halted
    );
    fail_reloads(&app, false).await;
    let done = engine.resume_rollout(&second.id).await.unwrap();
    assert_eq!(done.state, RolloutState::Completed, "{done:?}");
    assert_eq!(
        sales(&app, &slugs).await,
        at_version(&v1, 2),
        "all on v2, same published ids"
    );
    assert_eq!(
        app.store.get_module(&key).await.unwrap().version,
        2,
        "released"
    );
    for slug in &slugs {
        assert!(app.store.pins(slug).await.unwrap().is_empty());
        assert!(
            engine.plan(slug, true).await.unwrap().steps.is_empty(),
            "{slug} converged"
        );
    }
    worker.stop().await;
}
