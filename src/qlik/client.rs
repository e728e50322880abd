//! The HTTP core of the client: OAuth tokens cached per host, bearer calls with retries,
//! Qlik errors decoded, and `links.next.href` pagination.

use super::QlikEndpoint;
use super::error::QlikError;
use super::resolver::LoopbackLocalhost;
use super::retry::RetryPolicy;
use reqwest::Method;
use reqwest::header::{AsHeaderName, HeaderMap};
use secrecy::SecretString;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use super::observe::{CallObserver, CallRecord};

mod raw;
mod tokens;
mod transport;
pub(crate) use raw::UserCall;
use tokens::CachedToken;

/// A regional OAuth client's credentials.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub client_id: String,
    pub client_secret: SecretString,
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
    /// A body of its own type (a `multipart/form-data` form with its boundary).
    Typed {
        content_type: &'a str,
        bytes: &'a [u8],
    },
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

    /// `scheme://host[:port]path`, as a request is sent to and an error names it.
    pub(crate) fn url(&self, host: &str, path: &str) -> String {
        format!("{}{path}", self.endpoint.base_url(host))
    }

    /// `GET` and decode.
    pub(crate) async fn get<T: DeserializeOwned>(
        &self,
        host: &str,
        path: &str,
    ) -> Result<T, QlikError> {
        self.send_decoded(Method::GET, host, path, Payload::Empty)
            .await
    }

    /// `POST` a JSON body and decode the answer.
    pub(crate) async fn post<T: DeserializeOwned>(
        &self,
        host: &str,
        path: &str,
        body: &Value,
    ) -> Result<T, QlikError> {
        self.send_decoded(Method::POST, host, path, Payload::Json(body))
            .await
    }

    /// `method path` with `body`, the answer decoded.
    pub(crate) async fn send_decoded<T: DeserializeOwned>(
        &self,
        method: Method,
        host: &str,
        path: &str,
        body: Payload<'_>,
    ) -> Result<T, QlikError> {
        let reply = self.call(method, host, path, body).await?;
        decode(&self.url(host, path), &reply.body)
    }

    /// `method path` where only success matters: the answer's body is not read.
    pub(crate) async fn send(
        &self,
        method: Method,
        host: &str,
        path: &str,
        body: Payload<'_>,
    ) -> Result<(), QlikError> {
        self.call(method, host, path, body).await.map(|_| ())
    }
}

/// The text of header `name`, when there is one and it is text.
pub(crate) fn header_text(headers: &HeaderMap, name: impl AsHeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
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
