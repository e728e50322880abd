//! The HTTP core of the client: OAuth tokens cached per host, bearer calls with retries,
//! Qlik errors decoded, and `links.next.href` pagination.

use super::QlikEndpoint;
use super::error::QlikError;
use super::resolver::LoopbackLocalhost;
use super::retry::{Decision, RetryPolicy};
use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use super::observe::{CallObserver, CallRecord};

/// Refresh a token this long before Qlik says it expires.
const TOKEN_MARGIN: Duration = Duration::from_secs(60);

/// A regional OAuth client's credentials.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub client_id: String,
    pub client_secret: SecretString,
}

#[derive(Debug, Clone)]
struct CachedToken {
    value: SecretString,
    refresh_at: Instant,
}

/// A Qlik Cloud REST client for one set of regional credentials; cheap to clone.
#[derive(Debug, Clone)]
pub struct QlikClient {
    http: reqwest::Client,
    endpoint: QlikEndpoint,
    credentials: Credentials,
    policy: RetryPolicy,
    limiter: super::Limiter,
    tokens: Arc<Mutex<HashMap<String, CachedToken>>>,
    observers: Vec<Arc<dyn CallObserver>>,
    /// Other regions' OAuth clients, by region code (a partner has one regional client per
    /// region); hosts of other regions use `credentials`.
    regional: Arc<HashMap<String, Credentials>>,
}

/// A request body.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Payload<'a> {
    Empty,
    Json(&'a Value),
    Binary(&'a [u8]),
}

/// One request, as retried.
struct Request<'a> {
    method: Method,
    host: &'a str,
    path: &'a str,
    body: Payload<'a>,
    headers: &'a [(&'a str, &'a str)],
}

/// A successful answer: its body and, for 201s, its `Location`.
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    pub location: Option<String>,
    pub body: axum::body::Bytes,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

