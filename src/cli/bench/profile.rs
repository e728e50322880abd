//! Where a benchmark's wall time goes: every Qlik call's start and end, summed up as the time
//! at least one call was in flight, the most calls in flight at once, and the idle gaps.

use crate::qlik::{CallObserver, CallRecord};
use crate::rate::Tier;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One call as the profile keeps it.
#[derive(Debug, Clone, Copy)]
struct Call {
    start: Instant,
    end: Instant,
    tier: Tier,
    throttled: bool,
}

/// Records every call a client makes (retries too).
#[derive(Debug, Default)]
pub(crate) struct Timeline {
    calls: Mutex<Vec<Call>>,
}

impl CallObserver for Timeline {
    fn observe(&self, record: CallRecord) {
        let end = Instant::now();
        let call = Call {
            start: end.checked_sub(record.duration).unwrap_or(end),
            end,
            tier: Tier::of(&record.method, &record.path),
            throttled: record.status == Some(429),
        };
        self.calls
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(call);
    }
}

/// The calls of a timed run, summed up.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Summary {
    /// Reload starts (`POST /api/v1/reloads`, the reload tier) and other calls (status polls).
    pub starts: usize,
    pub others: usize,
    pub throttled: usize,
    /// Time with at least one call in flight, from `from` to the last call's end.
    pub busy: Duration,
    /// The most calls in flight at once.
    pub most_at_once: usize,
    /// Gaps with no call in flight that are at least `long` each: how many, how long in all.
    pub long_gaps: usize,
    pub long_gap_total: Duration,
}

impl Timeline {
    /// The calls since `from`, summed up; idle gaps of `long` or more are counted apart.
    pub fn summary(&self, from: Instant, long: Duration) -> Summary {
        let calls = self.calls.lock().unwrap_or_else(|p| p.into_inner());
        let mut spans: Vec<(Instant, Instant)> = calls
            .iter()
            .filter(|c| c.end >= from)
            .map(|c| (c.start.max(from), c.end))
            .collect();
        let starts = calls
            .iter()
            .filter(|c| c.end >= from && c.tier == Tier::Reload)
            .count();
        let throttled = calls
            .iter()
            .filter(|c| c.end >= from && c.throttled)
            .count();
        let (busy, gaps) = union(&mut spans, from);
        Summary {
            starts,
            others: spans.len() - starts,
            throttled,
            busy,
            most_at_once: most_at_once(&spans),
            long_gaps: gaps.iter().filter(|g| **g >= long).count(),
            long_gap_total: gaps.iter().filter(|g| **g >= long).sum(),
        }
    }
}

/// The total length of the union of `spans` and the gaps between them (the first from
/// `from`); sorts `spans`.
fn union(spans: &mut [(Instant, Instant)], from: Instant) -> (Duration, Vec<Duration>) {
    spans.sort_by_key(|s| s.0);
    let mut busy = Duration::ZERO;
    let mut gaps = Vec::new();
    let mut reached = from;
    let mut open: Option<(Instant, Instant)> = None;
    for &(start, end) in spans.iter() {
        match open {
            Some((s, e)) if start <= e => open = Some((s, e.max(end))),
            Some((s, e)) => {
                busy += e - s;
                reached = e;
                gaps.push(start.saturating_duration_since(reached));
                open = Some((start, end));
            }
            None => {
                gaps.push(start.saturating_duration_since(reached));
                open = Some((start, end));
            }
        }
    }
    if let Some((s, e)) = open {
        busy += e - s;
    }
    (busy, gaps)
}

fn most_at_once(spans: &[(Instant, Instant)]) -> usize {
    let mut edges: Vec<(Instant, i32)> =
        spans.iter().flat_map(|&(s, e)| [(s, 1), (e, -1)]).collect();
    // Ends before starts at the same instant: back-to-back calls do not overlap.
    edges.sort();
    let (mut now, mut most) = (0_i32, 0_i32);
    for (_, step) in edges {
        now += step;
        most = most.max(now);
    }
    usize::try_from(most).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_and_overlap_table() {
        let t0 = Instant::now();
        let ms = |n: u64| t0 + Duration::from_millis(n);
        // (spans in ms, busy ms, gaps ms, most at once)
        let cases: [(&[(u64, u64)], u64, &[u64], usize); 5] = [
            (&[], 0, &[], 0),
            (&[(0, 100), (100, 200)], 200, &[0], 1),
            (&[(0, 100), (50, 150), (60, 70)], 150, &[0], 3),
            (&[(10, 20), (1000, 1100)], 110, &[10, 980], 1),
            (&[(200, 300), (0, 100)], 200, &[0, 100], 1),
        ];
        for (raw, busy, gaps, most) in cases {
            let mut spans: Vec<_> = raw.iter().map(|&(s, e)| (ms(s), ms(e))).collect();
            let (b, g) = union(&mut spans, t0);
            let g: Vec<u64> = g.iter().map(|d| d.as_millis() as u64).collect();
            assert_eq!(
                (b.as_millis() as u64, g.as_slice()),
                (busy, gaps),
                "{raw:?}"
            );
            assert_eq!(most_at_once(&spans), most, "{raw:?}");
        }
    }
}
