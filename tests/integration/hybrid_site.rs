//! The hybrid tests' helpers: the hub's REST API with an API token, and the emulated
//! client-managed site (deployments, tokens, distribution) with two sample apps.

use crate::helpers::TestApp;
use oem_hub::domain::DeploymentValues;
use oem_hub::wire::HybridView;
use reqwest::Method;
use serde_json::{Value, json};

pub const SITE: &str = "qse.partner.example";

/// The hub's REST API with an API token.
pub struct Hub<'a> {
    app: &'a TestApp,
    token: String,
}

impl<'a> Hub<'a> {
    pub async fn new(app: &'a TestApp) -> Hub<'a> {
        let token = crate::helpers::admin_token(&app.store, "hybrid").await;
        Hub { app, token }
    }

    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let path = format!("/api/v1{path}");
        self.app.rest(&self.token).raw(method, &path, body).await
    }

    /// `method /api/v1{path}` answered with the deployment's view (the test fails on a refusal).
    pub async fn view(&self, method: Method, path: &str, body: Option<Value>) -> HybridView {
        let path = format!("/api/v1{path}");
        let rest = self.app.rest(&self.token);
        rest.call(method.clone(), &path, body.as_ref())
            .await
            .unwrap_or_else(|refused| panic!("{method} {path}: {refused:?}"))
    }
}

/// A call to the emulated client-managed site (the emulator's control host).
pub async fn site(app: &TestApp, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut request =
        app.emulator_request(method, "control.localhost", &format!("/sites/{SITE}{path}"));
    if let Some(body) = body {
        request = request.json(&body);
    }
    let resp = request.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

/// Puts the site on `license_key`.
pub async fn site_license(app: &TestApp, license_key: &str) {
    let body = json!({"licenseKey": license_key});
    let (status, answer) = site(app, Method::PUT, "/license", Some(body)).await;
    assert_eq!(status, 204, "{answer}");
}

/// The partner's signed license key, which its tenants share.
pub async fn tenant_license(app: &TestApp) -> String {
    let overview = app
        .qlik()
        .tenant(&crate::helpers::source_host(&app.source))
        .license_overview()
        .await;
    overview.unwrap().license_key
}

/// Creates a deployment on the site (running on the tenant's license) from the values the
/// hub gave; answers (id, token JSON).
pub async fn site_deployment(app: &TestApp, values: &DeploymentValues) -> (String, String) {
    site_license(app, &tenant_license(app).await).await;
    let (status, deployment) = site(
        app,
        Method::POST,
        "/deployments",
        Some(
            json!({"name": values.deployment_name, "apiEndpoint": values.api_endpoint,
            "audience": values.audience}),
        ),
    )
    .await;
    assert_eq!(status, 201, "{deployment}");
    let id = deployment["id"].as_str().unwrap().to_owned();
    let (status, token) = site(app, Method::GET, &format!("/deployments/{id}/token"), None).await;
    assert_eq!(status, 200, "{token}");
    (id, token.to_string())
}

/// The published "Sales Insights" app: an overview with native charts, and a sheet with an
/// extension object.
pub fn sales_insights(overview_title: &str) -> Value {
    json!({
        "sourceAppId": "0b6e3c1e-qse-sales",
        "name": "Sales Insights",
        "script": "LOAD * FROM [lib://Sales/orders.qvd] (qvd);",
        "sheets": [
            {"id": "qseOverview", "title": overview_title,
             "cells": [{"name": "kpi1", "type": "kpi"}, {"name": "bar1", "type": "barchart"}]},
            {"id": "qseSunburst", "title": "Product mix",
             "cells": [{"name": "sun1", "type": "d3-sunburst"}]},
        ],
        "data": [{"name": "Orders", "columns": ["region", "product"],
                  "rows": [["North", "Zeppelins"], ["South", "Gliders"]]}],
    })
}

/// An on-demand (ODAG) template app.
pub fn on_demand() -> Value {
    json!({
        "sourceAppId": "9f1d-qse-odag",
        "name": "Regional Detail",
        "script": "LOAD * FROM [lib://Sales/orders.qvd] (qvd) WHERE Match(region, $(odag_region));",
        "sheets": [{"id": "detail", "title": "Detail", "cells": []}],
    })
}

pub async fn distribute(app: &TestApp, deployment: &str, source: Value) -> (u16, Value) {
    site(
        app,
        Method::POST,
        "/distribute",
        Some(json!({"deploymentId": deployment, "app": source})),
    )
    .await
}
