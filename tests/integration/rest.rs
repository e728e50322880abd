//! The REST API under /api/v1: authentication, input validation that names the field and
//! writes nothing, and the customer → plan → apply → job flow through the hub's own worker.

mod openapi;

use crate::helpers::TestApp;
use crate::helpers::fixtures::{self, SpecBuilder};
use oem_hub::domain::LastResult;
use oem_hub::provision::Step;
use oem_hub::store::JobState;
use oem_hub::wire::VersionView;
use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;

struct Api<'a> {
    app: &'a TestApp,
    token: String,
}

impl<'a> Api<'a> {
    async fn new(app: &'a TestApp) -> Api<'a> {
        let token = crate::helpers::admin_token(&app.store, "ci").await;
        Api { app, token }
    }

    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        self.app.rest(&self.token).raw(method, path, body).await
    }
}

pub fn customer(slug: &str) -> Value {
    json!({ "slug": slug, "display_name": "Umbrella", "region": "us",
            "origins": ["https://app.umbrella.example"], "modules": ["sales"],
            "params": {"region": "North"}, "group_roles": {"viewers": "consumer"},
            "data_connection": {"type": "sqlite", "connection_string": "/nonexistent/umbrella.db"} })
}

pub async fn with_database(app: &TestApp, mut spec: Value) -> Value {
    let db = oem_hub::cli::demo::data::write_customer_db(
        &app.data_dir,
        &oem_hub::cli::demo::data::DEMO_CUSTOMERS[0],
    )
    .await
    .unwrap();
    spec["data_connection"]["connection_string"] = json!(db.display().to_string());
    spec
}

