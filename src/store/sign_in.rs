//! Failed admin sign-ins per account and per client address, in the config database so every
//! replica sees the same counts; when to refuse is decided by `server::admin_auth::throttle`.

use super::{Store, StoreError};

/// What a row of failures counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThrottleScope {
    /// The username tried (whether or not such an admin exists, so refusals reveal nothing).
    Account,
    /// The client address the attempts came from.
    Address,
}

impl ThrottleScope {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            ThrottleScope::Account => "account",
            ThrottleScope::Address => "address",
        }
    }
}

/// The recent failures of one account or address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Failures {
    /// Failures since the last success, within the forgetting window.
    pub count: u32,
    /// Epoch ms before which further attempts are refused.
    pub locked_until: i64,
}

impl Store {
    /// The failures of `subject`; failures last seen before `forget_before` count as none (a
    /// lock still running is kept).
    pub async fn sign_in_failures(
        &self,
        scope: ThrottleScope,
        subject: &str,
        forget_before: i64,
    ) -> Result<Failures, StoreError> {
        let row: Option<(i64, i64, i64)> = sqlx::query_as(
            "SELECT failures, last_at, locked_until FROM sign_in_failures \
             WHERE scope = $1 AND subject = $2",
        )
        .bind(scope.as_str())
        .bind(subject)
        .fetch_optional(self.pool())
        .await?;
        Ok(match row {
            Some((failures, last_at, locked_until)) => Failures {
                count: if last_at < forget_before {
                    0
                } else {
                    u32::try_from(failures).unwrap_or(u32::MAX)
                },
                locked_until,
            },
            None => Failures::default(),
        })
    }

    /// Counts one more failure of `subject` at `now` (atomically, so concurrent attempts on
    /// several replicas all count) and locks it until `now + delay(count)` when that is later
    /// than a lock already running. Sweeps rows that are forgotten and unlocked.
    pub async fn record_sign_in_failure(
        &self,
        scope: ThrottleScope,
        subject: &str,
        now: i64,
        forget_before: i64,
        delay_ms: impl Fn(u32) -> i64,
    ) -> Result<Failures, StoreError> {
        sqlx::query("DELETE FROM sign_in_failures WHERE last_at < $1 AND locked_until < $2")
            .bind(forget_before)
            .bind(now)
            .execute(self.pool())
            .await?;
        let count: i64 = sqlx::query_scalar(
            "INSERT INTO sign_in_failures (scope, subject, failures, last_at, locked_until) \
             VALUES ($1, $2, 1, $3, 0) \
             ON CONFLICT (scope, subject) DO UPDATE SET \
             failures = CASE WHEN sign_in_failures.last_at < $4 THEN 1 \
                        ELSE sign_in_failures.failures + 1 END, \
             last_at = $3 \
             RETURNING failures",
        )
        .bind(scope.as_str())
        .bind(subject)
        .bind(now)
        .bind(forget_before)
        .fetch_one(self.pool())
        .await?;
        let count = u32::try_from(count).unwrap_or(u32::MAX);
        let until = now.saturating_add(delay_ms(count));
        sqlx::query(
            "UPDATE sign_in_failures SET locked_until = $3 \
             WHERE scope = $1 AND subject = $2 AND locked_until < $3",
        )
        .bind(scope.as_str())
        .bind(subject)
        .bind(until)
        .execute(self.pool())
        .await?;
        self.sign_in_failures(scope, subject, forget_before).await
    }

    /// Forgets the failures of `subject` (a successful sign-in, or an operator's unlock).
    pub async fn clear_sign_in_failures(
        &self,
        scope: ThrottleScope,
        subject: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sign_in_failures WHERE scope = $1 AND subject = $2")
            .bind(scope.as_str())
            .bind(subject)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Forgets the failures of every client address; returns how many were locked or counting.
    pub async fn clear_address_failures(&self) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM sign_in_failures WHERE scope = $1")
            .bind(ThrottleScope::Address.as_str())
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }

    /// Records that `username` signed in from `address` at `now`.
    pub async fn remember_sign_in_address(
        &self,
        username: &str,
        address: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO admin_sign_in_addresses (username, address, last_at) VALUES ($1, $2, $3) \
             ON CONFLICT (username, address) DO UPDATE SET last_at = excluded.last_at",
        )
        .bind(username)
        .bind(address)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// True when `username` signed in from `address` at or after `since`.
    pub async fn is_known_sign_in_address(
        &self,
        username: &str,
        address: &str,
        since: i64,
    ) -> Result<bool, StoreError> {
        let hit: Option<i64> = sqlx::query_scalar(
            "SELECT last_at FROM admin_sign_in_addresses \
             WHERE username = $1 AND address = $2 AND last_at >= $3",
        )
        .bind(username)
        .bind(address)
        .bind(since)
        .fetch_optional(self.pool())
        .await?;
        Ok(hit.is_some())
    }
}
