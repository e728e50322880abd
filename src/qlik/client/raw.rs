//! Calls made with an end user's own credential (the Reports API), not the hub's token: the
//! caller supplies the authentication headers, and a success comes back unread so that a
//! download can stream through the hub.

use super::QlikClient;
use super::transport::{retry_after, transport};
use crate::qlik::error::QlikError;
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

impl<'a> UserCall<'a> {
    /// `method` on `host` and `path` with the credential's `headers`, no body, and the
    /// client's timeout.
    pub fn new(
        method: Method,
        host: &'a str,
        path: &'a str,
        headers: Vec<(HeaderName, HeaderValue)>,
    ) -> Self {
        Self {
            method,
            host,
            path,
            headers,
            json: None,
            timeout: None,
        }
    }
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
        let url = &self.url(call.host, call.path);
        let path = call.path.split('?').next().unwrap_or_default();
        self.with_retries(url, "a user's Qlik call", move || async move {
            let mut req = self.http.request(call.method.clone(), url);
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
            self.report(&call.method, call.host, path, status, started);
            match sent {
                Ok(resp) if resp.status().is_success() => (status, None, Ok(resp)),
                Ok(resp) => {
                    let retry_after = retry_after(resp.headers());
                    let code = resp.status().as_u16();
                    let body = resp.bytes().await.unwrap_or_default();
                    (status, retry_after, Err(QlikError::from_body(code, &body)))
                }
                Err(e) => (None, None, Err(transport(url, &e))),
            }
        })
        .await
    }
}
