//! Deprovision and reactivate through the REST API: the tenant is deactivated with
//! `qlik-confirm-hostname` and a purge window, refuses calls, comes back on reactivation, and
//! the audit log keeps everything.

use crate::helpers::TestApp;
use crate::rest::{customer, with_database};
use oem_hub::store::{Job, JobState};
use reqwest::Method;
use serde_json::{Value, json};

async fn call(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    app.rest(token).raw(method, path, body).await
}

async fn finished(app: &TestApp, token: &str, job: &Value) -> Job {
    let id = job["id"].as_str().unwrap();
    let sse = app
        .http
        .get(format!("{}/api/v1/jobs/{id}/events", app.hub_url))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(sse.contains("event: end"), "{sse}");
    app.rest(token).job(id).await.unwrap()
}

#[tokio::test]
async fn a_customer_is_deprovisioned_and_reactivated_within_the_purge_window() {
    let app = TestApp::spawn().await;
    let token = crate::helpers::admin_token(&app.store, "ops").await;
    let mut spec = with_database(&app, customer("umbrella")).await;
    spec["params"] = json!({});
    assert_eq!(
        call(&app, &token, Method::POST, "/api/v1/customers", Some(spec))
            .await
            .0,
        201
    );
    let (_, job) = call(
        &app,
        &token,
        Method::POST,
        "/api/v1/customers/umbrella/apply",
        None,
    )
    .await;
    assert_eq!(
        finished(&app, &token, &job).await.state,
        JobState::Succeeded
    );
    let (_, shown) = call(
        &app,
        &token,
        Method::GET,
        "/api/v1/customers/umbrella",
        None,
    )
    .await;
    let host: oem_hub::domain::TenantHostname =
        crate::helpers::id(shown["observed"]["hostname"].as_str().unwrap());
    let audited = call(
        &app,
        &token,
        Method::GET,
        "/api/v1/audit?customer=umbrella&limit=10000",
        None,
    )
    .await
    .1;

    for days in [5, 91] {
        let (status, err) = call(
            &app,
            &token,
            Method::POST,
            "/api/v1/customers/umbrella/deprovision",
            Some(json!({"purge_after_days": days})),
        )
        .await;
        assert_eq!(
            (status, err["field"].as_str()),
            (400, Some("purge_after_days")),
            "{err}"
        );
    }
    let (status, job) = call(
        &app,
        &token,
        Method::POST,
        "/api/v1/customers/umbrella/deprovision",
        Some(json!({"purge_after_days": 10})),
    )
    .await;
    assert_eq!(status, 202, "{job}");
    assert_eq!(
        finished(&app, &token, &job).await.state,
        JobState::Succeeded
    );
    let (_, shown) = call(
        &app,
        &token,
        Method::GET,
        "/api/v1/customers/umbrella",
        None,
    )
    .await;
    assert_eq!(shown["retired"], true);
    assert!(
        shown["observed"]["deactivated_purge_date"].is_string(),
        "{shown}"
    );
    // The disabled tenant refuses the partner's own client, as Qlik does.
    let err = app.qlik().tenant(&host).me().await.unwrap_err();
    assert_eq!(err.status(), Some(403), "{err}");
    let (status, err) = call(
        &app,
        &token,
        Method::POST,
        "/api/v1/customers/umbrella/apply",
        None,
    )
    .await;
    assert_eq!(status, 409, "a retired customer is not applied: {err}");

    let (status, job) = call(
        &app,
        &token,
        Method::POST,
        "/api/v1/customers/umbrella/reactivate",
        None,
    )
    .await;
    assert_eq!(status, 202, "{job}");
    assert_eq!(
        finished(&app, &token, &job).await.state,
        JobState::Succeeded
    );
    let (_, shown) = call(
        &app,
        &token,
        Method::GET,
        "/api/v1/customers/umbrella",
        None,
    )
    .await;
    assert_eq!(shown["retired"], false);
    assert_eq!(
        app.qlik()
            .tenant(&host)
            .me()
            .await
            .unwrap()
            .tenant_id
            .as_str(),
        shown["observed"]["tenant_id"].as_str().unwrap()
    );
    let (_, plan) = call(
        &app,
        &token,
        Method::GET,
        "/api/v1/customers/umbrella/plan?refresh=true",
        None,
    )
    .await;
    assert_eq!(plan["steps"], json!([]), "{plan}");
    // Nothing left the audit log: the earlier entries are all still there, and more came.
    let now = call(
        &app,
        &token,
        Method::GET,
        "/api/v1/audit?customer=umbrella&limit=10000",
        None,
    )
    .await
    .1;
    let before = audited.as_array().unwrap();
    assert!(
        now.as_array().unwrap().starts_with(before) && now.as_array().unwrap().len() > before.len()
    );
}

