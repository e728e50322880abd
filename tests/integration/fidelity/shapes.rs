//! The shape contract: live emulator answers against the fixture generated from `@qlik/api`
//! 2.19.0's types (`tests/fixtures/qlik-shapes/generate.mjs`), success and error, every route.

mod check;
mod run;
mod scenarios;

use crate::helpers::TestApp;
use oem_hub::emulator::routes::served;
use run::{Ctx, Expect};
use serde_json::Value;
use std::collections::BTreeSet;

/// Where the emulator knowingly answers other than `@qlik/api`'s types, because Qlik's own
/// tutorials see real tenants answer so: `(method, route, text in the mismatch, why)`. An entry
/// no longer observed fails `the_emulator_answers_as_qlik_types`, so the list cannot go stale.
const DEVIATIONS: &[(&str, &str, &str, &str)] = &[(
    "POST",
    "/api/v1/apps/{appId}/export",
    "status 201",
    "the .d.ts types 200 with a body; Qlik's deploy tutorials get 201 + Location from real \
     tenants (the client accepts both: fidelity::reloads, and the knob exportInline gives 200)",
)];

fn fixture() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/qlik-api-2.19.0-shapes.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn entries() -> Vec<Value> {
    fixture()["routes"].as_array().unwrap().clone()
}

fn key(method: &str, path: &str) -> String {
    format!("{method} {path}")
}

/// The served `/api/` routes outside the console host (whose organization API is not in
/// `@qlik/api`): the generator's input, `tests/fixtures/qlik-shapes/served-routes.json`.
fn served_api() -> BTreeSet<String> {
    served()
        .into_iter()
        .filter(|(host, _, path)| *host != "console" && path.starts_with("/api/"))
        .map(|(_, m, p)| key(m, p))
        .collect()
}

#[test]
fn every_served_api_route_has_a_shape_entry() {
    let input = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/qlik-shapes/served-routes.json"
    ))
    .unwrap();
    let input: Vec<Value> = serde_json::from_str(&input).unwrap();
    let input: BTreeSet<String> = input
        .iter()
        .map(|r| key(r["method"].as_str().unwrap(), r["path"].as_str().unwrap()))
        .collect();
    assert_eq!(
        input,
        served_api(),
        "served-routes.json is out of step with routes::served(): update it and rerun generate.mjs"
    );
    let shaped: BTreeSet<String> = entries()
        .iter()
        .map(|e| key(e["method"].as_str().unwrap(), e["path"].as_str().unwrap()))
        .collect();
    let unshaped: Vec<String> = served_api()
        .into_iter()
        .filter(|r| !shaped.contains(r))
        .collect();
    assert!(
        unshaped.is_empty(),
        "served without a shape entry: {unshaped:?}"
    );
    assert_eq!(fixture()["not_in_qlik_api"], serde_json::json!([]));
}

#[test]
fn every_shaped_route_has_a_success_and_an_error_step() {
    let steps = scenarios::steps();
    let mut missing = Vec::new();
    for entry in entries() {
        let (m, p) = (
            entry["method"].as_str().unwrap(),
            entry["path"].as_str().unwrap(),
        );
        for expect in [Expect::Success, Expect::Error] {
            if !steps
                .iter()
                .any(|s| s.method == m && s.route == p && s.expect == expect)
            {
                missing.push(format!("{m} {p} {expect:?}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "routes without a scenario: {missing:#?}"
    );
    for s in &steps {
        assert!(
            served_api().contains(&key(s.method, s.route)),
            "{} {} is not served",
            s.method,
            s.route
        );
    }
}

#[tokio::test]
async fn the_emulator_answers_as_qlik_types() {
    let app = TestApp::bare().await;
    let tenant_token = crate::users_spaces::bearer(&app, &app.source.source_hostname).await;
    let register_token = crate::users_spaces::bearer(&app, "register.us.localhost").await;
    // Reloads keep running long enough for the cancel step to find one still running.
    let knobs = app
        .emulator_request(reqwest::Method::PUT, "control.localhost", "/knobs")
        .json(&serde_json::json!({ "reloadMs": 30_000 }))
        .send()
        .await
        .unwrap();
    assert_eq!(knobs.status().as_u16(), 200);
    let mut ctx = Ctx {
        app: &app,
        tenant_token,
        register_token,
        vars: Default::default(),
        bytes: Default::default(),
    };
    ctx.vars
        .insert("license".into(), app.source.license_key.clone());
    ctx.vars.insert("app".into(), app.source.apps[0].id.clone());
    let by_route: std::collections::HashMap<String, Value> = entries()
        .into_iter()
        .map(|e| {
            (
                key(e["method"].as_str().unwrap(), e["path"].as_str().unwrap()),
                e,
            )
        })
        .collect();
    let mut found = Vec::new();
    for step in scenarios::steps() {
        let entry = &by_route[&key(step.method, step.route)];
        for m in ctx.run(&step, entry).await {
            found.push((step.method, step.route, format!("{:?}: {m}", step.expect)));
        }
    }
    let gap = |g: &(&str, &str, &str, &str), f: &(&str, &str, String)| {
        g.0 == f.0 && g.1 == f.1 && f.2.contains(g.2)
    };
    let unexplained: Vec<String> = found
        .iter()
        .filter(|f| !DEVIATIONS.iter().any(|g| gap(g, f)))
        .map(|(m, r, text)| format!("{m} {r}: {text}"))
        .collect();
    let stale: Vec<_> = DEVIATIONS
        .iter()
        .filter(|g| !found.iter().any(|f| gap(g, f)))
        .collect();
    assert!(
        unexplained.is_empty(),
        "{} mismatches with @qlik/api 2.19.0:\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
    assert!(
        stale.is_empty(),
        "deviations no longer observed, remove them: {stale:?}"
    );
}