#[tokio::test]
async fn the_api_needs_a_token_or_an_admin_session() {
    let app = TestApp::spawn().await;
    let resp = app
        .http
        .get(format!("{}/api/v1/customers", app.hub_url))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 401);
    let resp = app
        .http
        .get(format!("{}/api/v1/customers", app.hub_url))
        .bearer_auth("ohk_not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 401);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["code"], "unauthorized");
    // The OpenAPI document is public and lists every operation.
    let doc: Value = app
        .http
        .get(format!("{}/api/v1/openapi.json", app.hub_url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc, oem_hub::server::rest::openapi_document());
}

/// `TestApp::bare`, as `oem-hub demo --no-customers`: the templates and an admin, no customer,
/// and a host backend that says why it opens no session.
#[tokio::test]
async fn a_bare_hub_has_the_templates_but_no_customer() {
    let app = TestApp::bare().await;
    let api = Api::new(&app).await;
    let customers = app.rest(&api.token).customers().await.expect("listed");
    assert!(customers.is_empty(), "{customers:?}");
    let modules = app.store.list_modules().await.unwrap();
    assert!(modules.len() >= 2, "{modules:?}");
    let page = url::Url::parse(&app.host_page_url).unwrap();
    let port = page.port().expect("the host page's port");
    let backend = format!("http://127.0.0.1:{port}/partner/embed-token?customer=acme&user=ada");
    let answer = app.http.get(backend).send().await.unwrap();
    assert_eq!(answer.status().as_u16(), 409);
    let body: Value = answer.json().await.unwrap();
    let message = body["message"].as_str().unwrap_or_default();
    assert!(message.contains("without customers"), "{body}");
}

#[tokio::test]
async fn bad_customers_are_refused_naming_the_field_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let api = Api::new(&app).await;
    // The Sales template gets a row-filter parameter.
    let (status, body) = api
        .call(
            Method::POST,
            "/api/v1/modules/sales/versions",
            Some(json!({ "template_app_id": app.source.apps[0].id,
                "script_template": "LIB CONNECT TO 'customer_db';\nOrders: SQL SELECT * FROM orders WHERE region = {{region}};",
                "note": "row filter" })),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let version: VersionView = serde_json::from_value(body).unwrap();
    assert_eq!(version.version, 2);
    // No sheets given: they are read from the template app through the Qlik engine.
    assert_eq!(
        version.sheets[0].id.as_str(),
        "salesOverview",
        "{version:?}"
    );
    assert_eq!(version.sheets[1].title, "Sales by product", "{version:?}");
    let before = app.rest(&api.token).customers().await.unwrap();

    let with = |patch: Value| {
        let mut c = customer("umbrella");
        for (k, v) in patch.as_object().unwrap() {
            c[k] = v.clone();
        }
        c
    };
    let cases = [
        (with(json!({"region": "mars"})), "region"),
        (with(json!({"slug": "Umbrella Corp"})), "slug"),
        (
            with(json!({"origins": ["https://app.umbrella.example/embed"]})),
            "origins[0]",
        ),
        (
            with(json!({"origins": ["https://ok.example", "https://*.umbrella.example"]})),
            "origins[1]",
        ),
        (
            with(json!({"params": {"region": "North'; DROP TABLE orders; --\n"}})),
            "params.region",
        ),
        (
            with(json!({"params": {"region": "$(vSecret)"}})),
            "params.region",
        ),
        (with(json!({"params": {}})), "params.region"),
        (with(json!({"modules": ["hr"]})), "modules"),
        (
            with(json!({"group_roles": {"viewers": "owner"}})),
            "group_roles.viewers",
        ),
        (
            with(json!({"data_connection": {"type": "sqlite"}})),
            "data_connection.connection_string",
        ),
    ];
    for (body, field) in cases {
        let (status, err) = api
            .call(Method::POST, "/api/v1/customers", Some(body.clone()))
            .await;
        assert_eq!(status, 400, "{body}: {err}");
        assert_eq!(err["field"], field, "{body}: {err}");
        assert!(err["message"].as_str().unwrap().starts_with(field), "{err}");
    }
    assert_eq!(
        app.rest(&api.token).customers().await.unwrap(),
        before,
        "nothing written"
    );

    // A quote in a filter value is fine: it is escaped, not refused.
    let (status, body) = api
        .call(
            Method::POST,
            "/api/v1/customers",
            Some(with(json!({"params": {"region": "O'Brien; East"}}))),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let taken = SpecBuilder::new("umbrella").display_name("Another").build();
    let refused = app.rest(&api.token).create_customer(&taken).await;
    assert_eq!(refused.unwrap_err().status_and_field(), (409, Some("slug")));
    let (status, err) = api
        .call(
            Method::POST,
            "/api/v1/customers",
            Some(json!("not an object")),
        )
        .await;
    assert_eq!(status, 400, "{err}");
}

#[tokio::test]
async fn a_customer_is_planned_applied_by_a_job_and_audited() {
    let app = TestApp::spawn().await;
    let api = Api::new(&app).await;
    let mut spec = with_database(&app, customer("umbrella")).await;
    spec["params"] = json!({});
    let (status, body) = api
        .call(Method::POST, "/api/v1/customers", Some(spec))
        .await;
    assert_eq!(status, 201, "{body}");

    let rest = app.rest(&api.token);
    let plan = rest.plan("umbrella", false).await.unwrap();
    assert_eq!(plan.steps.first(), Some(&Step::CreateTenant), "{plan:?}");

    let id = rest.apply("umbrella").await.unwrap().id;
    // Asking again while it runs returns the same job.
    let again = rest.apply("umbrella").await.unwrap();
    assert!(
        again.id == id || again.state == JobState::Succeeded,
        "{again:?}"
    );

    // The SSE stream ends with the job's final state.
    let sse = app
        .http
        .get(format!("{}/api/v1/jobs/{id}/events", app.hub_url))
        .bearer_auth(&api.token)
        .timeout(Duration::from_secs(120))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(sse.contains("event: end"), "{sse}");
    let job = rest.job(&id).await.unwrap();
    assert_eq!(job.state, JobState::Succeeded, "{job:?}");
    assert_eq!(job.step_index, job.step_count, "{job:?}");

    let shown = rest.customer("umbrella").await.unwrap();
    assert!(shown.observed.tenant_id.is_some(), "{shown:?}");
    assert_eq!(shown.last_result, Some(LastResult::Succeeded));
    let sales = &shown.observed.deployments[&fixtures::module("sales")];
    assert!(sales.published_app_id.is_some(), "{sales:?}");
    let plan = rest.plan("umbrella", true).await.unwrap();
    assert!(plan.steps.is_empty(), "{plan:?}");
    let audit = rest.audit("umbrella").await.unwrap();
    assert!(
        audit
            .iter()
            .all(|e| e.job_id.as_deref() == Some(id.as_str()))
    );
    let (status, err) = api.call(Method::GET, "/api/v1/audit?limit=0", None).await;
    assert_eq!((status, err["field"].as_str()), (400, Some("limit")));
}
