//! The tests' webhook receiver (a small axum server recording each request's raw body and
//! headers, behind an `HttpsGate`) and the calls the tests make on the source tenant.

use crate::helpers::https_gate::HttpsGate;
use crate::helpers::{TestApp, wait_until};
use crate::users_spaces::bearer;
use axum::body::Bytes;
use axum::http::{HeaderMap, Uri};
use reqwest::Method;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long a test waits for a delivery, a reload or a retry.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// One request the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", |v| v.to_str().unwrap())
    }
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// An HTTPS webhook receiver on `https://localhost:<port>`, answering 200 to anything.
pub struct Receiver {
    pub gate: HttpsGate,
    got: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    pub async fn start() -> Receiver {
        let got: Arc<Mutex<Vec<Received>>> = Arc::default();
        let record = got.clone();
        let app = axum::Router::new().fallback(move |uri: Uri, headers: HeaderMap, body: Bytes| {
            let record = record.clone();
            async move {
                let path = uri.path().to_owned();
                let body = body.to_vec();
                record.lock().unwrap().push(Received {
                    path,
                    headers,
                    body,
                });
                "received"
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Receiver {
            gate: HttpsGate::start(addr).await,
            got,
        }
    }

    /// The URL of `path` on the receiver.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.gate.url())
    }

    /// What arrived at `path` so far.
    pub fn at(&self, path: &str) -> Vec<Received> {
        let got = self.got.lock().unwrap();
        got.iter().filter(|r| r.path == path).cloned().collect()
    }

    /// Waits until `count` requests arrived at `path`; them.
    pub async fn wait_for(&self, path: &str, count: usize) -> Vec<Received> {
        let what = format!("{count} deliveries at {path}");
        wait_until(&what, PATIENCE, || async {
            let got = self.at(path);
            (got.len() >= count).then_some(got)
        })
        .await
    }
}

/// The source tenant as the tests call it: an admin token and the seeded app, whose script
/// is made one that reloads without a data connection.
pub struct Api<'a> {
    pub app: &'a TestApp,
    pub host: String,
    pub token: String,
    pub app_id: String,
}

impl<'a> Api<'a> {
    pub async fn new(app: &'a TestApp) -> Api<'a> {
        let host = app.source.source_hostname.clone();
        let token = bearer(app, &host).await;
        let app_id = app.source.apps[0].id.clone();
        let api = Api {
            app,
            host,
            token,
            app_id,
        };
        let script = json!({ "script": "SET vWebhooks = 'on';", "versionMessage": "webhooks" });
        let path = format!("/api/v1/apps/{}/scripts", api.app_id);
        let (status, answer) = api.call(Method::POST, &path, Some(script)).await;
        assert_eq!(status, 200, "{answer}");
        api
    }

    /// `method path` with a raw JSON body text; status and body (`Null` if not JSON).
    pub async fn raw(&self, method: Method, path: &str, body: Option<String>) -> (u16, Value) {
        let mut request = self
            .app
            .emulator_request(method, &self.host, path)
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        self.raw(method, path, body.map(|b| b.to_string())).await
    }

    /// Creates a webhook; its answer.
    pub async fn hook(&self, body: Value) -> Value {
        let (status, hook) = self
            .call(Method::POST, "/api/v1/webhooks", Some(body))
            .await;
        assert_eq!(status, 201, "{hook}");
        hook
    }

    /// Queues a reload of the seeded app; its id.
    pub async fn reload(&self) -> String {
        let body = json!({ "appId": self.app_id });
        let (status, reload) = self.call(Method::POST, "/api/v1/reloads", Some(body)).await;
        assert_eq!(status, 201, "{reload}");
        reload["id"].as_str().unwrap().to_owned()
    }

    /// Waits for reload `id` to end; the reload.
    pub async fn ended(&self, id: &str) -> Value {
        let path = format!("/api/v1/reloads/{id}");
        wait_until("the reload to end", PATIENCE, || async {
            let (_, reload) = self.call(Method::GET, &path, None).await;
            let running = ["QUEUED", "RELOADING", "CANCELING"];
            (!running.contains(&reload["status"].as_str().unwrap_or("QUEUED"))).then_some(reload)
        })
        .await
    }

    /// The deliveries of webhook `hook` (`query` may select).
    pub async fn deliveries(&self, hook: &Value, query: &str) -> Vec<Value> {
        let id = hook["id"].as_str().unwrap();
        let path = format!("/api/v1/webhooks/{id}/deliveries{query}");
        let (status, list) = self.call(Method::GET, &path, None).await;
        assert_eq!(status, 200, "{list}");
        list["data"].as_array().unwrap().clone()
    }

    /// A control-host call that must answer 200.
    pub async fn control(&self, method: Method, path: &str, body: Value) {
        let response = self
            .app
            .emulator_request(method, "control.localhost", path)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "{path} {body}");
    }
}

/// The lowercase hex HMAC-SHA256 of `body` keyed by `secret`, computed here independently of
/// the emulator, as a receiver verifying `Qlik-Signature` does.
pub fn hmac_hex(secret: &str, body: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}
