//! Sending one Qlik call: pacing under the limits, the request itself, observers, and the
//! retry policy's decisions (429 `retry-after`, 5xx backoff).

use super::{CallRecord, Payload, QlikClient, Reply, Request};
use crate::qlik::error::QlikError;
use crate::qlik::retry::Decision;
use secrecy::{ExposeSecret, SecretString};
use std::time::Instant;

impl QlikClient {
    pub(super) async fn send_with_retries(
        &self,
        request: &Request<'_>,
        token: Option<&SecretString>,
    ) -> Result<Reply, QlikError> {
        let url = format!("{}{}", self.endpoint.base_url(request.host), request.path);
        let tier = crate::rate::Tier::of(request.method.as_str(), request.path);
        let mut attempt = 1;
        loop {
            self.limiter.acquire(request.host, tier).await;
            let mut req = self.http.request(request.method.clone(), &url);
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
            let (status, retry_after, result) = match req.send().await {
                Ok(resp) => read_response(&url, resp).await,
                Err(e) => (None, None, Err(transport(&url, &e))),
            };
            for observer in &self.observers {
                observer.observe(CallRecord {
                    method: request.method.to_string(),
                    host: request.host.to_owned(),
                    path: request.path.to_owned(),
                    status,
                    duration: started.elapsed(),
                });
            }
            let err = match result {
                Ok(reply) => return Ok(reply),
                Err(err) => err,
            };
            match self.policy.decide(status, retry_after, attempt) {
                Decision::Retry(wait) => {
                    tracing::debug!(%url, ?status, attempt, ?wait, "retrying Qlik call");
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                Decision::GiveUp => return Err(err),
            }
        }
    }
}

type Attempt = (Option<u16>, Option<u64>, Result<Reply, QlikError>);

async fn read_response(url: &str, resp: reqwest::Response) -> Attempt {
    let status = resp.status();
    let retry_after = resp
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let location = resp
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
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

pub(super) fn transport(url: &str, e: &reqwest::Error) -> QlikError {
    QlikError::Transport {
        url: url.to_owned(),
        message: e.to_string(),
    }
}
