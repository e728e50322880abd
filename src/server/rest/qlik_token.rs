//! `POST /api/v1/embed/qlik-token` (embed token): an OAuth impersonation access token for the
//! session's user on its customer's tenant, which qlik-embed asks for through
//! `data-get-access-token`. The user is created on the tenant when missing and given the
//! groups of theirs the tenant knows (impersonation carries no groups claim). The tenant's
//! client secret never leaves the server; every issuance is recorded.

use super::embed::page_session;
use crate::domain::{EmbeddingMode, GroupName, QlikSubject};
use crate::ops::embed::Session;
use crate::ops::embed::tenant_url;
use crate::server::provisioning;
use crate::server::{AppError, AppState};
use crate::store::Sealed;
use crate::wire::{ApiError, ErrorCode, QlikToken};
use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;

fn unavailable(e: crate::qlik::QlikError) -> ApiError {
    tracing::warn!(error = %e, "impersonation failed");
    ApiError::new(ErrorCode::Unavailable, format!("the tenant refused: {e}"))
}

/// The handler.
#[utoipa::path(
    post,
    path = "/api/v1/embed/qlik-token",
    tag = "embed",
    summary = "An OAuth impersonation token for the embed session's user (embedding mode oauth; for qlik-embed)",
    responses((status = 200, description = "The access token", body = QlikToken))
)]
pub async fn qlik_token(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<QlikToken>, AppError> {
    let Session { customer, user, .. } = page_session(&state, &headers).await?;
    let record = state.store.get_customer(&customer).await?;
    if record.spec.embedding != EmbeddingMode::Oauth {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            format!(
                "customer {customer} embeds with mode {}, not oauth",
                record.spec.embedding.as_str()
            ),
        )
        .into());
    }
    let observed = state.store.get_state(&customer).await?.observed;
    let (Some(host), Some(client_id), Some(sealed)) = (
        observed.hostname.clone(),
        observed.oauth_client_id.clone(),
        observed.oauth_client_secret_sealed.clone(),
    ) else {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "the customer's tenant has no impersonation OAuth client yet: apply its spec",
        )
        .into());
    };
    let engine = state.engine()?;
    let secret = engine.open_sealed(&Sealed(sealed)).map_err(|e| {
        tracing::error!(error = %e, "cannot open the OAuth client secret");
        ApiError::internal()
    })?;
    let qlik = engine.qlik();
    let subject = QlikSubject::of(&customer, &user);
    let tenant_user = qlik
        .ensure_user(&host, subject.as_str(), &user.name, user.email.as_deref())
        .await
        .map_err(unavailable)?;
    let qlik_groups = user.qlik_groups();
    let groups: Vec<&GroupName> = qlik_groups
        .iter()
        .filter(|g| observed.groups.contains_key(*g))
        .collect();
    qlik.set_user_groups(&host, &tenant_user, &groups)
        .await
        .map_err(unavailable)?;
    let token = qlik
        .impersonate(&host, &client_id, &secret, subject.as_str())
        .await
        .map_err(unavailable)?;
    state
        .store
        .record_issuance(&customer, &user, &host, state.clock.now_millis())
        .await?;
    let lifetime_ms = token.expires_in.unwrap_or(3600) * 1000;
    Ok(Json(QlikToken {
        access_token: token.access_token,
        expires_at: chrono::Utc::now().timestamp_millis() + lifetime_ms,
        tenant_url: tenant_url(&provisioning::endpoint(&state.settings), &host)?,
    }))
}
