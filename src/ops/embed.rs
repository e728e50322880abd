//! Embed session use cases: open one for a user an admin, a host backend or a host app vouches
//! for; the console's preview; and the session an embed token names. Retired customers get none.

use super::customers;
use crate::domain::{CustomerSlug, EmbedUser, Origin, Principal, TenantHostname};
use crate::qlik::QlikEndpoint;
use crate::store::{CustomerRecord, Store};
use crate::wire::{ApiError, EmbedSession, ErrorCode};

/// When a new embed token starts (the hub's clock) and how long it lives (the hub's
/// settings), whoever asked for it.
#[derive(Debug, Clone, Copy)]
pub struct TokenLife {
    pub now_ms: i64,
    pub ttl_ms: i64,
}

/// The customer and user an embed token stands for, and when the token ends (Unix ms).
#[derive(Debug, Clone)]
pub struct Session {
    pub customer: CustomerSlug,
    pub user: EmbedUser,
    pub expires_at: i64,
}

/// Opens an embed session for `user` of the active `customer` (a 400 on `customer` when it is
/// unknown or retired).
pub async fn open_session(
    store: &Store,
    life: TokenLife,
    customer: &CustomerSlug,
    user: &EmbedUser,
) -> Result<EmbedSession, ApiError> {
    let record = customers::known(store, customer, "customer").await?;
    open_for(store, life, &record, user, "customer").await
}

/// An embed session for the signed-in `admin` as a user of `slug` in all its mapped groups,
/// for the console's preview: the same checks and lifetime as any other session.
pub async fn preview(
    store: &Store,
    life: TokenLife,
    admin: &str,
    slug: &CustomerSlug,
) -> Result<EmbedSession, ApiError> {
    let record = customers::known(store, slug, "slug").await?;
    let user = EmbedUser {
        id: admin.to_owned(),
        name: format!("{admin} (admin preview)"),
        // Qlik's JWT IdP requires an email claim; `.invalid` never routes anywhere.
        email: Some(format!("{admin}@preview.oem-hub.invalid")),
        groups: record.spec.group_roles.keys().cloned().collect(),
        attributes: Default::default(),
        principal: Principal::AdminPreview,
    };
    open_for(store, life, &record, &user, "slug").await
}

async fn open_for(
    store: &Store,
    life: TokenLife,
    record: &CustomerRecord,
    user: &EmbedUser,
    field: &str,
) -> Result<EmbedSession, ApiError> {
    if record.retired_at.is_some() {
        return Err(ApiError::invalid(field, "the customer is retired"));
    }
    super::users::check_not_removed(store, record.slug(), user).await?;
    let (token, expires_at) = store
        .create_embed_session(record.slug(), user, life.now_ms, life.ttl_ms)
        .await?;
    Ok(EmbedSession { token, expires_at })
}

/// The session of embed token `token` at `now_ms` (the hub's clock), or 401.
pub async fn session(store: &Store, token: Option<&str>, now_ms: i64) -> Result<Session, ApiError> {
    let unauthorized = || {
        ApiError::new(
            ErrorCode::Unauthorized,
            "missing, unknown or expired embed token",
        )
    };
    let (customer, user, expires_at) = store
        .embed_session(token.ok_or_else(unauthorized)?, now_ms)
        .await?
        .ok_or_else(unauthorized)?;
    // A session opened before its user was removed ends with the removal.
    super::users::check_not_removed(store, &customer, &user).await?;
    Ok(Session {
        customer,
        user,
        expires_at,
    })
}

/// Refuses a cross-origin request from an `origin` that `customer` did not register.
pub async fn check_origin(
    store: &Store,
    customer: &CustomerSlug,
    origin: Option<&str>,
) -> Result<(), ApiError> {
    let Some(origin) = origin else {
        return Ok(());
    };
    let record = store.get_customer(customer).await?;
    if record.spec.origins.iter().any(|o| o.as_str() == origin) {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::Forbidden,
            format!("origin {origin} is not registered for this customer"),
        ))
    }
}

/// The origin of the tenant at `host` as the hub reaches it (`https://host`, or the emulator's
/// scheme and port).
pub fn tenant_origin(
    endpoint: &QlikEndpoint,
    host: Option<&TenantHostname>,
) -> Result<Option<Origin>, ApiError> {
    let Some(host) = host else { return Ok(None) };
    Origin::parse(&endpoint.base_url(host.as_str()))
        .map(Some)
        .map_err(|e| {
            tracing::error!(error = %e, %host, "tenant host is not an origin");
            ApiError::internal()
        })
}

/// [`tenant_origin`] as text, `""` when there is no host.
pub fn tenant_url(endpoint: &QlikEndpoint, host: &TenantHostname) -> Result<String, ApiError> {
    Ok(tenant_origin(endpoint, Some(host))?
        .map(|o| o.as_str().to_owned())
        .unwrap_or_default())
}
