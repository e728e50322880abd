//! `POST /api/v1/embed/qlik-token` (embed token): an OAuth impersonation access token for the
//! session's user on its customer's tenant, which qlik-embed asks for through
//! `data-get-access-token` (see `server::user_credential`). The tenant's client secret never
//! leaves the server; every issuance is recorded.

use super::embed::PageSession;
use crate::ops::embed::tenant_url;
use crate::server::AppError;
use crate::server::provisioning;
use crate::server::user_credential::impersonation;
use crate::wire::QlikToken;
use axum::Json;

/// An OAuth impersonation token for the embed session's user (embedding mode oauth; for qlik-embed)
#[utoipa::path(
    post,
    path = "/api/v1/embed/qlik-token",
    responses((status = 200, description = "The access token", body = QlikToken))
)]
pub async fn qlik_token(
    PageSession { session, state }: PageSession,
) -> Result<Json<QlikToken>, AppError> {
    let (host, token) = impersonation(&state, &session).await?;
    let lifetime_ms = token.expires_in.unwrap_or(3600) * 1000;
    Ok(Json(QlikToken {
        access_token: token.access_token,
        expires_at: chrono::Utc::now().timestamp_millis() + lifetime_ms,
        tenant_url: tenant_url(&provisioning::endpoint(&state.settings), &host)?,
    }))
}
