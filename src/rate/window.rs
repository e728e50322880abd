//! A sliding-window request counter: Qlik meters its tiers over a 5-minute window (qlik.dev
//! "Rate limiting"), so a burst may spend the whole window's budget at once.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// At most `limit` requests within any `window`; pure, driven by the caller's clock.
#[derive(Debug, Clone)]
pub struct SlidingWindow {
    limit: usize,
    window: Duration,
    /// When each counted request was let through, oldest first.
    hits: VecDeque<Instant>,
}

impl SlidingWindow {
    /// An empty window allowing `limit` requests per `window`.
    pub fn new(limit: u32, window: Duration) -> Self {
        Self {
            limit: limit.max(1) as usize,
            window,
            hits: VecDeque::new(),
        }
    }

    /// Counts a request at `now`, or says how long until the oldest counted request leaves the
    /// window (the `retry-after` Qlik answers). A refused request is not counted.
    pub fn try_take(&mut self, now: Instant) -> Result<(), Duration> {
        while let Some(&oldest) = self.hits.front() {
            if now.saturating_duration_since(oldest) >= self.window {
                self.hits.pop_front();
            } else {
                break;
            }
        }
        if self.hits.len() < self.limit {
            self.hits.push_back(now);
            return Ok(());
        }
        let oldest = self.hits.front().copied().unwrap_or(now);
        Err(self
            .window
            .saturating_sub(now.saturating_duration_since(oldest)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_table() {
        let s = Duration::from_secs;
        // (requests already let through at these offsets, offset of the new one, expected)
        let cases: [(&[u64], u64, Result<(), Duration>); 6] = [
            (&[], 0, Ok(())),
            (&[0, 0], 0, Ok(())),
            (&[0, 0, 0], 0, Err(s(300))),
            (&[0, 0, 0], 299, Err(s(1))),
            (&[0, 0, 0], 300, Ok(())),
            (&[0, 100, 200], 350, Ok(())),
        ];
        for (before, at, want) in cases {
            let start = Instant::now();
            let mut window = SlidingWindow::new(3, s(300));
            for offset in before {
                assert_eq!(window.try_take(start + s(*offset)), Ok(()), "{before:?}");
            }
            assert_eq!(window.try_take(start + s(at)), want, "{before:?} then {at}");
        }
    }

    #[test]
    fn a_refused_request_is_not_counted() {
        let start = Instant::now();
        let mut window = SlidingWindow::new(1, Duration::from_secs(10));
        assert!(window.try_take(start).is_ok());
        for _ in 0..5 {
            assert!(window.try_take(start + Duration::from_secs(5)).is_err());
        }
        assert!(window.try_take(start + Duration::from_secs(10)).is_ok());
    }
}
