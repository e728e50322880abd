//! The host users' lifecycle: remove one (the host's call), sync a customer's whole list, and
//! the inactivity policy. A removed user gets no session and no Qlik token, and leaves the tenant.

use super::customers;
use crate::domain::{
    CustomerSlug, QlikSubject, RemovalCause, TenantHostname, TenantUserOutcome, UserEvent,
};
use crate::provision::Engine;
use crate::store::{Store, UserEventRecord};
use crate::wire::{
    ActiveUser, ApiError, CustomerUsers, ErrorCode, UserLogEntry, UserRemoval, UserSync,
};
use std::collections::BTreeSet;

const DAY_MS: i64 = 24 * 3600 * 1000;
/// The most users one sync may list (a bigger host syncs in its own pages of removals).
pub const MAX_SYNC_USERS: usize = 50_000;

/// Checks a host user id as an embed session's `user.id` is checked.
fn user_id<'a>(raw: &'a str, field: &str) -> Result<&'a str, ApiError> {
    let ok = !raw.trim().is_empty() && raw.len() <= 256 && !raw.chars().any(char::is_control);
    ok.then_some(raw)
        .ok_or_else(|| ApiError::invalid(field, "a user id is 1–256 printable characters"))
}

/// Removes `id` of `customer` at `now` on `actor`'s word: first in the hub (from this moment
/// no session opens and no token is minted), then on the tenant, which frees its licence.
/// Calling again is harmless; a tenant that cannot be reached is a 503 and the call can be
/// repeated (the user stays removed in the hub meanwhile).
pub async fn remove(
    engine: &Engine,
    customer: &CustomerSlug,
    id: &str,
    cause: RemovalCause,
    actor: &str,
    now: i64,
) -> Result<UserRemoval, ApiError> {
    customers::known(engine.store(), customer, "customer").await?;
    let id = user_id(id, "id")?;
    let host = tenant_host(engine, customer).await?;
    remove_checked(engine, customer, host.as_ref(), id, cause, actor, now).await
}

/// The tenant's host of `customer`, if it has one yet.
async fn tenant_host(
    engine: &Engine,
    customer: &CustomerSlug,
) -> Result<Option<TenantHostname>, ApiError> {
    Ok(engine.store().get_state(customer).await?.observed.hostname)
}

/// [`remove`] of a known customer's checked user id, its tenant at `host`.
async fn remove_checked(
    engine: &Engine,
    customer: &CustomerSlug,
    host: Option<&TenantHostname>,
    id: &str,
    cause: RemovalCause,
    actor: &str,
    now: i64,
) -> Result<UserRemoval, ApiError> {
    let store = engine.store();
    store.mark_user_removed(customer, id, now).await?;
    let tenant_user = match host {
        Some(host) => remove_on_tenant(engine, customer, host, id).await?,
        None => TenantUserOutcome::NoTenant,
    };
    store
        .log_user_event(&UserEventRecord {
            at: now,
            customer: customer.clone(),
            user_id: id.to_owned(),
            event: UserEvent::Removed,
            cause,
            actor: actor.to_owned(),
            tenant_user,
        })
        .await?;
    tracing::info!(%customer, user = id, %cause, %tenant_user, actor, "user removed");
    Ok(UserRemoval {
        customer: customer.clone(),
        user_id: id.to_owned(),
        removed_at: now,
        tenant_user,
    })
}

async fn remove_on_tenant(
    engine: &Engine,
    customer: &CustomerSlug,
    host: &TenantHostname,
    id: &str,
) -> Result<TenantUserOutcome, ApiError> {
    let unavailable = |e: crate::qlik::QlikError| {
        tracing::warn!(%customer, user = id, error = %e, "cannot remove the user on the tenant");
        ApiError::new(
            ErrorCode::Unavailable,
            format!("removed in the hub, but the tenant refused ({e}); call again"),
        )
    };
    let subject = QlikSubject::of_host_user(customer, id);
    let qlik = engine.qlik();
    match qlik
        .tenant(host)
        .find_user(subject.as_str())
        .await
        .map_err(unavailable)?
    {
        None => Ok(TenantUserOutcome::Absent),
        Some(user) => match qlik.tenant(host).delete_user(&user.id).await {
            Ok(()) => Ok(TenantUserOutcome::Deleted),
            // Gone between the lookup and the delete.
            Err(e) if e.status() == Some(404) => Ok(TenantUserOutcome::Absent),
            Err(e) => Err(unavailable(e)),
        },
    }
}

