//! Deprovision and reactivate through the REST API: the tenant is deactivated with
//! `qlik-confirm-hostname` and a purge window, refuses calls, comes back on reactivation, and
//! the audit log keeps everything.

use crate::helpers::TestApp;
use crate::helpers::rest::Rest;
use crate::rest::{customer, with_database};
use oem_hub::provision::Step;
use oem_hub::store::{Job, JobState};
use reqwest::Method;
use serde_json::{Value, json};

/// Waits for `job` through its event stream, then reads how it ended.
async fn finished(app: &TestApp, token: &str, job: &Job) -> Job {
    let id = &job.id;
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

/// `job`, queued, runs to success.
async fn succeeds(app: &TestApp, token: &str, job: Job) {
    let ended = finished(app, token, &job).await;
    assert_eq!(ended.state, JobState::Succeeded, "{ended:?}");
}

/// Creates `spec` (raw JSON: a typed spec would not carry its connection string) and applies it.
async fn create_and_apply(app: &TestApp, token: &str, spec: Value) {
    let rest = app.rest(token);
    let (status, body) = rest
        .raw(Method::POST, "/api/v1/customers", Some(spec))
        .await;
    assert_eq!(status, 201, "{body}");
    succeeds(app, token, rest.apply("umbrella").await.unwrap()).await;
}

/// `PUT /api/v1/customers/umbrella` with `spec` as sent by a form: status and body.
async fn put_umbrella(rest: &Rest<'_>, spec: Value) -> (u16, Value) {
    rest.raw(Method::PUT, "/api/v1/customers/umbrella", Some(spec))
        .await
}

#[tokio::test]
async fn a_customer_is_deprovisioned_and_reactivated_within_the_purge_window() {
    let app = TestApp::spawn().await;
    let token = crate::helpers::admin_token(&app.store, "ops").await;
    let rest = app.rest(&token);
    let mut spec = with_database(&app, customer("umbrella")).await;
    spec["params"] = json!({});
    create_and_apply(&app, &token, spec).await;
    let shown = rest.customer("umbrella").await.unwrap();
    let host = shown.observed.hostname.clone().unwrap();
    let audited = rest.audit("umbrella").await.unwrap();

    for days in [5, 91] {
        let refused = rest.deprovision("umbrella", days).await.unwrap_err();
        assert_eq!(
            refused.status_and_field(),
            (400, Some("purge_after_days")),
            "{refused:?}"
        );
    }
    let job = rest.deprovision("umbrella", 10).await.unwrap();
    succeeds(&app, &token, job).await;
    let shown = rest.customer("umbrella").await.unwrap();
    assert!(shown.retired);
    assert!(shown.observed.deactivated_purge_date.is_some(), "{shown:?}");
    // The disabled tenant refuses the partner's own client, as Qlik does.
    let err = app.qlik().tenant(&host).me().await.unwrap_err();
    assert_eq!(err.status(), Some(403), "{err}");
    let refused = rest.apply("umbrella").await.unwrap_err();
    assert_eq!(refused.status, 409, "a retired customer is not applied");

    succeeds(&app, &token, rest.reactivate("umbrella").await.unwrap()).await;
    let shown = rest.customer("umbrella").await.unwrap();
    assert!(!shown.retired);
    assert_eq!(
        Some(app.qlik().tenant(&host).me().await.unwrap().tenant_id),
        shown.observed.tenant_id
    );
    let plan = rest.plan("umbrella", true).await.unwrap();
    assert!(plan.steps.is_empty(), "{plan:?}");
    // Nothing left the audit log: the earlier entries are all still there, and more came.
    let now = rest.audit("umbrella").await.unwrap();
    assert!(now.starts_with(&audited) && now.len() > audited.len());
}

#[tokio::test]
async fn a_customer_in_another_region_is_provisioned_with_that_regions_client() {
    let app = TestApp::spawn().await;
    let token = crate::helpers::admin_token(&app.store, "ops").await;
    let rest = app.rest(&token);
    // The demo's globex is in eu; the source tenant and its client are in us.
    succeeds(&app, &token, rest.apply("globex").await.unwrap()).await;
    let shown = rest.customer("globex").await.unwrap();
    let host = shown.observed.hostname.unwrap();
    assert!(host.as_str().ends_with(".eu.localhost"), "{host}");
}

#[tokio::test]
async fn an_edited_spec_plans_only_the_change_and_the_region_is_fixed_once_made() {
    let app = TestApp::spawn().await;
    let token = crate::helpers::admin_token(&app.store, "ops").await;
    let rest = app.rest(&token);
    let mut spec = with_database(&app, customer("umbrella")).await;
    spec["params"] = json!({});
    create_and_apply(&app, &token, spec.clone()).await;

    // The form sends the spec back without the secret: the stored one is kept.
    spec["origins"] = json!([
        "https://app.umbrella.example",
        "https://new.umbrella.example"
    ]);
    spec["data_connection"]["connection_string"] = json!("");
    let (status, saved) = put_umbrella(&rest, spec.clone()).await;
    assert_eq!(status, 200, "{saved}");
    let plan = rest.plan("umbrella", false).await.unwrap();
    assert!(
        matches!(
            plan.steps[..],
            [Step::WebIntegration { .. }, Step::CspOrigins { .. }]
        ),
        "{plan:?}"
    );
    succeeds(&app, &token, rest.apply("umbrella").await.unwrap()).await;
    let plan = rest.plan("umbrella", true).await.unwrap();
    assert!(plan.steps.is_empty(), "{plan:?}");

    // Taking the viewers mapping out revokes the group's access to the published apps.
    let mut fewer = spec.clone();
    fewer["group_roles"] = json!({});
    assert_eq!(put_umbrella(&rest, fewer).await.0, 200);
    succeeds(&app, &token, rest.apply("umbrella").await.unwrap()).await;
    let observed = rest.customer("umbrella").await.unwrap().observed;
    let host = observed.hostname.as_ref().unwrap();
    let space = observed.production_space_id.as_ref().unwrap();
    let qlik = app.qlik();
    let assigned = qlik.tenant(host).list_assignments(space).await.unwrap();
    assert!(assigned.is_empty(), "{assigned:?}");
    assert!(observed.assignments.is_empty());

    // The region and the slug stay as they were made (the slug is the URL's).
    let mut moved = spec.clone();
    moved["region"] = json!("eu");
    let (status, err) = put_umbrella(&rest, moved).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (400, Some("region")),
        "{err}"
    );
    let mut renamed = spec.clone();
    renamed["slug"] = json!("other");
    let (status, err) = put_umbrella(&rest, renamed).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (400, Some("slug")),
        "{err}"
    );
}
