//! Qlik Cloud's rate-limit tiers and a token bucket, shared by the emulator (which enforces
//! the limits) and the client (which paces itself to stay under them).

use std::time::{Duration, Instant};

mod window;
pub use window::SlidingWindow;

/// The window Qlik evaluates its tiers over: "1,000 per min … evaluated over a 5-minute window
/// to support bursts" (qlik.dev rate limiting); `POST /api/v1/reloads` likewise, "up to 250
/// requests within that window" (qlik.dev changelog, reloads rate limit).
pub const WINDOW: Duration = Duration::from_secs(300);

/// The rate-limit tier of a call.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Tier {
    /// 1,000 requests per minute: most reads.
    Tier1,
    /// 100 requests per minute: creates, updates, deletes, token and login calls.
    Tier2,
    /// 50 requests per minute: `POST /api/v1/reloads` (and cancel).
    Reload,
    /// Not rate limited (pages, static resources).
    Unlimited,
}

impl Tier {
    /// Requests per minute allowed per user per tenant.
    pub fn per_minute(self) -> Option<u32> {
        match self {
            Tier::Tier1 => Some(1000),
            Tier::Tier2 => Some(100),
            Tier::Reload => Some(50),
            Tier::Unlimited => None,
        }
    }

    /// Requests allowed per user per tenant within any `WINDOW`: five minutes' worth.
    pub fn window_limit(self) -> Option<u32> {
        let minutes = (WINDOW.as_secs() / 60) as u32;
        self.per_minute().map(|n| n * minutes)
    }

    /// Classifies a call by method and path as Qlik's documentation does.
    pub fn of(method: &str, path: &str) -> Tier {
        let path = path.split('?').next().unwrap_or_default();
        if path == "/api/v1/reloads" && method == "POST" || path.ends_with("/actions/cancel") {
            return Tier::Reload;
        }
        if path == "/oauth/token" || path == "/login/jwt-session" {
            return Tier::Tier2;
        }
        if !path.starts_with("/api/") {
            return Tier::Unlimited;
        }
        match method {
            "GET" | "HEAD" => Tier::Tier1,
            _ => Tier::Tier2,
        }
    }
}

/// A token bucket holding at most `capacity` tokens, refilled at `per_minute` per minute.
#[derive(Debug, Clone)]
pub struct TokenBucket {
    capacity: f64,
    tokens: f64,
    per_second: f64,
    updated: Instant,
}

impl TokenBucket {
    /// A full bucket.
    pub fn new(per_minute: u32, capacity: u32, now: Instant) -> Self {
        Self {
            capacity: f64::from(capacity.max(1)),
            tokens: f64::from(capacity.max(1)),
            per_second: f64::from(per_minute.max(1)) / 60.0,
            updated: now,
        }
    }

    fn refill(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.updated).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.per_second).min(self.capacity);
        self.updated = now;
    }

    /// Takes a token, or says how long until one is available.
    pub fn try_take(&mut self, now: Instant) -> Result<(), Duration> {
        self.refill(now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64(
                (1.0 - self.tokens) / self.per_second,
            ))
        }
    }

    /// Reserves a token even when none is available yet, returning how long the caller must
    /// wait before using it (so concurrent callers queue in order instead of racing).
    pub fn reserve(&mut self, now: Instant) -> Duration {
        self.refill(now);
        self.tokens -= 1.0;
        if self.tokens >= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(-self.tokens / self.per_second)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tier_table() {
        let cases = [
            ("GET", "/api/v1/items", Tier::Tier1),
            ("POST", "/api/v1/apps/import?name=x", Tier::Tier2),
            ("PATCH", "/api/v1/tenants/t", Tier::Tier2),
            ("POST", "/api/v1/reloads", Tier::Reload),
            ("GET", "/api/v1/reloads", Tier::Tier1),
            ("POST", "/api/v1/reloads/r/actions/cancel", Tier::Reload),
            ("POST", "/oauth/token", Tier::Tier2),
            ("POST", "/login/jwt-session", Tier::Tier2),
            ("GET", "/single/", Tier::Unlimited),
        ];
        for (method, path, want) in cases {
            assert_eq!(Tier::of(method, path), want, "{method} {path}");
        }
    }

    #[test]
    fn window_limits_are_five_minutes_of_the_rate() {
        let cases = [
            (Tier::Tier1, Some(5000)),
            (Tier::Tier2, Some(500)),
            (Tier::Reload, Some(250)),
            (Tier::Unlimited, None),
        ];
        for (tier, want) in cases {
            assert_eq!(tier.window_limit(), want, "{tier:?}");
        }
    }

    #[test]
    fn bucket_allows_bursts_then_paces() {
        let start = Instant::now();
        let mut bucket = TokenBucket::new(60, 3, start);
        for _ in 0..3 {
            assert!(bucket.try_take(start).is_ok());
        }
        let wait = bucket.try_take(start).expect_err("empty");
        assert!((wait.as_secs_f64() - 1.0).abs() < 0.01, "{wait:?}");
        assert!(bucket.try_take(start + Duration::from_secs(1)).is_ok());
    }

    #[test]
    fn reservations_queue_in_order() {
        let start = Instant::now();
        let mut bucket = TokenBucket::new(60, 1, start);
        assert_eq!(bucket.reserve(start), Duration::ZERO);
        let second = bucket.reserve(start);
        let third = bucket.reserve(start);
        assert!(
            (second.as_secs_f64() - 1.0).abs() < 0.01 && (third.as_secs_f64() - 2.0).abs() < 0.01
        );
    }
}
