//! The admin console's provisioning server functions: create (field-naming refusals), plan,
//! apply and job status, all behind the admin session.

use crate::helpers::TestApp;
use crate::rest::{customer, with_database};
use serde_json::{Value, json};
use std::time::Duration;

/// Signs in as the bootstrap admin and returns the session cookie.
async fn admin_session(app: &TestApp) -> String {
    app.admin_cookie().await
}

#[tokio::test]
async fn the_admin_console_server_functions_create_plan_and_apply() {
    let app = TestApp::spawn().await;
    let session = admin_session(&app).await;
    let call = |name: &str, body: Value| {
        let req = app
            .http
            .post(format!("{}/api/admin/{name}", app.hub_url))
            .header("cookie", &session)
            .json(&body);
        async move {
            let resp = req.send().await.unwrap();
            (resp.status().as_u16(), resp.json::<Value>().await.unwrap())
        }
    };
    let mut spec = with_database(&app, customer("console-co")).await;
    spec["params"] = json!({});
    spec["origins"] = json!(["https://app.console.example/x"]);
    let (status, err) = call("customers/create", json!({ "spec": spec })).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (400, Some("origins[0]")),
        "{err}"
    );
    spec["origins"] = json!(["https://app.console.example"]);
    let (status, body) = call("customers/create", json!({ "spec": spec })).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["data_connection"]["connection_string"], "",
        "secrets never come back"
    );

    let (status, steps) = call(
        "customers/plan",
        json!({ "slug": "console-co", "refresh": false }),
    )
    .await;
    assert_eq!(status, 200, "{steps}");
    assert_eq!(steps[0], "create tenant");
    let (status, job) = call("customers/apply", json!({ "slug": "console-co" })).await;
    assert_eq!(status, 200, "{job}");
    let id = job["id"].as_str().unwrap().to_owned();
    let job =
        crate::helpers::wait_until("the console's apply", Duration::from_secs(60), || async {
            let (_, job) = call("jobs/status", json!({ "id": id })).await;
            let state = job["state"].as_str().unwrap().to_owned();
            ["succeeded", "failed", "cancelled"]
                .contains(&state.as_str())
                .then_some(job)
        })
        .await;
    assert_eq!(job["state"], "succeeded", "{job}");
    // Without the session, nothing.
    let resp = app
        .http
        .post(format!("{}/api/admin/customers/plan", app.hub_url))
        .json(&json!({ "slug": "console-co", "refresh": false }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 401);
}
