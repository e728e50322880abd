//! The OAuth token cache of `QlikClient`: one client-credentials token per host, refreshed a
//! minute before Qlik says it expires, dropped on a 401.

use super::{Payload, QlikClient, Request, decode};
use crate::qlik::error::QlikError;
use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::time::{Duration, Instant};

/// Refresh a token this long before Qlik says it expires.
const TOKEN_MARGIN: Duration = Duration::from_secs(60);

#[derive(Debug, Clone)]
pub(super) struct CachedToken {
    value: SecretString,
    refresh_at: Instant,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    expires_in: Option<u64>,
}

impl QlikClient {
    fn cached_token(&self, host: &str) -> Option<SecretString> {
        let tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        tokens
            .get(host)
            .filter(|t| Instant::now() < t.refresh_at)
            .map(|t| t.value.clone())
    }

    pub(super) fn forget_token(&self, host: &str) {
        self.tokens
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(host);
    }

    /// `POST` a JSON body without the client's own bearer token: token requests made with
    /// other credentials (a tenant's OAuth client).
    pub(in crate::qlik) async fn post_unauthenticated<T: serde::de::DeserializeOwned>(
        &self,
        host: &str,
        path: &str,
        body: &serde_json::Value,
    ) -> Result<T, QlikError> {
        let request = Request {
            method: Method::POST,
            host,
            path,
            body: Payload::Json(body),
            headers: &[],
        };
        let reply = self.send_with_retries(&request, None).await?;
        decode(&self.url(host, path), &reply.body)
    }

    /// A bearer token valid on `host`, from the cache or `POST https://<host>/oauth/token`.
    pub(in crate::qlik) async fn access_token(
        &self,
        host: &str,
    ) -> Result<SecretString, QlikError> {
        if let Some(token) = self.cached_token(host) {
            return Ok(token);
        }
        let credentials = self.credentials_for(host);
        let body = serde_json::json!({
            "client_id": credentials.client_id,
            "client_secret": credentials.client_secret.expose_secret(),
            "grant_type": "client_credentials",
        });
        let parsed: TokenResponse = self
            .post_unauthenticated(host, "/oauth/token", &body)
            .await?;
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
}
