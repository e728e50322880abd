//! The tests' view of the source tenant: a token, the seeded app, Tasks API calls, the
//! control host's clock and knobs, and an app whose script reads a SQLite file.

use crate::helpers::{TestApp, wait_until};
use crate::users_spaces::bearer;
use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;

/// The caller's view of the source tenant.
pub struct Tenant<'a> {
    pub app: &'a TestApp,
    pub host: String,
    pub token: String,
    pub app_id: String,
}

impl<'a> Tenant<'a> {
    pub async fn new(app: &'a TestApp) -> Self {
        let host = app.source.source_hostname.clone();
        let token = bearer(app, &host).await;
        let app_id = app.source.apps[0].id.clone();
        Self {
            app,
            host,
            token,
            app_id,
        }
    }

    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self
            .app
            .emulator_request(method, &self.host, path)
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub async fn create(&self, body: Value) -> Value {
        let (status, task) = self.call(Method::POST, "/api/v1/tasks", Some(body)).await;
        assert_eq!(status, 201, "{task}");
        task
    }

    pub async fn runs(&self, task: &Value) -> Vec<Value> {
        let path = format!("/api/v1/tasks/{}/runs", task["id"].as_str().unwrap());
        let (status, list) = self.call(Method::GET, &path, None).await;
        assert_eq!(status, 200, "{list}");
        list["data"].as_array().unwrap().clone()
    }

    /// Waits for the latest run of `task` to end; the run.
    pub async fn ended_run(&self, task: &Value) -> Value {
        let path = format!("/api/v1/tasks/{}/runs/last", task["id"].as_str().unwrap());
        wait_until("the task run to end", Duration::from_secs(20), || async {
            let (status, run) = self.call(Method::GET, &path, None).await;
            (status == 200 && run["status"] != "RUNNING").then_some(run)
        })
        .await
    }

    pub async fn reload(&self, id: &str) -> Value {
        let (status, reload) = self
            .call(Method::GET, &format!("/api/v1/reloads/{id}"), None)
            .await;
        assert_eq!(status, 200, "{reload}");
        reload
    }
}

/// A task body as Qlik's migration guide writes one (a daily schedule).
pub fn body(name: &str, app: &str) -> Value {
    json!({
        "name": name, "specVersion": "0.8", "enabled": true,
        "metadata": { "usage": "ANALYTICS" },
        "start": { "stateName": "reload", "schedule": {
            "recurrence": "RRULE:FREQ=DAILY;BYHOUR=2;BYMINUTE=0;BYSECOND=0",
            "timezone": "Europe/Berlin" } },
        "states": [{ "name": "reload", "type": "event", "end": true, "onEvents": [{
            "eventRefs": [], "actions": [{ "name": "reload-action", "functionRef": {
                "refName": "app.reload", "arguments": { "appId": app, "partial": false } } }] }] }],
    })
}

pub async fn control(app: &TestApp, method: Method, path: &str, body: Value) -> Value {
    let response = app
        .emulator_request(method, "control.localhost", path)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200, "{path} {body}");
    response.json().await.unwrap()
}

pub async fn advance(app: &TestApp, seconds: u64) {
    control(
        app,
        Method::POST,
        "/clock",
        json!({ "advanceSeconds": seconds }),
    )
    .await;
}

/// A daily 02:00 Europe/Berlin reload of `app_id`, passing `vRegion` to its script.
pub fn nightly(name: &str, app_id: &str, enabled: Option<bool>) -> Value {
    let mut task = body(name, app_id);
    let arguments = &mut task["states"][0]["onEvents"][0]["actions"][0]["functionRef"]["arguments"];
    arguments["variables"] = json!({ "vRegion": "North" });
    match enabled {
        Some(on) => task["enabled"] = json!(on),
        None => {
            task.as_object_mut().unwrap().remove("enabled");
        }
    }
    task
}

/// Points the seeded app's script at a SQLite file with two regions' orders.
pub async fn give_the_app_data(tenant: &Tenant<'_>, dir: &std::path::Path) {
    let path = dir.join("tasks.db");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    for sql in [
        "CREATE TABLE orders (region TEXT, amount INTEGER)",
        "INSERT INTO orders VALUES ('North', 10), ('South', 20), ('North', 5)",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    pool.close().await;
    let connection = json!({"qName": "tasks_db", "qType": "sqlite",
        "qConnectStatement": format!("sqlite://{}", path.display())});
    let (status, body) = tenant
        .call(Method::POST, "/api/v1/data-connections", Some(connection))
        .await;
    assert_eq!(status, 201, "{body}");
    let mut world = tenant.app.emulator.state.lock();
    let source = world
        .tenants
        .values_mut()
        .find(|t| t.hostnames.contains(&tenant.host))
        .unwrap();
    let app = source.apps.get_mut(&tenant.app_id).unwrap();
    app.script = "LIB CONNECT TO 'tasks_db';\nOrders: SQL SELECT region, amount FROM orders WHERE region = '$(vRegion)';\n".to_owned();
    app.data.clear();
}

pub fn app_rows(tenant: &Tenant<'_>) -> Vec<Vec<String>> {
    let world = tenant.app.emulator.state.lock();
    let source = world
        .tenants
        .values()
        .find(|t| t.hostnames.contains(&tenant.host))
        .unwrap();
    source.apps[&tenant.app_id]
        .data
        .iter()
        .flat_map(|t| t.rows.clone())
        .collect()
}

pub async fn reload_count(tenant: &Tenant<'_>) -> usize {
    let path = format!("/api/v1/reloads?appId={}&limit=100", tenant.app_id);
    let (_, list) = tenant.call(Method::GET, &path, None).await;
    list["data"].as_array().unwrap().len()
}

/// The source tenant's app with data in `dir`, a nightly task enabled on it and one created
/// without `enabled`; the caller (`users/me`) and both tasks as Qlik answered them.
pub struct Nightly<'a> {
    pub tenant: Tenant<'a>,
    pub me: Value,
    pub task: Value,
    pub disabled: Value,
}

impl<'a> Nightly<'a> {
    pub async fn new(app: &'a TestApp, dir: &std::path::Path) -> Nightly<'a> {
        let tenant = Tenant::new(app).await;
        give_the_app_data(&tenant, dir).await;
        let (_, me) = tenant.call(Method::GET, "/api/v1/users/me", None).await;
        let task = tenant
            .create(nightly("nightly", &tenant.app_id, Some(true)))
            .await;
        let disabled = tenant.create(nightly("never", &tenant.app_id, None)).await;
        Nightly {
            tenant,
            me,
            task,
            disabled,
        }
    }
}
