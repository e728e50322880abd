//! Keyed token buckets for end-user calls that cost tenant API calls (the sign-in diagnosis):
//! one bucket per user and one per customer, so neither a user nor a crowd can spend the
//! tenant's rate limit. Kept in memory per replica: a bound per instance is enough here.

use crate::rate::TokenBucket;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Buckets stop being remembered past this many keys (a forgotten key starts full again).
const MAX_KEYS: usize = 10_000;

/// Token buckets of one size, by key.
#[derive(Debug)]
pub struct KeyedLimiter {
    per_minute: u32,
    burst: u32,
    buckets: Mutex<HashMap<String, TokenBucket>>,
}

impl KeyedLimiter {
    /// Buckets holding `burst` tokens, refilled at `per_minute`.
    pub fn new(per_minute: u32, burst: u32) -> Self {
        Self {
            per_minute,
            burst,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `key` at `now`, or says how long until one is available.
    pub fn take(&self, key: &str, now: Instant) -> Result<(), Duration> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= MAX_KEYS && !buckets.contains_key(key) {
            buckets.clear();
        }
        buckets
            .entry(key.to_owned())
            .or_insert_with(|| TokenBucket::new(self.per_minute, self.burst, now))
            .try_take(now)
    }
}

/// Limits on one kind of end-user call: a bucket per user and one per customer.
#[derive(Debug)]
pub struct UserLimits {
    per_user: KeyedLimiter,
    per_customer: KeyedLimiter,
}

impl UserLimits {
    /// The diagnosis's limits: a user may ask 3 times at once and then every 20 s; a
    /// customer's users together 20 times at once and then once a second.
    pub fn diagnosis() -> Self {
        Self {
            per_user: KeyedLimiter::new(3, 3),
            per_customer: KeyedLimiter::new(60, 20),
        }
    }

    /// Exports' limits: a user may export 3 times at once and then 5 a minute; a customer's
    /// users together 10 at once and then 30 a minute (Qlik allows each user 10 report
    /// requests a minute).
    pub fn exports() -> Self {
        Self {
            per_user: KeyedLimiter::new(5, 3),
            per_customer: KeyedLimiter::new(30, 10),
        }
    }

    /// Takes a token from both buckets of (`customer`, `user`), or the wait until it could.
    pub fn take(&self, customer: &str, user: &str, now: Instant) -> Result<(), Duration> {
        self.per_user.take(&format!("{customer}\n{user}"), now)?;
        self.per_customer.take(customer, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_and_a_customer_are_bounded_apart() {
        let start = Instant::now();
        let limits = UserLimits::diagnosis();
        for _ in 0..3 {
            assert!(limits.take("acme", "ada", start).is_ok());
        }
        let wait = limits
            .take("acme", "ada", start)
            .expect_err("ada is throttled");
        assert!((19..=20).contains(&wait.as_secs()), "{wait:?}");
        assert!(
            limits.take("acme", "bo", start).is_ok(),
            "bo has her own bucket"
        );
        assert!(
            limits
                .take("acme", "ada", start + Duration::from_secs(20))
                .is_ok(),
            "refilled"
        );
        // Many users of one customer share its bucket.
        let crowd: Vec<bool> = (0..30)
            .map(|i| limits.take("globex", &format!("u{i}"), start).is_ok())
            .collect();
        assert_eq!(crowd.iter().filter(|ok| **ok).count(), 20);
        assert!(limits.take("initech", "u0", start).is_ok());
    }
}
