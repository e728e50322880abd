//! The browser's own calls to the customer's tenant: sign in with the hub-minted JWT and ask
//! whether the session cookie stuck (credentialed, through the tenant's web integration).

use crate::api::QlikLogin;
use gloo_net::http::Request;
use web_sys::{RequestCredentials, RequestMode};

/// What the tenant answered to `POST /login/jwt-session`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginOutcome {
    SignedIn,
    /// Blocked before an answer (CORS: origin not in the web integration) or refused.
    Refused(String),
}

/// `POST {tenant}/login/jwt-session` with the JWT.
pub async fn login(login: &QlikLogin) -> LoginOutcome {
    let sent = Request::post(&format!("{}/login/jwt-session", login.tenant_url))
        .header("Authorization", &format!("Bearer {}", login.jwt))
        .header("qlik-web-integration-id", &login.web_integration_id)
        .credentials(RequestCredentials::Include)
        .mode(RequestMode::Cors)
        .send()
        .await;
    match sent {
        Ok(r) if r.ok() => LoginOutcome::SignedIn,
        Ok(r) => LoginOutcome::Refused(format!("the tenant answered {}", r.status())),
        Err(_) => LoginOutcome::Refused("the tenant refused this page's origin".to_owned()),
    }
}

/// Whether the tenant sees a session: `GET {tenant}/api/v1/users/me` with credentials.
pub async fn has_session(login: &QlikLogin) -> bool {
    Request::get(&format!("{}/api/v1/users/me", login.tenant_url))
        .header("qlik-web-integration-id", &login.web_integration_id)
        .credentials(RequestCredentials::Include)
        .mode(RequestMode::Cors)
        .send()
        .await
        .is_ok_and(|r| r.ok())
}
