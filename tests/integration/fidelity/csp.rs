//! Point 2: Qlik stores a CSP origin without its scheme (its tutorial posts `https://host:port`
//! and finds the entry again as `host:port`); apply and observe compare the same way.

use crate::helpers::TestApp;
use crate::lists::{bearer, call};
use crate::provision::add_customer;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn csp_origins_are_kept_without_the_scheme() {
    let app = TestApp::spawn().await;
    let host = crate::helpers::source_host(&app.source);
    let token = bearer(&app, &host).await;
    let body = json!({"name": "partner", "origin": "https://app.partner.example:8443",
        "frameAncestors": true});
    let (status, entry) = call(
        &app,
        &host,
        &token,
        (Method::POST, "/api/v1/csp-origins"),
        Some(body),
    )
    .await;
    assert_eq!(status, 201, "{entry}");
    assert_eq!(entry["origin"], "app.partner.example:8443", "{entry}");
    let (_, header) = call(
        &app,
        &host,
        &token,
        (Method::GET, "/api/v1/csp-origins/actions/generate-header"),
        None,
    )
    .await;
    let csp = header["Content-Security-Policy"].as_str().unwrap();
    assert!(
        csp.contains("frame-ancestors 'self' app.partner.example:8443"),
        "{csp}"
    );
}

#[tokio::test]
async fn an_applied_customer_sees_its_scheme_less_entries_as_its_own() {
    let app = TestApp::spawn().await;
    let engine = app.engine();
    let slug = add_customer(&app, "umbrella").await;
    engine.apply(&slug).await.unwrap();
    let observed = app.store.get_state(&slug).await.unwrap().observed;
    assert_eq!(
        observed.csp_origins.keys().collect::<Vec<_>>(),
        ["https://app.partner.example"]
    );
    let host = observed.hostname.unwrap();
    let entries = app.qlik().tenant(&host).list_csp_origins().await.unwrap();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0].origin, "app.partner.example");

    // Observing the tenant again finds the entry: nothing to re-create.
    let labels: Vec<String> = engine
        .plan(&slug, true)
        .await
        .unwrap()
        .steps
        .iter()
        .map(|s| s.label())
        .collect();
    assert!(labels.is_empty(), "{labels:?}");
    engine.apply(&slug).await.unwrap();
    assert_eq!(
        app.qlik()
            .tenant(&host)
            .list_csp_origins()
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn the_diagnosis_finds_the_scheme_less_frame_ancestor() {
    use crate::attacks::cross_tenant::{backend_token, embed_token};
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    let slug = oem_hub::domain::CustomerSlug::parse("acme").unwrap();
    let customer = app.store.get_customer(&slug).await.unwrap();
    let origin = customer.spec.origins[0].to_string();
    let api = backend_token(&app).await;
    let embed = embed_token(&app, &api, "acme", "ann").await;
    let resp = app
        .http
        .post(format!("{}/api/v1/embed/diagnosis", app.hub_url))
        .bearer_auth(&embed)
        .header("origin", &origin)
        .json(&json!({"symptom": "login_failed", "module": null}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let diagnosis: serde_json::Value = resp.json().await.unwrap();
    let causes: Vec<&str> = diagnosis["causes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["cause"].as_str().unwrap())
        .collect();
    assert!(
        !causes.contains(&"csp_frame_ancestors_missing")
            && !causes.contains(&"origin_not_in_web_integration"),
        "{origin}: {diagnosis}"
    );
}
