//! The hub's idea of "now": the system clock plus an offset that tests move forward, so time
//! limits (sign-in backoff) are tested by driving the clock instead of waiting.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

/// A clock shared by the hub's handlers; clones share one offset.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    /// Milliseconds since the Unix epoch.
    pub fn now_millis(&self) -> i64 {
        crate::store::now_millis().saturating_add(self.offset_ms.load(Ordering::Relaxed))
    }

    /// Moves this clock (and every clone) forward by `by`.
    pub fn advance(&self, by: Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.offset_ms.fetch_add(ms, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_one_clone_moves_all() {
        let clock = Clock::default();
        let other = clock.clone();
        let before = other.now_millis();
        clock.advance(Duration::from_secs(3600));
        assert!(other.now_millis() >= before + 3_600_000);
    }
}
