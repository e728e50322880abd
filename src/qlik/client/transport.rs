//! Sending one Qlik call: pacing under the limits, the request itself, observers, and the
//! retry policy's decisions (429 `retry-after`, 5xx backoff).

use super::{CallRecord, Payload, QlikClient, Reply, Request, header_text};
use crate::qlik::error::QlikError;
use crate::qlik::retry::Decision;
use reqwest::Method;
use reqwest::header::{HeaderMap, LOCATION, RETRY_AFTER};
use secrecy::{ExposeSecret, SecretString};
use std::time::Instant;

/// What one attempt came to: the HTTP status (`None` when no answer came), the answer's
/// `retry-after` in seconds, and the outcome.
pub(super) type Attempt<T> = (Option<u16>, Option<u64>, Result<T, QlikError>);

impl QlikClient {
    pub(super) async fn send_with_retries(
        &self,
        request: &Request<'_>,
        token: Option<&SecretString>,
    ) -> Result<Reply, QlikError> {
        let url = &self.url(request.host, request.path);
        let tier = crate::rate::Tier::of(request.method.as_str(), request.path);
        self.with_retries(url, "Qlik call", move || async move {
            self.limiter.acquire(request.host, tier).await;
            let mut req = self.http.request(request.method.clone(), url);
            for (name, value) in request.headers {
                req = req.header(*name, *value);
            }
            if let Some(token) = token {
                req = req.bearer_auth(token.expose_secret());
            }
            req = match request.body {
                Payload::Empty => req,
                Payload::Json(json) => req.json(json),
                Payload::Binary(bytes) => req
                    .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
                    .body(bytes.to_vec()),
                Payload::Typed {
                    content_type,
                    bytes,
                } => req
                    .header(reqwest::header::CONTENT_TYPE, content_type)
                    .body(bytes.to_vec()),
            };
            let started = Instant::now();
            let attempt = match req.send().await {
                Ok(resp) => read_response(url, resp).await,
                Err(e) => (None, None, Err(transport(url, &e))),
            };
            self.report(
                &request.method,
                request.host,
                request.path,
                attempt.0,
                started,
            );
            attempt
        })
        .await
    }

    /// Makes `attempt` until it succeeds or the retry policy gives up, sleeping between
    /// attempts as the policy says; `what` names the call in the debug log.
    pub(super) async fn with_retries<T, F>(
        &self,
        url: &str,
        what: &str,
        mut attempt: impl FnMut() -> F,
    ) -> Result<T, QlikError>
    where
        F: Future<Output = Attempt<T>>,
    {
        let mut number = 1;
        loop {
            let (status, retry_after, result) = attempt().await;
            let err = match result {
                Ok(done) => return Ok(done),
                Err(err) => err,
            };
            match self.policy.decide(status, retry_after, number) {
                Decision::Retry(wait) => {
                    tracing::debug!(%url, ?status, attempt = number, ?wait, "retrying {what}");
                    tokio::time::sleep(wait).await;
                    number += 1;
                }
                Decision::GiveUp => return Err(err),
            }
        }
    }

    /// Reports one attempt at `method host path`, sent at `started`, to every observer.
    pub(super) fn report(
        &self,
        method: &Method,
        host: &str,
        path: &str,
        status: Option<u16>,
        started: Instant,
    ) {
        for observer in &self.observers {
            observer.observe(CallRecord {
                method: method.to_string(),
                host: host.to_owned(),
                path: path.to_owned(),
                status,
                duration: started.elapsed(),
            });
        }
    }
}

async fn read_response(url: &str, resp: reqwest::Response) -> Attempt<Reply> {
    let status = resp.status();
    let retry_after = retry_after(resp.headers());
    let location = header_text(resp.headers(), LOCATION).map(str::to_owned);
    let bytes = match resp.bytes().await {
        Ok(b) => b,
        Err(e) => return (None, None, Err(transport(url, &e))),
    };
    let result = if status.is_success() {
        Ok(Reply {
            location,
            body: bytes,
        })
    } else {
        Err(QlikError::from_body(status.as_u16(), &bytes))
    };
    (Some(status.as_u16()), retry_after, result)
}

/// The `retry-after` of an answer, in seconds.
pub(super) fn retry_after(headers: &HeaderMap) -> Option<u64> {
    header_text(headers, RETRY_AFTER).and_then(|v| v.trim().parse::<u64>().ok())
}

pub(super) fn transport(url: &str, e: &reqwest::Error) -> QlikError {
    QlikError::Transport {
        url: url.to_owned(),
        message: e.to_string(),
    }
}
