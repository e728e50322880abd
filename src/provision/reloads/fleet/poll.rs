//! When a fleet item looks at its running reload: first when a reload of it is expected to have
//! ended (the last one's duration), then soon after, backing off to the hub's `reload_poll`.

use std::time::Duration;

/// The shortest wait between two looks once the expected end has passed.
pub const MIN_STEP: Duration = Duration::from_millis(250);
/// The longest first wait, however long the last reload took.
pub const MAX_FIRST: Duration = Duration::from_secs(3600);

/// The wait before look number `n` (0: the first, right after the start) at a reload expected
/// to take `expected` (unknown: every `poll`). Past the expected end, a tenth of it (at least
/// [`MIN_STEP`]), doubling each time, never more than `poll`.
pub fn delay(expected: Option<Duration>, poll: Duration, n: u32) -> Duration {
    let Some(expected) = expected else {
        return poll;
    };
    if n == 0 {
        return expected.min(MAX_FIRST);
    }
    let step = (expected / 10).max(MIN_STEP);
    step.saturating_mul(1 << (n - 1).min(20))
        .min(poll.max(MIN_STEP))
}

/// The mean of `durations` (none: unknown).
pub fn mean(durations: &[Duration]) -> Option<Duration> {
    let n = u32::try_from(durations.len()).ok().filter(|n| *n > 0)?;
    Some(durations.iter().sum::<Duration>() / n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn delays_table() {
        let poll = ms(1000);
        for (expected, n, want) in [
            (None, 0, 1000),
            (None, 5, 1000),
            (Some(2000), 0, 2000),
            (Some(2000), 1, 250),
            (Some(2000), 2, 500),
            (Some(2000), 3, 1000),
            (Some(2000), 9, 1000),
            (Some(60_000), 0, 60_000),
            (Some(60_000), 1, 1000),
            (Some(300), 1, 250),
            (Some(7_200_000), 0, 3_600_000),
            (Some(2000), 40, 1000),
        ] {
            assert_eq!(
                delay(expected.map(ms), poll, n),
                ms(want),
                "{expected:?} #{n}"
            );
        }
        // A poll shorter than the step is still at least the step.
        assert_eq!(delay(Some(ms(2000)), ms(100), 1), MIN_STEP);
    }

    #[test]
    fn mean_table() {
        assert_eq!(mean(&[]), None);
        assert_eq!(mean(&[ms(1000), ms(3000)]), Some(ms(2000)));
    }
}
