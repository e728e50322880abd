//! Qlik Cloud is eventually consistent: for a while after oem-hub creates an app or a space,
//! calls naming it may answer 403 or 404. A step that fails so soon after the apply's last
//! write to the tenant is run again (steps are idempotent), with backoff, within a window.

use crate::qlik::QlikError;
use std::time::Duration;

/// Qlik's deploy tutorial waits up to 120 s for access to a just-published app.
pub const DEFAULT_WINDOW: Duration = Duration::from_secs(120);

const FIRST_DELAY: Duration = Duration::from_millis(250);
const MAX_DELAY: Duration = Duration::from_secs(5);

/// How long to wait before running the failed step again, or `None` to let the error stand:
/// only a 403 or 404 counts, only while `since_write` (the time since this apply last changed
/// the tenant) is inside `window`, and never past the window's end.
pub fn settle_delay(
    error: &QlikError,
    since_write: Option<Duration>,
    attempt: u32,
    window: Duration,
) -> Option<Duration> {
    if !matches!(error.status(), Some(403 | 404)) {
        return None;
    }
    let since_write = since_write?;
    let left = window.checked_sub(since_write).filter(|d| !d.is_zero())?;
    let backoff = FIRST_DELAY
        .saturating_mul(2u32.saturating_pow(attempt.min(16)))
        .min(MAX_DELAY);
    Some(backoff.min(left))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16) -> QlikError {
        QlikError::Api {
            status,
            code: format!("HTTP-{status}"),
            title: String::new(),
            detail: None,
        }
    }

    #[test]
    fn only_fresh_403s_and_404s_are_waited_for() {
        let s = Duration::from_secs;
        let ms = Duration::from_millis;
        let window = s(120);
        let cases = [
            (403, Some(s(0)), 0, Some(ms(250))),
            (404, Some(s(1)), 1, Some(ms(500))),
            (404, Some(s(10)), 3, Some(s(2))),
            (404, Some(s(10)), 10, Some(s(5))),
            (404, Some(ms(119_900)), 10, Some(ms(100))),
            (404, Some(s(120)), 0, None),
            (404, Some(s(300)), 0, None),
            (404, None, 0, None),
            (400, Some(s(0)), 0, None),
            (409, Some(s(0)), 0, None),
            (500, Some(s(0)), 0, None),
            (404, Some(s(0)), u32::MAX, Some(s(5))),
        ];
        for (status, since, attempt, want) in cases {
            assert_eq!(
                settle_delay(&api(status), since, attempt, window),
                want,
                "{status} {since:?} {attempt}"
            );
        }
    }

    #[test]
    fn transport_errors_are_not_settling() {
        let error = QlikError::Transport {
            url: "u".into(),
            message: "m".into(),
        };
        assert_eq!(
            settle_delay(&error, Some(Duration::ZERO), 0, DEFAULT_WINDOW),
            None
        );
    }
}
