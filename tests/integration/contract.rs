//! The emulator's surface against Qlik's official client: every `/api/` route it serves must
//! be a method + path of `@qlik/api` 2.19.0 (fixture extracted from the npm package), except
//! the console host's organization API, which `@qlik/api` does not cover; and every route it
//! declares must really be routed on its host.

use crate::helpers::TestApp;
use oem_hub::emulator::routes::served;
use reqwest::Method;
use std::collections::HashSet;

/// Routes outside `@qlik/api`'s generated functions: OAuth (hand-written in the package),
/// the login endpoint, the embedding pages Qlik documents separately, and the engine socket.
/// `/qlik-embed/main.js` is where qlik-embed's loader finds the tenant's runtime;
/// `/qlik-embed/render` is the emulated runtime's own channel (Qlik's runtime is private).
const NON_API: [&str; 7] = [
    "/oauth/token",
    "/login/jwt-session",
    "/single/",
    "/app/{}",
    "/sense/app/{}/sheet/{}/state/analysis",
    "/qlik-embed/main.js",
    "/qlik-embed/render",
];

/// `/api/v1/apps/{appId}` → `/api/v1/apps/{}`.
fn shape(path: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            c if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

fn qlik_routes() -> HashSet<(String, String)> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/qlik-api-2.19.0-routes.json"
    ))
    .unwrap();
    let fixture: serde_json::Value = serde_json::from_str(&text).unwrap();
    fixture["modules"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|functions| functions.as_array().unwrap().iter())
        .map(|f| {
            (
                f["method"].as_str().unwrap().to_owned(),
                shape(f["path"].as_str().unwrap()),
            )
        })
        .collect()
}

/// Routes of the console host (`console.qlikcloud.com`): Qlik's organization REST API
/// (qlik.dev/apis/org-rest), not part of `@qlik/api`, so exempted here by name.
const ORG_API: [(&str, &str); 2] = [("POST", "/oauth/token"), ("GET", "/api/core/tenants")];

#[test]
fn every_served_api_route_is_a_qlik_api_route() {
    let qlik = qlik_routes();
    assert!(qlik.len() > 140, "fixture loaded");
    let mut missing = Vec::new();
    for (host_kind, method, path) in served() {
        let shaped = shape(path);
        let known = if host_kind == "console" {
            ORG_API.contains(&(method, path))
        } else if path.starts_with("/api/") {
            qlik.contains(&(method.to_owned(), shaped.clone()))
        } else {
            NON_API.contains(&shaped.as_str())
        };
        if !known {
            missing.push(format!("{method} {path}"));
        }
    }
    assert!(missing.is_empty(), "not in @qlik/api 2.19.0: {missing:?}");
}

#[tokio::test]
async fn every_declared_route_is_routed_on_its_host() {
    let app = TestApp::bare().await;
    for (host_kind, method, path) in served() {
        let host = match host_kind {
            "register" => "register.us.localhost".to_owned(),
            "console" => "console.localhost".to_owned(),
            _ => app.source.source_hostname.clone(),
        };
        let concrete = shape(path).replace("{}", "x");
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let response = app
            .emulator_request(method.clone(), &host, &concrete)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let body = response.text().await.unwrap();
        assert!(
            status != 405 && !body.contains("no route for"),
            "{method} {path} on {host}: {status} {body}"
        );
    }
}
