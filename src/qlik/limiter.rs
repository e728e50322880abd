//! Client-side pacing per (host, tier): the client queues its own calls to stay under Qlik's
//! rate limits instead of bouncing off 429s. Each tier runs at 95 % of Qlik's rate.

use crate::rate::{Tier, TokenBucket};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Shared pacing state; cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Limiter {
    buckets: Arc<Mutex<HashMap<(String, Tier), TokenBucket>>>,
}

impl Limiter {
    /// Reserves a call slot on `host` in `tier` and returns how long to wait before using it.
    pub fn reserve(&self, host: &str, tier: Tier) -> Duration {
        let Some(per_minute) = tier.per_minute() else {
            return Duration::ZERO;
        };
        let paced = per_minute * 95 / 100;
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        buckets
            .entry((host.to_owned(), tier))
            .or_insert_with(|| TokenBucket::new(paced, paced, now))
            .reserve(now)
    }

    /// Waits until a call on `host` in `tier` may be sent.
    pub async fn acquire(&self, host: &str, tier: Tier) {
        let wait = self.reserve(host, tier);
        if !wait.is_zero() {
            tracing::debug!(host, ?tier, ?wait, "pacing Qlik call");
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_beyond_the_tier_is_paced_per_host() {
        let limiter = Limiter::default();
        for _ in 0..47 {
            assert_eq!(
                limiter.reserve("a.us.qlikcloud.com", Tier::Reload),
                Duration::ZERO
            );
        }
        let wait = limiter.reserve("a.us.qlikcloud.com", Tier::Reload);
        assert!(wait > Duration::from_millis(1000), "{wait:?}");
        assert_eq!(
            limiter.reserve("b.us.qlikcloud.com", Tier::Reload),
            Duration::ZERO
        );
        assert_eq!(
            limiter.reserve("a.us.qlikcloud.com", Tier::Unlimited),
            Duration::ZERO
        );
    }
}
