//! Failed admin sign-ins per account and per client address, in the config database so every
//! replica sees the same counts; when to refuse is decided by `server::admin_auth::throttle`.

use super::query::Changes;
use super::{Store, StoreError};
use std::time::Duration;

/// Backoff after failed sign-ins: the first `free` failures cost nothing; each one after that
/// locks for `base`, doubling per failure, never more than `cap`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub free: u32,
    pub base: Duration,
    pub cap: Duration,
}

impl Backoff {
    /// How long the `failures`-th failure in a row locks for (the store computes the same in
    /// SQL, see `reserve_sign_in_attempt`).
    pub fn delay(&self, failures: u32) -> Duration {
        if failures <= self.free {
            return Duration::ZERO;
        }
        let doublings = failures - self.free - 1;
        if doublings >= 30 {
            return self.cap;
        }
        self.base.saturating_mul(1 << doublings).min(self.cap)
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

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

    /// Counts an attempt of `subject` as a failure *before* its password is checked (a success
    /// clears it afterwards), unless `honour_lock` and a lock is running, and locks it until
    /// `now + backoff.delay(count)` when that is later. One statement computes count and lock
    /// (the same formula as `Backoff::delay`), so concurrent attempts on any replica each get
    /// their own count and none slips past a lock another one just set. `Ok(Err(current))`
    /// when refused. Sweeps forgotten rows.
    pub async fn reserve_sign_in_attempt(
        &self,
        scope: ThrottleScope,
        subject: &str,
        now: i64,
        forget_before: i64,
        honour_lock: bool,
        backoff: &Backoff,
    ) -> Result<Result<Failures, Failures>, StoreError> {
        sqlx::query("DELETE FROM sign_in_failures WHERE last_at < $1 AND locked_until < $2")
            .bind(forget_before)
            .bind(now)
            .execute(self.pool())
            .await?;
        sqlx::query(
            "INSERT INTO sign_in_failures (scope, subject, failures, last_at, locked_until) \
             VALUES ($1, $2, 0, $3, 0) ON CONFLICT (scope, subject) DO NOTHING",
        )
        .bind(scope.as_str())
        .bind(subject)
        .bind(now)
        .execute(self.pool())
        .await?;
        // n: this attempt's count; the lock: base << (n - free - 1), capped, after `free`.
        let n = "(CASE WHEN last_at < $3 THEN 1 ELSE failures + 1 END)";
        let shift = format!("CAST({n} - $5 - 1 AS INTEGER)");
        let delay = format!(
            "(CASE WHEN {n} - $5 - 1 >= 30 THEN $7 \
              WHEN ($6 << {shift}) < $7 THEN ($6 << {shift}) ELSE $7 END)"
        );
        let guard = if honour_lock {
            " AND locked_until <= $4"
        } else {
            ""
        };
        let sql = format!(
            "UPDATE sign_in_failures SET failures = {n}, last_at = $4, locked_until = \
             CASE WHEN {n} <= $5 THEN locked_until \
                  WHEN locked_until > $4 + {delay} THEN locked_until ELSE $4 + {delay} END \
             WHERE scope = $1 AND subject = $2{guard} RETURNING failures, locked_until"
        );
        let row: Option<(i64, i64)> = sqlx::query_as(&sql)
            .bind(scope.as_str())
            .bind(subject)
            .bind(forget_before)
            .bind(now)
            .bind(i64::from(backoff.free))
            .bind(millis(backoff.base))
            .bind(millis(backoff.cap))
            .fetch_optional(self.pool())
            .await?;
        match row {
            Some((count, locked_until)) => Ok(Ok(Failures {
                count: u32::try_from(count).unwrap_or(u32::MAX),
                locked_until,
            })),
            None => self
                .sign_in_failures(scope, subject, forget_before)
                .await
                .map(Err),
        }
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
            .run(self.pool())
            .await
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
        .run(self.pool())
        .await
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
