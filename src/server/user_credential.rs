//! The end user's own credential on their customer's tenant, for calls that must run as them
//! (qlik-embed's access token, exports): an OAuth impersonation token in mode `oauth`, else
//! the tenant session a hub-signed Qlik JWT opens. Every issuance is recorded.

use super::{AppState, signer};
use crate::domain::{
    CustomerSlug, EmbedUser, EmbeddingMode, GroupName, QlikSubject, TenantHostname,
};
use crate::ops::embed::Session;
use crate::qlik::UserToken;
use crate::qlik::reports::UserCredential;
use crate::store::{Observed, Sealed};
use crate::wire::{ApiError, ErrorCode};
use secrecy::SecretString;

fn unavailable(e: crate::qlik::QlikError) -> ApiError {
    tracing::warn!(error = %e, "the tenant refused the user's credential");
    ApiError::new(ErrorCode::Unavailable, format!("the tenant refused: {e}"))
}

/// An OAuth impersonation token for the session's user (mode `oauth` only): the user is
/// created on the tenant when missing and given the groups of theirs the tenant knows
/// (impersonation carries no groups claim).
pub async fn impersonation(
    state: &AppState,
    session: &Session,
) -> Result<(TenantHostname, UserToken), ApiError> {
    let customer = &session.customer;
    let record = state.store.get_customer(customer).await?;
    if record.spec.embedding != EmbeddingMode::Oauth {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            format!(
                "customer {customer} embeds with mode {}, not oauth",
                record.spec.embedding.as_str()
            ),
        ));
    }
    let observed = state.store.get_state(customer).await?.observed;
    impersonate(state, session, &observed).await
}

/// [`impersonation`] once the customer's mode was checked, with its observed state.
async fn impersonate(
    state: &AppState,
    session: &Session,
    observed: &Observed,
) -> Result<(TenantHostname, UserToken), ApiError> {
    let Session { customer, user, .. } = session;
    let (Some(host), Some(client_id), Some(sealed)) = (
        observed.hostname.clone(),
        observed.oauth_client_id.clone(),
        observed.oauth_client_secret_sealed.clone(),
    ) else {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "the customer's tenant has no impersonation OAuth client yet: apply its spec",
        ));
    };
    let engine = state.engine()?;
    let secret = engine.open_sealed(&Sealed(sealed)).map_err(|e| {
        tracing::error!(error = %e, "cannot open the OAuth client secret");
        ApiError::internal()
    })?;
    let qlik = engine.qlik();
    let subject = QlikSubject::of(customer, user);
    let tenant_user = qlik
        .tenant(&host)
        .ensure_user(subject.as_str(), &user.name, user.email.as_deref())
        .await
        .map_err(unavailable)?;
    let qlik_groups = user.qlik_groups();
    let groups: Vec<&GroupName> = qlik_groups
        .iter()
        .filter(|g| observed.groups.contains_key(*g))
        .collect();
    qlik.tenant(&host)
        .set_user_groups(&tenant_user, &groups)
        .await
        .map_err(unavailable)?;
    let token = qlik
        .tenant(&host)
        .impersonate(&client_id, &secret, subject.as_str())
        .await
        .map_err(unavailable)?;
    state
        .store
        .record_issuance(customer, user, &host, state.clock.now_millis())
        .await?;
    Ok((host, token))
}

/// A credential for server-side calls as the session's user: an impersonation token in mode
/// `oauth`, else the session a fresh Qlik JWT opens (`/login/jwt-session`).
pub async fn for_session(
    state: &AppState,
    session: &Session,
) -> Result<(TenantHostname, UserCredential), ApiError> {
    let record = state.store.get_customer(&session.customer).await?;
    let observed = state.store.get_state(&session.customer).await?.observed;
    if record.spec.embedding == EmbeddingMode::Oauth {
        let (host, token) = impersonate(state, session, &observed).await?;
        let bearer = SecretString::from(token.access_token);
        return Ok((host, UserCredential::Bearer(bearer)));
    }
    let host = observed.hostname.clone().ok_or_else(|| {
        ApiError::new(
            ErrorCode::Conflict,
            "the customer's tenant is not provisioned yet",
        )
    })?;
    let cookies = jwt_cookies(state, (&session.customer, &session.user), &host, &observed).await?;
    let credential = state
        .engine()?
        .qlik()
        .tenant(&host)
        .session_credential(cookies)
        .await
        .map_err(unavailable)?;
    Ok((host, credential))
}

/// The cookies of the tenant session a fresh hub-signed Qlik JWT opens for `user` of
/// `customer` on `host` (`/login/jwt-session`); the issuance is recorded. A sign-in the
/// tenant refuses is 403, one it cannot answer 503.
pub async fn jwt_cookies(
    state: &AppState,
    (customer, user): (&CustomerSlug, &EmbedUser),
    host: &TenantHostname,
    observed: &Observed,
) -> Result<SecretString, ApiError> {
    let (jwt, _) = signer::qlik_jwt_for(state.signer.as_deref(), customer, user, observed)?;
    let cookies = state
        .engine()?
        .qlik()
        .tenant(host)
        .jwt_cookies(&SecretString::from(jwt))
        .await
        .map_err(|e| match e.status() {
            Some(status @ 400..=499) => ApiError::new(
                ErrorCode::Forbidden,
                format!("the tenant refused the sign-in ({status})"),
            ),
            _ => unavailable(e),
        })?;
    state
        .store
        .record_issuance(customer, user, host, state.clock.now_millis())
        .await?;
    Ok(cookies)
}
