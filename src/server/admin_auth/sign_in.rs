//! The admin sign-in use case: throttle check, password check, failure counting (each lockout
//! and each refusal audited), and the session. One operation for every door that signs in.

use super::client::ClientAddr;
use super::throttle::{self, Verdict};
use crate::server::AppState;
use crate::store::{AuditEntry, StoreError, ThrottleScope};
use crate::wire::{ApiError, ErrorCode};
use std::time::Duration;

/// Why a sign-in did not give a session.
#[derive(Debug)]
pub enum SignInError {
    /// Wrong username or password (which one is not said).
    Wrong,
    /// Too many failures from this address or on this account; nothing was checked.
    Throttled { retry_after: Duration },
    /// A fault, already logged.
    Failed(ApiError),
}

impl From<StoreError> for SignInError {
    fn from(e: StoreError) -> Self {
        SignInError::Failed(ApiError::from(e))
    }
}

impl From<SignInError> for ApiError {
    fn from(e: SignInError) -> Self {
        match e {
            SignInError::Wrong => {
                ApiError::new(ErrorCode::Unauthorized, "wrong username or password")
            }
            SignInError::Throttled { retry_after } => ApiError::new(
                ErrorCode::RateLimited,
                format!(
                    "too many failed sign-ins: try again in {} s (an operator can lift this with `oem-hub admin unlock`)",
                    retry_after_secs(retry_after)
                ),
            ),
            SignInError::Failed(e) => e,
        }
    }
}

/// A `retry-after` value: whole seconds, rounded up, at least 1.
pub fn retry_after_secs(wait: Duration) -> u64 {
    u64::try_from(wait.as_millis().div_ceil(1000))
        .unwrap_or(u64::MAX)
        .max(1)
}

/// Signs `username` in from `client`; returns the new session's cookie token.
pub async fn sign_in(
    state: &AppState,
    username: &str,
    password: &str,
    client: &ClientAddr,
) -> Result<String, SignInError> {
    let store = &state.store;
    let now = state.clock.now_millis();
    // The caller's input becomes a row key: bounded (admin names are short).
    let account_key: String = username.chars().take(128).collect();
    let account_key = account_key.as_str();
    let forget_before = now - millis(throttle::FORGET_AFTER);
    let account = store
        .sign_in_failures(ThrottleScope::Account, account_key, forget_before)
        .await?;
    let address = store
        .sign_in_failures(ThrottleScope::Address, client.as_str(), forget_before)
        .await?;
    let known = store
        .is_known_sign_in_address(
            username,
            client.as_str(),
            now - millis(throttle::KNOWN_ADDRESS_FOR),
        )
        .await?;
    // A cheap read-only check first: refused attempts write nothing but their audit row.
    if let Verdict::Refused { scope, until } = throttle::verdict(now, account, address, known) {
        return Err(refuse(state, client, username, scope, until, now).await?);
    }
    // Then count this attempt as a failure up front, atomically (see the store), so parallel
    // guesses cannot all pass the check above before any of them is counted.
    let mut counted = Vec::with_capacity(2);
    for (scope, subject, policy, honour_lock) in [
        (
            ThrottleScope::Address,
            client.as_str(),
            throttle::PER_ADDRESS,
            true,
        ),
        (
            ThrottleScope::Account,
            account_key,
            throttle::PER_ACCOUNT,
            !known,
        ),
    ] {
        let reserved = store
            .reserve_sign_in_attempt(scope, subject, now, forget_before, honour_lock, &policy)
            .await?;
        match reserved {
            Ok(failures) => counted.push((scope, policy, failures)),
            Err(locked) => {
                return Err(
                    refuse(state, client, username, scope, locked.locked_until, now).await?,
                );
            }
        }
    }
    // Verify against a dummy hash when the user is unknown, so timing does not reveal names.
    let hash = store.admin_password_hash(username).await?;
    let stored = hash.unwrap_or_else(|| super::dummy_hash().to_owned());
    if !super::verify_password(&stored, password) || username.is_empty() {
        for (scope, policy, failures) in counted {
            if policy.delay(failures.count) > Duration::ZERO {
                let lock_ms = failures.locked_until - now;
                audit(state, "LOCKOUT", client, username, scope, 401, lock_ms).await?;
            }
        }
        return Err(SignInError::Wrong);
    }
    store
        .clear_sign_in_failures(ThrottleScope::Account, account_key)
        .await?;
    store
        .clear_sign_in_failures(ThrottleScope::Address, client.as_str())
        .await?;
    store
        .remember_sign_in_address(username, client.as_str(), now)
        .await?;
    let (token, token_hash) = super::new_session_token();
    store
        .insert_session(&token_hash, username, now + super::SESSION_SECONDS * 1000)
        .await?;
    Ok(token)
}

/// Audits a refusal and returns it.
async fn refuse(
    state: &AppState,
    client: &ClientAddr,
    username: &str,
    scope: ThrottleScope,
    until: i64,
    now: i64,
) -> Result<SignInError, StoreError> {
    audit(state, "SIGN-IN", client, username, scope, 429, until - now).await?;
    let wait = u64::try_from(until - now).unwrap_or(0);
    Ok(SignInError::Throttled {
        retry_after: Duration::from_millis(wait),
    })
}

/// Records a throttling event in the audit log: `method` is the event (`SIGN-IN` refused,
/// `LOCKOUT`, `UNLOCK`), `host` the client address, `path` what it concerned, `status` the
/// answer given and `duration_ms` how long the lock runs.
pub async fn audit(
    state: &AppState,
    event: &str,
    client: &ClientAddr,
    username: &str,
    scope: ThrottleScope,
    status: i64,
    lock_ms: i64,
) -> Result<(), StoreError> {
    state
        .store
        .append_audit(&[audit_entry(
            state.clock.now_millis(),
            event,
            client.as_str(),
            username,
            scope,
            status,
            lock_ms,
        )])
        .await
}

/// The audit row of a sign-in throttling event (also written by the CLI's unlock).
pub fn audit_entry(
    at: i64,
    event: &str,
    client: &str,
    username: &str,
    scope: ThrottleScope,
    status: i64,
    lock_ms: i64,
) -> AuditEntry {
    // The username is the caller's input: bounded and printable before it is stored.
    let username: String = username
        .chars()
        .filter(|c| !c.is_control())
        .take(64)
        .collect();
    AuditEntry {
        at,
        customer: None,
        job_id: None,
        method: event.to_owned(),
        host: client.to_owned(),
        path: format!("admin sign-in: account={username} by={}", scope.as_str()),
        status,
        duration_ms: lock_ms.max(0),
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}
