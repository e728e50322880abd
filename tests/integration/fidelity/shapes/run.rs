//! Scenario steps and their runner: a real request to the emulator per step, with ids
//! captured from earlier answers, and the answer checked against the route's fixture entry.

use super::check::{check, check_envelope};
use crate::helpers::TestApp;
use reqwest::Method;
use serde_json::Value;
use std::collections::HashMap;

/// What a step must provoke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Success,
    Error,
}

/// One request of a scenario: `route` is the served route it exercises; `path` and `body`
/// may hold `{name}` placeholders filled from earlier captures.
#[derive(Debug, Clone)]
pub struct Step {
    pub method: &'static str,
    pub route: &'static str,
    pub expect: Expect,
    pub register: bool,
    pub anonymous: bool,
    pub path: String,
    pub body: Option<Value>,
    /// Sends the bytes captured under this name instead of a JSON body.
    pub raw_body: Option<&'static str>,
    /// Sends this `(content type, body)` instead (a `multipart/form-data` form).
    pub form: Option<(String, Vec<u8>)>,
    /// `(name, source)`: a JSON pointer into the answer, `location` (last segment of the
    /// `Location` header) or `bytes` (the whole body).
    pub captures: Vec<(&'static str, &'static str)>,
    /// Extra request headers; values may hold placeholders.
    pub headers: Vec<(&'static str, &'static str)>,
    /// Sent again (within a deadline) until its captures are there: for what the emulator
    /// makes in the background (a webhook delivery).
    pub poll: bool,
}

fn step(expect: Expect, method: &'static str, route: &'static str, path: &str) -> Step {
    Step {
        method,
        route,
        expect,
        register: false,
        anonymous: false,
        path: path.to_owned(),
        body: None,
        raw_body: None,
        form: None,
        captures: Vec::new(),
        headers: Vec::new(),
        poll: false,
    }
}

/// A step that must succeed.
pub fn ok(method: &'static str, route: &'static str, path: &str) -> Step {
    step(Expect::Success, method, route, path)
}

/// A step that must fail.
pub fn err(method: &'static str, route: &'static str, path: &str) -> Step {
    step(Expect::Error, method, route, path)
}

impl Step {
    /// A JSON request body.
    pub fn json(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }
    /// The bytes captured as `name` as the request body.
    pub fn raw(mut self, name: &'static str) -> Self {
        self.raw_body = Some(name);
        self
    }
    /// A `multipart/form-data` body (`content_type` carries its boundary).
    pub fn form(mut self, (content_type, body): (String, Vec<u8>)) -> Self {
        self.form = Some((content_type, body));
        self
    }
    /// Captures `source` of the answer as `name` for later steps.
    pub fn capture(mut self, name: &'static str, source: &'static str) -> Self {
        self.captures.push((name, source));
        self
    }
    /// An extra request header.
    pub fn header(mut self, name: &'static str, value: &'static str) -> Self {
        self.headers.push((name, value));
        self
    }
    /// Sent to the register host with the register token.
    pub fn register(mut self) -> Self {
        self.register = true;
        self
    }
    /// Without a token: Qlik answers 401 to any call without a valid token.
    pub fn anonymous(mut self) -> Self {
        self.anonymous = true;
        self
    }
    /// Repeated until its captures succeed (ten seconds at most).
    pub fn polled(mut self) -> Self {
        self.poll = true;
        self
    }
}

/// Tokens and captured values shared by the steps of one run.
pub struct Ctx<'a> {
    pub app: &'a TestApp,
    pub tenant_token: String,
    pub register_token: String,
    pub vars: HashMap<String, String>,
    pub bytes: HashMap<String, Vec<u8>>,
}

