//! Calls made with an end user's own credential (the Reports API), not the hub's token: the
//! caller supplies the authentication headers, and a success comes back unread so that a
//! download can stream through the hub.

use super::transport::transport;
use super::{CallRecord, QlikClient};
use crate::qlik::error::QlikError;
use crate::qlik::retry::Decision;
use reqwest::Method;
use reqwest::header::{HeaderName, HeaderValue};
use serde_json::Value;
use std::time::{Duration, Instant};

/// One request with the user's headers.
#[derive(Debug)]
pub(crate) struct UserCall<'a> {
    pub method: Method,
    pub host: &'a str,
    /// Path and query, starting with `/`.
    pub path: &'a str,
    /// The credential's headers (`authorization`, or `cookie` and `qlik-csrf-token`).
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub json: Option<&'a Value>,
    /// Overrides the client's 60-second timeout (a large download needs longer).
    pub timeout: Option<Duration>,
}

impl QlikClient {
    /// Sends `call`, retried as every call is (429 after `retry-after`, 5xx and transport
    /// failures with backoff) and reported to the observers. It is not paced by the client's
    /// limiter, which paces the hub's own identity: Qlik counts each user's calls separately,
    /// and one user's export must not queue behind the hub's provisioning.
    pub(crate) async fn send_as_user(
        &self,
        call: &UserCall<'_>,
    ) -> Result<reqwest::Response, QlikError> {
        let url = format!("{}{}", self.endpoint.base_url(call.host), call.path);
        let mut attempt = 1;
        loop {
            let mut req = self.http.request(call.method.clone(), &url);
            for (name, value) in &call.headers {
                req = req.header(name, value);
            }
            if let Some(json) = call.json {
                req = req.json(json);
            }
            if let Some(timeout) = call.timeout {
                req = req.timeout(timeout);
            }
            let started = Instant::now();
            let sent = req.send().await;
            let status = sent.as_ref().ok().map(|r| r.status().as_u16());
            for observer in &self.observers {
                observer.observe(CallRecord {
                    method: call.method.to_string(),
                    host: call.host.to_owned(),
                    path: call.path.split('?').next().unwrap_or_default().to_owned(),
                    status,
                    duration: started.elapsed(),
                });
            }
            let (err, retry_after) = match sent {
                Ok(resp) if resp.status().is_success() => return Ok(resp),
                Ok(resp) => {
                    let retry_after = resp
                        .headers()
                        .get(reqwest::header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<u64>().ok());
                    let code = resp.status().as_u16();
                    let body = resp.bytes().await.unwrap_or_default();
                    (QlikError::from_body(code, &body), retry_after)
                }
                Err(e) => (transport(&url, &e), None),
            };
            match self.policy.decide(status, retry_after, attempt) {
                Decision::Retry(wait) => {
                    tracing::debug!(%url, ?status, attempt, ?wait, "retrying a user's Qlik call");
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                Decision::GiveUp => return Err(err),
            }
        }
    }
}
