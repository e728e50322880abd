//! When to retry a Qlik call: 429 after `retry-after`, 5xx and transport failures with
//! exponential backoff, everything else never. Pure, so it is table-tested.

use std::time::Duration;

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Retry(Duration),
    GiveUp,
}

/// Retry limits and backoff shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in total, including the first.
    pub max_attempts: u32,
    /// Backoff before the second attempt; doubles each time.
    pub base_delay: Duration,
    /// Upper bound of any single wait, including `retry-after`.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        // Qlik's samples retry a 429 up to 5 times after `retry-after`.
        Self {
            max_attempts: 6,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Decides after attempt number `attempt` (1-based) failed with `status` (`None` for a
    /// transport error or timeout) and an optional `retry-after` in seconds.
    pub fn decide(&self, status: Option<u16>, retry_after: Option<u64>, attempt: u32) -> Decision {
        if attempt >= self.max_attempts {
            return Decision::GiveUp;
        }
        match status {
            Some(429) => {
                let wait = retry_after
                    .map(Duration::from_secs)
                    .unwrap_or_else(|| self.backoff(attempt));
                Decision::Retry(wait.min(self.max_delay))
            }
            None | Some(500 | 502 | 503 | 504) => Decision::Retry(self.backoff(attempt)),
            Some(_) => Decision::GiveUp,
        }
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        self.base_delay.saturating_mul(factor).min(self.max_delay)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decision_table() {
        let p = RetryPolicy::default();
        let ms = Duration::from_millis;
        let cases = [
            (
                Some(429),
                Some(13),
                1,
                Decision::Retry(Duration::from_secs(13)),
            ),
            (
                Some(429),
                Some(600),
                1,
                Decision::Retry(Duration::from_secs(60)),
            ),
            (Some(429), None, 2, Decision::Retry(ms(400))),
            (Some(503), None, 1, Decision::Retry(ms(200))),
            (Some(500), None, 3, Decision::Retry(ms(800))),
            (None, None, 1, Decision::Retry(ms(200))),
            (Some(429), Some(1), 6, Decision::GiveUp),
            (Some(400), None, 1, Decision::GiveUp),
            (Some(401), None, 1, Decision::GiveUp),
            (Some(404), None, 1, Decision::GiveUp),
            (Some(409), None, 1, Decision::GiveUp),
        ];
        for (status, retry_after, attempt, want) in cases {
            assert_eq!(
                p.decide(status, retry_after, attempt),
                want,
                "{status:?} #{attempt}"
            );
        }
    }

    #[test]
    fn backoff_is_capped() {
        let p = RetryPolicy {
            max_attempts: 100,
            ..RetryPolicy::default()
        };
        assert_eq!(
            p.decide(Some(503), None, 40),
            Decision::Retry(Duration::from_secs(60))
        );
    }
}
