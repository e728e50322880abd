//! Embedding sessions over REST: the host SaaS backend (API token) vouches for a user of a
//! customer and gets a short-lived embed token; pages carry it as a [`PageSession`] and trade
//! it for a Qlik JWT for that customer's tenant only. The browser never names either.

use super::Caller;
use super::answers::Opened;
use super::json::Valid;
use crate::domain::{CustomerSlug, EmbedUser};
use crate::ops::embed::{self, Session, tenant_url};
use crate::ops::menu;
use crate::server::{AppError, AppState, provisioning, signer};
use crate::wire::{ApiError, ErrorCode, MenuModule, MenuSheet, QlikLogin};
use axum::Json;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use serde::Deserialize;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionRequest {
    customer: CustomerSlug,
    user: EmbedUser,
}

/// Host SaaS backend: a short-lived (default 15-minute) embed token for {customer, user: {id, name, email, groups}}
#[utoipa::path(
    post,
    path = "/api/v1/embed/sessions",
    request_body = SessionRequest,
    responses(Opened)
)]
pub async fn create_session(
    caller: Caller,
    State(state): State<AppState>,
    Valid(req): Valid<SessionRequest>,
) -> Result<Opened, AppError> {
    caller.embed_for(&req.customer)?;
    let session =
        embed::open_session(&state.store, state.token_life(), &req.customer, &req.user).await?;
    Ok(Opened(session))
}

/// A page's request: the embed session of its bearer embed token, from an origin its customer
/// registered, and the state to serve it with; a handler taking it is refused with 401/403
/// otherwise.
#[derive(Debug, Clone)]
pub struct PageSession {
    /// Whom the token stands for.
    pub session: Session,
    /// What every handler works with.
    pub state: AppState,
}

impl FromRequestParts<AppState> for PageSession {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        Ok(PageSession {
            session: page_session(state, &parts.headers).await?,
            state: state.clone(),
        })
    }
}

/// The session of `headers`' embed token, checked against the customer's origins.
pub async fn page_session(
    state: &AppState,
    headers: &axum::http::HeaderMap,
) -> Result<Session, ApiError> {
    let now = state.clock.now_millis();
    let session = embed::session(&state.store, crate::http::bearer_token(headers), now).await?;
    let origin = crate::http::cross_origin(headers, state.settings.scheme());
    embed::check_origin(&state.store, &session.customer, origin).await?;
    Ok(session)
}

/// Page, with the embed token as bearer: a Qlik JWT for that user on that customer's tenant only
#[utoipa::path(
    post,
    path = "/api/v1/embed/qlik-jwt",
    responses((status = 200, description = "The JWT and where to use it", body = QlikLogin))
)]
pub async fn qlik_jwt(
    PageSession { session, state }: PageSession,
) -> Result<Json<QlikLogin>, AppError> {
    let Session { customer, user, .. } = session;
    let observed = state.store.get_state(&customer).await?.observed;
    let (Some(host), Some(integration)) = (
        observed.hostname.clone(),
        observed.web_integration_id.clone(),
    ) else {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "the customer's tenant is not provisioned yet",
        )
        .into());
    };
    let (jwt, expires_at) =
        signer::qlik_jwt_for(state.signer.as_deref(), &customer, &user, &observed)?;
    state
        .store
        .record_issuance(&customer, &user, &host, state.clock.now_millis())
        .await?;
    Ok(Json(QlikLogin {
        jwt,
        tenant_url: tenant_url(&provisioning::endpoint(&state.settings), &host)?,
        tenant_host: host,
        web_integration_id: integration,
        expires_at,
    }))
}

/// Page, with the embed token: the modules and sheets (with URLs) its user may see
#[utoipa::path(
    get,
    path = "/api/v1/embed/menu",
    responses((status = 200, description = "The menu", body = Vec<MenuModule>))
)]
pub async fn menu(
    PageSession { session, state }: PageSession,
) -> Result<Json<Vec<MenuModule>>, AppError> {
    let endpoint = provisioning::endpoint(&state.settings);
    Ok(Json(menu::menu(&state.store, &endpoint, &session).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SheetQuery {
    module: String,
    sheet: String,
}

/// Page, with the embed token: one sheet's URL (?module=&sheet=), or 403 outside the menu
#[utoipa::path(
    get,
    path = "/api/v1/embed/sheet-url",
    params(SheetQuery),
    responses((status = 200, description = "The sheet", body = MenuSheet))
)]
pub async fn sheet_url(
    PageSession { session, state }: PageSession,
    Query(q): Query<SheetQuery>,
) -> Result<Json<MenuSheet>, AppError> {
    let endpoint = provisioning::endpoint(&state.settings);
    let sheet = menu::sheet(&state.store, &endpoint, &session, &q.module, &q.sheet).await?;
    Ok(Json(sheet))
}