#[tokio::test]
async fn a_customer_in_another_region_is_provisioned_with_that_regions_client() {
    let app = TestApp::spawn().await;
    let token = crate::helpers::admin_token(&app.store, "ops").await;
    // The demo's globex is in eu; the source tenant and its client are in us.
    let (status, job) = call(
        &app,
        &token,
        Method::POST,
        "/api/v1/customers/globex/apply",
        None,
    )
    .await;
    assert_eq!(status, 202, "{job}");
    let job = finished(&app, &token, &job).await;
    assert_eq!(job.state, JobState::Succeeded, "{job:?}");
    let (_, shown) = call(&app, &token, Method::GET, "/api/v1/customers/globex", None).await;
    let host = shown["observed"]["hostname"].as_str().unwrap();
    assert!(host.ends_with(".eu.localhost"), "{host}");
}

#[tokio::test]
async fn an_edited_spec_plans_only_the_change_and_the_region_is_fixed_once_made() {
    let app = TestApp::spawn().await;
    let token = crate::helpers::admin_token(&app.store, "ops").await;
    let mut spec = with_database(&app, customer("umbrella")).await;
    spec["params"] = json!({});
    assert_eq!(
        call(
            &app,
            &token,
            Method::POST,
            "/api/v1/customers",
            Some(spec.clone())
        )
        .await
        .0,
        201
    );
    let (_, job) = call(
        &app,
        &token,
        Method::POST,
        "/api/v1/customers/umbrella/apply",
        None,
    )
    .await;
    assert_eq!(
        finished(&app, &token, &job).await.state,
        JobState::Succeeded
    );

    // The form sends the spec back without the secret: the stored one is kept.
    spec["origins"] = json!([
        "https://app.umbrella.example",
        "https://new.umbrella.example"
    ]);
    spec["data_connection"]["connection_string"] = json!("");
    let (status, saved) = call(
        &app,
        &token,
        Method::PUT,
        "/api/v1/customers/umbrella",
        Some(spec.clone()),
    )
    .await;
    assert_eq!(status, 200, "{saved}");
    let (_, plan) = call(
        &app,
        &token,
        Method::GET,
        "/api/v1/customers/umbrella/plan",
        None,
    )
    .await;
    let steps: Vec<&str> = plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["web_integration", "csp_origins"], "{plan}");
    let (_, job) = call(
        &app,
        &token,
        Method::POST,
        "/api/v1/customers/umbrella/apply",
        None,
    )
    .await;
    assert_eq!(
        finished(&app, &token, &job).await.state,
        JobState::Succeeded
    );
    let (_, plan) = call(
        &app,
        &token,
        Method::GET,
        "/api/v1/customers/umbrella/plan?refresh=true",
        None,
    )
    .await;
    assert_eq!(plan["steps"], json!([]), "{plan}");

    // Taking the viewers mapping out revokes the group's access to the published apps.
    let mut fewer = spec.clone();
    fewer["group_roles"] = json!({});
    assert_eq!(
        call(
            &app,
            &token,
            Method::PUT,
            "/api/v1/customers/umbrella",
            Some(fewer)
        )
        .await
        .0,
        200
    );
    let (_, job) = call(
        &app,
        &token,
        Method::POST,
        "/api/v1/customers/umbrella/apply",
        None,
    )
    .await;
    assert_eq!(
        finished(&app, &token, &job).await.state,
        JobState::Succeeded
    );
    let (_, shown) = call(
        &app,
        &token,
        Method::GET,
        "/api/v1/customers/umbrella",
        None,
    )
    .await;
    let host = shown["observed"]["hostname"].as_str().unwrap();
    let space = shown["observed"]["production_space_id"].as_str().unwrap();
    assert!(
        app.qlik()
            .tenant(&crate::helpers::id(host))
            .list_assignments(&crate::helpers::id(space))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(shown["observed"]["assignments"], json!({}));

    let mut moved = spec.clone();
    moved["region"] = json!("eu");
    let (status, err) = call(
        &app,
        &token,
        Method::PUT,
        "/api/v1/customers/umbrella",
        Some(moved),
    )
    .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (400, Some("region")),
        "{err}"
    );
    let mut renamed = spec.clone();
    renamed["slug"] = json!("other");
    let (status, err) = call(
        &app,
        &token,
        Method::PUT,
        "/api/v1/customers/umbrella",
        Some(renamed),
    )
    .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (400, Some("slug")),
        "{err}"
    );
}
