//! How a page reaches its customer's tenant: the customer's embedding mode, the tenant's and
//! the proxy's origins; whom its token stands for until when; and its report that it had to
//! fall back to the proxy.

use super::embed::PageSession;
use crate::ops::embed::Session;
use crate::ops::embed::tenant_url;
use crate::server::provisioning;
use crate::server::{AppError, AppState};
use crate::wire::{EmbedSessionInfo, EmbedSetup};
use axum::Json;
use axum::http::{HeaderMap, StatusCode, header};

/// Page, with the embed token: the customer's embedding mode (direct|proxy|auto), tenant and proxy origins, and its session
#[utoipa::path(
    get,
    path = "/api/v1/embed/setup",
    responses((status = 200, description = "How to reach the tenant", body = EmbedSetup))
)]
pub async fn setup(
    PageSession { session, state }: PageSession,
    headers: HeaderMap,
) -> Result<Json<EmbedSetup>, AppError> {
    let customer = session.customer.clone();
    let record = state.store.get_customer(&customer).await?;
    let observed = state.store.get_state(&customer).await?.observed;
    let tenant = match observed.hostname {
        Some(host) => Some(tenant_url(&provisioning::endpoint(&state.settings), &host)?),
        None => None,
    };
    Ok(Json(EmbedSetup {
        mode: record.spec.embedding,
        tenant_url: tenant,
        proxy_url: proxy_url(&state, &headers),
        session_check_ms: state.settings.embed.session_check_ms(),
        session: session_info(&state, session),
    }))
}

/// Page, with the embed token: its customer and user, and when the token ends on the hub's clock
#[utoipa::path(
    get,
    path = "/api/v1/embed/session",
    responses((status = 200, description = "The session", body = EmbedSessionInfo))
)]
pub async fn session(
    PageSession { session, state }: PageSession,
) -> Result<Json<EmbedSessionInfo>, AppError> {
    Ok(Json(session_info(&state, session)))
}

/// `session` as the page reads it, with the hub's clock.
fn session_info(state: &AppState, session: Session) -> EmbedSessionInfo {
    EmbedSessionInfo {
        customer: session.customer.to_string(),
        user: session.user.id,
        expires_at: session.expires_at,
        now: state.clock.now_millis(),
    }
}

/// The proxy's origin: its host on the port this request came in on (one listener serves
/// both), with the hub's scheme.
fn proxy_url(state: &AppState, headers: &HeaderMap) -> Option<String> {
    let proxy = state.settings.proxy.as_ref()?;
    let scheme = state.settings.scheme().as_str();
    let port = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.rsplit_once(':'))
        .map(|(_, port)| format!(":{port}"))
        .unwrap_or_default();
    Some(format!("{scheme}://{}{port}", proxy.host))
}

/// Page, with the embed token: this user's browser dropped the tenant cookie and the proxy took over
#[utoipa::path(
    post,
    path = "/api/v1/embed/fallback",
    responses((status = 204, description = "Recorded"))
)]
pub async fn fallback(PageSession { session, state }: PageSession) -> Result<StatusCode, AppError> {
    let Session { customer, user, .. } = session;
    state.store.record_fallback(&customer, &user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}
