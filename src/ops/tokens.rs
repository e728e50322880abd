//! The API-token use cases — create, list, rotate, revoke, authenticate — called alike by the
//! REST API, the console's server functions and the CLI, with one error mapping (`ApiError`).

use crate::domain::{ApiTokenId, TokenStatus};
use crate::store::{ApiTokenRecord, IssuedApiToken, NewApiToken, Store, StoreError, needs_touch};
use crate::wire::{ApiError, ErrorCode, IssuedToken, NewTokenRequest, TokenView};

const DAY_MS: i64 = 24 * 3600 * 1000;
/// Longest lifetime a token may be given (ten years): a bound, not a recommendation.
pub const MAX_EXPIRY_DAYS: u32 = 3650;

/// The view of `record` at `now`.
pub fn view(record: ApiTokenRecord, now: i64) -> TokenView {
    TokenView {
        status: record.status_at(now),
        id: record.id,
        name: record.name,
        scope: record.scope,
        created_by: record.created_by,
        created_at: record.created_at,
        expires_at: record.expires_at,
        last_used_at: record.last_used_at,
        rotated_at: record.rotated_at,
        revoked_at: record.revoked_at,
    }
}

fn issued(token: IssuedApiToken, now: i64) -> IssuedToken {
    IssuedToken {
        token: view(token.record, now),
        secret: token.secret,
    }
}

fn not_found(id: &ApiTokenId) -> ApiError {
    ApiError::new(ErrorCode::NotFound, format!("API token {id} not found"))
}

/// Creates a token for `created_by` at `now`; every listed customer must exist.
pub async fn create(
    store: &Store,
    request: &NewTokenRequest,
    created_by: &str,
    now: i64,
) -> Result<IssuedToken, ApiError> {
    let expires_at = match request.expires_in_days {
        None => None,
        Some(days) if (1..=MAX_EXPIRY_DAYS).contains(&days) => Some(now + i64::from(days) * DAY_MS),
        Some(_) => {
            return Err(ApiError::invalid(
                "expires_in_days",
                format!("must be 1–{MAX_EXPIRY_DAYS}"),
            ));
        }
    };
    for (i, customer) in request.scope.customers().iter().enumerate() {
        match store.get_customer(customer).await {
            Ok(_) => {}
            Err(StoreError::NotFound(_)) => {
                return Err(ApiError::invalid(
                    &format!("scope.customers[{i}]"),
                    format!("unknown customer {customer}"),
                ));
            }
            Err(e) => return Err(ApiError::from(e)),
        }
    }
    let new = NewApiToken {
        name: request.name.clone(),
        scope: request.scope.clone(),
        expires_at,
    };
    let token = store
        .create_api_token(&new, created_by, now)
        .await
        .map_err(|e| match e {
            // A customer added and gone between the check and the write cannot happen
            // (customers are never deleted), but say so plainly if it does.
            StoreError::NotFound(what) => {
                ApiError::invalid("scope.customers", format!("unknown {what}"))
            }
            other => ApiError::from(other),
        })?;
    tracing::info!(token = %token.record.id, scope = %token.record.scope, by = created_by, "API token created");
    Ok(issued(token, now))
}

/// Every token as seen at `now`.
pub async fn list(store: &Store, now: i64) -> Result<Vec<TokenView>, ApiError> {
    Ok(store
        .list_api_tokens()
        .await?
        .into_iter()
        .map(|r| view(r, now))
        .collect())
}

/// A new secret for a usable token; revoked and expired tokens are not brought back.
pub async fn rotate(store: &Store, id: &ApiTokenId, now: i64) -> Result<IssuedToken, ApiError> {
    let record = store.api_token(id).await?.ok_or_else(|| not_found(id))?;
    let refused = |why: &str| {
        ApiError::new(
            ErrorCode::Conflict,
            format!("API token {id} is {why}; create a new token instead"),
        )
    };
    match record.status_at(now) {
        TokenStatus::Active => {}
        TokenStatus::Revoked => return Err(refused("revoked")),
        TokenStatus::Expired => return Err(refused("expired")),
    }
    let token = store
        .rotate_api_token(id, now)
        .await?
        // Revoked between the read and the write.
        .ok_or_else(|| refused("revoked"))?;
    tracing::info!(token = %id, "API token rotated");
    Ok(issued(token, now))
}

/// Revokes a token for `by` at `now` (again: no change); refused from the next request on.
pub async fn revoke(
    store: &Store,
    id: &ApiTokenId,
    by: &str,
    now: i64,
) -> Result<TokenView, ApiError> {
    if !store.revoke_api_token(id, by, now).await? {
        return Err(not_found(id));
    }
    tracing::info!(token = %id, by, "API token revoked");
    let record = store.api_token(id).await?.ok_or_else(|| not_found(id))?;
    Ok(view(record, now))
}

/// The usable token whose secret is `secret` at `now`, or a 401 saying why not; records the
/// use (at most once a minute per token). Always read from the database, so a revocation or
/// rotation on any replica holds from the next request on.
pub async fn authenticate(
    store: &Store,
    secret: &str,
    now: i64,
) -> Result<ApiTokenRecord, ApiError> {
    let unauthorized = |message: String| ApiError::new(ErrorCode::Unauthorized, message);
    let record = store
        .api_token_by_secret(secret)
        .await?
        .ok_or_else(|| unauthorized("unknown API token".to_owned()))?;
    match record.status_at(now) {
        TokenStatus::Active => {}
        TokenStatus::Revoked => {
            return Err(unauthorized(format!("API token {} was revoked", record.id)));
        }
        TokenStatus::Expired => {
            return Err(unauthorized(format!("API token {} has expired", record.id)));
        }
    }
    if needs_touch(record.last_used_at, now) {
        store.touch_api_token(&record.id, now).await?;
    }
    Ok(record)
}