/// Makes `users` the whole list of `customer`'s users at `now`: every user who signed in and
/// is not listed is removed, every removed user who is listed may sign in again.
pub async fn sync(
    engine: &Engine,
    customer: &CustomerSlug,
    users: &[String],
    actor: &str,
    now: i64,
) -> Result<UserSync, ApiError> {
    let store = engine.store();
    customers::known(store, customer, "customer").await?;
    if users.len() > MAX_SYNC_USERS {
        return Err(ApiError::invalid(
            "users",
            format!("at most {MAX_SYNC_USERS} users per sync"),
        ));
    }
    let mut listed = BTreeSet::new();
    for (i, id) in users.iter().enumerate() {
        listed.insert(user_id(id, &format!("users[{i}]"))?);
    }
    let mut outcome = UserSync::default();
    for id in &listed {
        if store.unmark_user_removed(customer, id).await? {
            store
                .log_user_event(&UserEventRecord {
                    at: now,
                    customer: customer.clone(),
                    user_id: (*id).to_owned(),
                    event: UserEvent::Restored,
                    cause: RemovalCause::Sync,
                    actor: actor.to_owned(),
                    tenant_user: TenantUserOutcome::Untouched,
                })
                .await?;
            outcome.restored.push((*id).to_owned());
        }
    }
    let host = tenant_host(engine, customer).await?;
    for known in store.active_users(customer).await? {
        if !listed.contains(known.user_id.as_str()) {
            let (id, cause) = (known.user_id.as_str(), RemovalCause::Sync);
            let removal =
                remove_checked(engine, customer, host.as_ref(), id, cause, actor, now).await?;
            outcome.removed.push(removal);
        }
    }
    Ok(outcome)
}

/// The inactivity policy at `now`: every active customer's user whose last sign-in is older
/// than its `users.remove_after_inactive_days` is removed.
pub async fn sweep_inactive(engine: &Engine, now: i64) -> Result<Vec<UserRemoval>, ApiError> {
    let store = engine.store();
    let mut removed = Vec::new();
    for customer in store.list_customers().await? {
        let Some(days) = customer.spec.users.remove_after_inactive_days else {
            continue;
        };
        if customer.retired_at.is_some() {
            continue;
        }
        let cutoff = now - i64::from(days) * DAY_MS;
        let slug = customer.slug();
        let host = tenant_host(engine, slug).await?;
        for known in store.active_users(slug).await? {
            if known.last_sign_in < cutoff {
                let (id, cause) = (known.user_id.as_str(), RemovalCause::Inactive);
                // One unreachable tenant does not hold up the others. Its user is removed in the
                // hub already (no sign-in); `DELETE /api/v1/embed/users/{id}` repeats the
                // tenant's part.
                match remove_checked(engine, slug, host.as_ref(), id, cause, "policy", now).await {
                    Ok(removal) => removed.push(removal),
                    Err(e) => tracing::warn!(customer = %slug, user = %known.user_id,
                        error = %e.message, "inactive user removed in the hub but not on the tenant"),
                }
            }
        }
    }
    Ok(removed)
}

/// `customer`'s users who may sign in, and its lifecycle log.
pub async fn list(store: &Store, customer: &CustomerSlug) -> Result<CustomerUsers, ApiError> {
    customers::known(store, customer, "customer").await?;
    let active = store
        .active_users(customer)
        .await?
        .into_iter()
        .map(|u| ActiveUser {
            user_id: u.user_id,
            last_sign_in_at: u.last_sign_in,
        })
        .collect();
    let log = store
        .user_events(customer)
        .await?
        .into_iter()
        .map(|e| UserLogEntry {
            at: e.at,
            user_id: e.user_id,
            event: e.event,
            cause: e.cause,
            actor: e.actor,
            tenant_user: e.tenant_user,
        })
        .collect();
    Ok(CustomerUsers {
        customer: customer.clone(),
        active,
        log,
    })
}

/// Refuses a removed host user (403): no session, no Qlik token.
pub async fn check_not_removed(
    store: &Store,
    customer: &CustomerSlug,
    user: &crate::domain::EmbedUser,
) -> Result<(), ApiError> {
    if user.principal == crate::domain::Principal::Host
        && store.is_user_removed(customer, &user.id).await?
    {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            format!("user {} was removed from customer {customer}", user.id),
        ));
    }
    Ok(())
}
