//! A customer × module's freshness from its newest recorded reloads: last run, last success,
//! the run of failures since, age against the customer's target. Pure, with table tests.

use crate::domain::{CustomerSlug, ModuleKey, ReloadOutcome};
use crate::wire::{FreshnessRow, ReloadRecord};
use std::cmp::Ordering;

/// The row of `customer`/`module` given its reloads `newest_first`, at `now` (ms).
pub fn freshness_row(
    customer: &CustomerSlug,
    module: &ModuleKey,
    scheduled: bool,
    target_hours: Option<u16>,
    newest_first: &[ReloadRecord],
    now: i64,
) -> FreshnessRow {
    let success = newest_first
        .iter()
        .find(|r| r.status == ReloadOutcome::Succeeded);
    let last_success_at = success.map(|r| r.ended_at.unwrap_or(r.created_at));
    // A reload still running does not end the run of failures before it.
    let failures: Vec<&ReloadRecord> = newest_first
        .iter()
        .skip_while(|r| r.status == ReloadOutcome::Running)
        .take_while(|r| r.status.is_failure())
        .collect();
    let age_ms = last_success_at.map(|t| (now - t).max(0));
    let stale = match (target_hours, age_ms) {
        (Some(hours), Some(age)) => age > i64::from(hours) * 3_600_000,
        (Some(_), None) => true,
        (None, _) => false,
    };
    FreshnessRow {
        customer: customer.clone(),
        module: module.clone(),
        scheduled,
        last: newest_first.first().cloned(),
        last_success_at,
        consecutive_failures: u32::try_from(failures.len()).unwrap_or(u32::MAX),
        failure_log: failures.first().and_then(|r| r.log_excerpt.clone()),
        target_hours,
        age_ms,
        stale,
    }
}

/// Failing first (longest run first), then stale, then oldest success, then by name.
pub fn failures_first(a: &FreshnessRow, b: &FreshnessRow) -> Ordering {
    b.consecutive_failures
        .cmp(&a.consecutive_failures)
        .then(b.stale.cmp(&a.stale))
        .then(a.last_success_at.cmp(&b.last_success_at))
        .then((&a.customer, &a.module).cmp(&(&b.customer, &b.module)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ReloadTrigger;

    const HOUR: i64 = 3_600_000;

    fn r(status: ReloadOutcome, ended_h: i64, log: Option<&str>) -> ReloadRecord {
        ReloadRecord {
            customer: "acme".parse().expect("slug"),
            module: "sales".parse().expect("key"),
            reload_id: format!("r{ended_h}").parse().expect("id"),
            status,
            trigger: ReloadTrigger::Schedule,
            created_at: ended_h * HOUR - 1,
            started_at: Some(ended_h * HOUR - 1),
            ended_at: (status != ReloadOutcome::Running).then_some(ended_h * HOUR),
            log_excerpt: log.map(str::to_owned),
        }
    }

    fn row(target: Option<u16>, newest_first: &[ReloadRecord]) -> FreshnessRow {
        let (c, m) = ("acme".parse().expect("slug"), "sales".parse().expect("key"));
        freshness_row(&c, &m, true, target, newest_first, 100 * HOUR)
    }

    #[test]
    fn freshness_table() {
        use ReloadOutcome::*;
        let cases: [(
            &str,
            Option<u16>,
            Vec<ReloadRecord>,
            u32,
            bool,
            Option<&str>,
        ); 6] = [
            ("never reloaded, no target", None, vec![], 0, false, None),
            ("never reloaded, a target", Some(24), vec![], 0, true, None),
            (
                "fresh",
                Some(24),
                vec![r(Succeeded, 90, None)],
                0,
                false,
                None,
            ),
            ("old", Some(24), vec![r(Succeeded, 70, None)], 0, true, None),
            (
                "two failures since",
                Some(24),
                vec![
                    r(Failed, 99, Some("boom 2")),
                    r(Failed, 95, Some("boom 1")),
                    r(Succeeded, 90, None),
                ],
                2,
                false,
                Some("boom 2"),
            ),
            (
                "a retry running after a failure",
                None,
                vec![
                    r(Running, 99, None),
                    r(Failed, 98, Some("boom")),
                    r(Succeeded, 50, None),
                ],
                1,
                false,
                Some("boom"),
            ),
        ];
        for (name, target, recent, failures, stale, log) in cases {
            let got = row(target, &recent);
            assert_eq!(got.consecutive_failures, failures, "{name}");
            assert_eq!(got.stale, stale, "{name}");
            assert_eq!(got.failure_log.as_deref(), log, "{name}");
        }
    }

    #[test]
    fn failing_rows_come_first_then_stale_ones() {
        use ReloadOutcome::*;
        let mut rows = [
            row(Some(24), &[r(Succeeded, 90, None)]),
            row(Some(24), &[r(Succeeded, 10, None)]),
            row(
                Some(24),
                &[r(Failed, 99, Some("x")), r(Succeeded, 95, None)],
            ),
        ];
        rows.sort_by(failures_first);
        assert_eq!(rows[0].consecutive_failures, 1);
        assert!(rows[1].stale);
        assert!(!rows[2].stale);
    }
}