impl QlikClient {
    /// A client for `endpoint` acting with `credentials`.
    pub fn new(endpoint: QlikEndpoint, credentials: Credentials) -> Result<Self, QlikError> {
        let http = reqwest::Client::builder()
            .dns_resolver(Arc::new(LoopbackLocalhost))
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| QlikError::Config(e.to_string()))?;
        Ok(Self {
            http,
            endpoint,
            credentials,
            policy: RetryPolicy::default(),
            limiter: super::Limiter::default(),
            tokens: Arc::default(),
            observers: Vec::new(),
            regional: Arc::default(),
        })
    }

    /// Replaces the retry policy (tests use short delays).
    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// A clone (sharing tokens and limiter) whose calls are also reported to `observer`.
    pub fn with_observer(&self, observer: Arc<dyn CallObserver>) -> Self {
        let mut clone = self.clone();
        clone.observers.push(observer);
        clone
    }

    /// Uses `credentials` for every host of `region` (`<tenant>.<region>.<domain>` and
    /// `register.<region>.<domain>`).
    pub fn with_regional_credentials(
        mut self,
        region: crate::domain::Region,
        credentials: Credentials,
    ) -> Self {
        let mut regional = (*self.regional).clone();
        regional.insert(region.code().to_owned(), credentials);
        self.regional = Arc::new(regional);
        self
    }

    /// The credentials valid on `host`: its region's client, else the default one.
    fn credentials_for(&self, host: &str) -> &Credentials {
        let region = host
            .strip_suffix(&format!(".{}", self.endpoint.domain))
            .and_then(|rest| rest.rsplit('.').next());
        region
            .and_then(|r| self.regional.get(r))
            .unwrap_or(&self.credentials)
    }

    /// Where this client sends requests.
    pub fn endpoint(&self) -> &QlikEndpoint {
        &self.endpoint
    }

    fn cached_token(&self, host: &str) -> Option<SecretString> {
        let tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        tokens
            .get(host)
            .filter(|t| Instant::now() < t.refresh_at)
            .map(|t| t.value.clone())
    }

    fn forget_token(&self, host: &str) {
        self.tokens
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(host);
    }

    /// A bearer token valid on `host`, from the cache or `POST https://<host>/oauth/token`.
    async fn access_token(&self, host: &str) -> Result<SecretString, QlikError> {
        if let Some(token) = self.cached_token(host) {
            return Ok(token);
        }
        let credentials = self.credentials_for(host);
        let body = serde_json::json!({
            "client_id": credentials.client_id,
            "client_secret": credentials.client_secret.expose_secret(),
            "grant_type": "client_credentials",
        });
        let request = Request {
            method: Method::POST,
            host,
            path: "/oauth/token",
            body: Payload::Json(&body),
            headers: &[],
        };
        let reply = self.send_with_retries(&request, None).await?;
        let url = format!("{}/oauth/token", self.endpoint.base_url(host));
        let parsed: TokenResponse = decode(&url, &reply.body)?;
        let lifetime = Duration::from_secs(parsed.expires_in.unwrap_or(3600));
        let token = SecretString::from(parsed.access_token);
        self.tokens
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(
                host.to_owned(),
                CachedToken {
                    value: token.clone(),
                    refresh_at: Instant::now() + lifetime.saturating_sub(TOKEN_MARGIN),
                },
            );
        Ok(token)
    }

    /// Sends an authenticated request and returns the success body. A 401 drops the cached
    /// token and tries once more with a fresh one.
    pub(crate) async fn call(
        &self,
        method: Method,
        host: &str,
        path: &str,
        body: Payload<'_>,
    ) -> Result<Reply, QlikError> {
        self.call_with_headers(method, host, path, body, &[]).await
    }

    /// Like `call`, with extra request headers (e.g. `qlik-confirm-hostname`).
    pub(crate) async fn call_with_headers(
        &self,
        method: Method,
        host: &str,
        path: &str,
        body: Payload<'_>,
        headers: &[(&str, &str)],
    ) -> Result<Reply, QlikError> {
        let token = self.access_token(host).await?;
        let request = Request {
            method,
            host,
            path,
            body,
            headers,
        };
        let first = self.send_with_retries(&request, Some(&token)).await;
        match first {
            Err(err) if err.status() == Some(401) => {
                self.forget_token(host);
                let token = self.access_token(host).await?;
                self.send_with_retries(&request, Some(&token)).await
            }
            other => other,
        }
    }

    /// `GET` and decode.
    pub(crate) async fn get<T: DeserializeOwned>(
        &self,
        host: &str,
        path: &str,
    ) -> Result<T, QlikError> {
        let reply = self.call(Method::GET, host, path, Payload::Empty).await?;
        decode(
            &format!("{}{path}", self.endpoint.base_url(host)),
            &reply.body,
        )
    }

    /// `PUT` a JSON body and decode the answer.
    pub(crate) async fn put<T: DeserializeOwned>(
        &self,
        host: &str,
        path: &str,
        body: &Value,
    ) -> Result<T, QlikError> {
        let reply = self
            .call(Method::PUT, host, path, Payload::Json(body))
            .await?;
        decode(
            &format!("{}{path}", self.endpoint.base_url(host)),
            &reply.body,
        )
    }

    /// `POST` a JSON body and decode the answer.
    pub(crate) async fn post<T: DeserializeOwned>(
        &self,
        host: &str,
        path: &str,
        body: &Value,
    ) -> Result<T, QlikError> {
        let reply = self
            .call(Method::POST, host, path, Payload::Json(body))
            .await?;
        decode(
            &format!("{}{path}", self.endpoint.base_url(host)),
            &reply.body,
        )
    }

    async fn send_with_retries(
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

fn transport(url: &str, e: &reqwest::Error) -> QlikError {
    QlikError::Transport {
        url: url.to_owned(),
        message: e.to_string(),
    }
}

pub(crate) fn decode<T: DeserializeOwned>(url: &str, bytes: &[u8]) -> Result<T, QlikError> {
    serde_json::from_slice(bytes).map_err(|e| QlikError::Decode {
        url: url.to_owned(),
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Region;

    fn creds(id: &str) -> Credentials {
        Credentials {
            client_id: id.to_owned(),
            client_secret: SecretString::from("s"),
        }
    }

    #[test]
    fn each_region_uses_its_own_client() {
        let client = QlikClient::new(super::super::QlikEndpoint::emulator(1), creds("us"))
            .expect("client")
            .with_regional_credentials(Region::Eu, creds("eu"));
        let cases = [
            ("register.eu.localhost", "eu"),
            ("acme.eu.localhost", "eu"),
            ("acme.us.localhost", "us"),
            ("register.us.localhost", "us"),
            ("console.localhost", "us"),
            ("elsewhere.example", "us"),
        ];
        for (host, want) in cases {
            assert_eq!(client.credentials_for(host).client_id, want, "{host}");
        }
    }
}
