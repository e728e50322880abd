//! The browser's own calls to the customer's tenant: sign in with the hub-minted JWT and ask
//! whether the session cookie stuck (credentialed, through the tenant's web integration).

use super::fetch::{Call, send};
use crate::api::QlikLogin;

/// What the tenant answered to `POST /login/jwt-session`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginOutcome {
    SignedIn,
    /// Blocked before an answer (CORS: origin not in the web integration) or refused.
    Refused,
}

/// `POST {tenant}/login/jwt-session` with the JWT.
pub async fn login(login: &QlikLogin) -> LoginOutcome {
    let bearer = format!("Bearer {}", login.jwt);
    let url = format!("{}/login/jwt-session", login.tenant_url);
    let sent = send(Call {
        method: "POST",
        url: &url,
        headers: &[
            ("authorization", &bearer),
            ("qlik-web-integration-id", login.web_integration_id.as_str()),
        ],
        json: None,
        credentials: true,
    })
    .await;
    match sent {
        Ok(answer) if answer.ok() => LoginOutcome::SignedIn,
        _ => LoginOutcome::Refused,
    }
}

/// Whether the tenant sees a session: `GET {tenant}/api/v1/users/me` with credentials.
pub async fn has_session(login: &QlikLogin) -> bool {
    let url = format!("{}/api/v1/users/me", login.tenant_url);
    send(Call {
        method: "GET",
        url: &url,
        headers: &[("qlik-web-integration-id", login.web_integration_id.as_str())],
        json: None,
        credentials: true,
    })
    .await
    .is_ok_and(|a| a.ok())
}
