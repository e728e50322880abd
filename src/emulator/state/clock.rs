//! The emulator's clock: real time moved ahead by the control host (`POST /clock`), so tests
//! cross a rate-limit window or a task's scheduled time without waiting for it. Rate limits,
//! task timestamps and schedules all read this one clock.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

/// How far the emulated time runs ahead of real time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmuClock {
    /// The total of every advance so far. Saved with the world so schedules evaluated in
    /// emulated time keep their meaning across a restart.
    offset: Duration,
}

impl EmuClock {
    /// The emulated wall-clock time: `Utc::now()` plus the offset.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.offset
    }

    /// The emulated monotonic time, for the rate-limit windows.
    pub fn instant(&self) -> Instant {
        Instant::now() + self.offset
    }

    /// Moves the clock `by` ahead (it never goes back).
    pub fn advance(&mut self, by: Duration) {
        self.offset += by;
    }

    /// The total offset in whole seconds.
    pub fn offset_seconds(&self) -> u64 {
        self.offset.as_secs()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_both_readings() {
        let mut clock = EmuClock::default();
        let before = clock.now();
        clock.advance(Duration::from_secs(3600));
        assert!(clock.now() - before >= chrono::Duration::seconds(3600));
        assert!(clock.instant() >= Instant::now() + Duration::from_secs(3599));
        assert_eq!(clock.offset_seconds(), 3600);
    }
}