impl Ctx<'_> {
    fn fill(&self, text: &str) -> String {
        self.vars.iter().fold(text.to_owned(), |t, (k, v)| {
            t.replace(&format!("{{{k}}}"), v)
        })
    }

    /// Sends `step` (again while a polled step finds nothing to capture), captures what it
    /// names, and returns the mismatches against `entry`.
    pub async fn run(&mut self, step: &Step, entry: &Value) -> Vec<String> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let out = self.run_once(step, entry).await;
            let missed = out
                .first()
                .is_some_and(|m| m.contains("nothing to capture"));
            if !(step.poll && missed && std::time::Instant::now() < deadline) {
                return out;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    async fn run_once(&mut self, step: &Step, entry: &Value) -> Vec<String> {
        let host = if step.register {
            "register.us.localhost".to_owned()
        } else {
            crate::helpers::source_host(&self.app.source).to_string()
        };
        let path = self.fill(&step.path);
        let method = Method::from_bytes(step.method.as_bytes()).unwrap();
        let mut request = self.app.emulator_request(method, &host, &path);
        if !step.anonymous {
            let token = if step.register {
                &self.register_token
            } else {
                &self.tenant_token
            };
            request = request.bearer_auth(token);
        }
        for (name, value) in &step.headers {
            request = request.header(*name, self.fill(value));
        }
        if let Some(body) = &step.body {
            let text = self.fill(&body.to_string());
            request = request
                .header("content-type", "application/json")
                .body(text);
        }
        if let Some(name) = step.raw_body {
            let bytes = self.bytes.get(name).cloned().unwrap_or_default();
            request = request
                .header("content-type", "application/octet-stream")
                .body(bytes);
        }
        if let Some((content_type, bytes)) = &step.form {
            request = request
                .header("content-type", content_type.as_str())
                .body(bytes.clone());
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(str::to_owned);
        let bytes = response.bytes().await.unwrap().to_vec();
        let json: Option<Value> = serde_json::from_slice(&bytes).ok();
        for (name, source) in &step.captures {
            let value = match *source {
                "location" => location
                    .as_deref()
                    .and_then(|l| l.rsplit('/').next())
                    .map(str::to_owned),
                "bytes" => {
                    self.bytes.insert((*name).to_owned(), bytes.clone());
                    continue;
                }
                pointer => json
                    .as_ref()
                    .and_then(|j| j.pointer(pointer))
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            };
            match value {
                Some(v) => {
                    self.vars.insert((*name).to_owned(), v);
                }
                None => {
                    return vec![format!(
                        "{path}: nothing to capture at {source} (status {status})"
                    )];
                }
            }
        }
        let body = String::from_utf8_lossy(&bytes);
        let mut out = judge(step.expect, entry, status, &bytes, json.as_ref());
        for m in &mut out {
            *m = format!("{m} [{} {path} → {status} {body:.300}]", step.method);
        }
        out
    }
}

/// The answer against the fixture entry: status, then body shape (or error envelope).
pub fn judge(
    expect: Expect,
    entry: &Value,
    status: u16,
    bytes: &[u8],
    json: Option<&Value>,
) -> Vec<String> {
    let side = match expect {
        Expect::Success => &entry["success"],
        Expect::Error => &entry["error"],
    };
    let mut out = Vec::new();
    let allowed: Vec<u64> = side["status"]
        .as_array()
        .map(|s| s.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default();
    let status_ok = match expect {
        Expect::Success => allowed.contains(&u64::from(status)),
        // Typed unions omit 401, which Qlik answers to any call without a valid token.
        Expect::Error => {
            (400..600).contains(&status)
                && (allowed.is_empty() || status == 401 || allowed.contains(&u64::from(status)))
        }
    };
    if !status_ok {
        out.push(format!(
            "status {status} where Qlik's type says {}",
            side["status"]
        ));
        if expect == Expect::Error && status < 400 {
            return out;
        }
    }
    let shape = &side["shape"];
    let no_body = shape["kinds"].as_array().is_some_and(Vec::is_empty);
    // A 204 has no body whatever the type says (`patchUser` is `204 | 207`, a body on 207).
    let empty_204 = status == 204 && bytes.is_empty();
    if expect == Expect::Success && (no_body || empty_204 || shape["kinds"][0] == "binary") {
        return out;
    }
    match json {
        None if expect == Expect::Success && shape["any"] == true && !bytes.is_empty() => {}
        None => out.push(format!("body is not JSON ({} bytes)", bytes.len())),
        Some(value) => {
            // A `void` error type (some apps functions) says nothing beyond the envelope.
            if !no_body {
                out.extend(check(shape, value));
            }
            // The themes API types its errors as one flat `Error` (`title`, `status`,
            // `meta.message`), checked as its shape: no `errors` array.
            if expect == Expect::Error && entry["module"] != "themes" {
                out.extend(check_envelope(value));
            }
        }
    }
    out
}
