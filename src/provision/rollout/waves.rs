//! How a rollout is cut into waves, and when a wave has failed: pure, table-tested.

use crate::domain::CustomerSlug;

/// Splits `customers` into waves: the canaries (those of them that have the module, or the
/// first customer), then batches of `first_batch`, doubling each time.
pub fn plan_waves(
    customers: &[CustomerSlug],
    canaries: &[CustomerSlug],
    first_batch: usize,
) -> Vec<Vec<CustomerSlug>> {
    let mut canary: Vec<CustomerSlug> = canaries
        .iter()
        .filter(|c| customers.contains(c))
        .cloned()
        .collect();
    canary.dedup();
    if canary.is_empty() {
        canary.extend(customers.first().cloned());
    }
    let rest_list: Vec<CustomerSlug> = customers
        .iter()
        .filter(|c| !canary.contains(c))
        .cloned()
        .collect();
    let mut rest = rest_list.into_iter();
    let mut waves = vec![canary];
    let mut size = first_batch.max(1);
    loop {
        let batch: Vec<_> = rest.by_ref().take(size).collect();
        if batch.is_empty() {
            break;
        }
        waves.push(batch);
        size = size.saturating_mul(2);
    }
    waves.retain(|w| !w.is_empty());
    waves
}

/// `true` when `failed` of `total` is above `max_pct` percent.
pub fn wave_failed(failed: usize, total: usize, max_pct: i64) -> bool {
    total > 0 && (failed as i64) * 100 > max_pct * (total as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slugs(names: &[&str]) -> Vec<CustomerSlug> {
        names
            .iter()
            .map(|n| CustomerSlug::parse(n).expect(n))
            .collect()
    }

    #[test]
    fn waves_start_with_canaries_then_double() {
        let all = slugs(&["aaa", "bbb", "ccc", "ddd", "eee", "fff", "ggg", "hhh"]);
        let cases: [(&[&str], usize, &[&[&str]]); 4] = [
            (
                &[],
                1,
                &[
                    &["aaa"],
                    &["bbb"],
                    &["ccc", "ddd"],
                    &["eee", "fff", "ggg", "hhh"],
                ],
            ),
            (
                &["eee"],
                2,
                &[
                    &["eee"],
                    &["aaa", "bbb"],
                    &["ccc", "ddd", "fff", "ggg"],
                    &["hhh"],
                ],
            ),
            (
                &["zzz", "bbb"],
                10,
                &[&["bbb"], &["aaa", "ccc", "ddd", "eee", "fff", "ggg", "hhh"]],
            ),
            (
                &[],
                0,
                &[
                    &["aaa"],
                    &["bbb"],
                    &["ccc", "ddd"],
                    &["eee", "fff", "ggg", "hhh"],
                ],
            ),
        ];
        for (canaries, first, want) in cases {
            let got = plan_waves(&all, &slugs(canaries), first);
            let want: Vec<Vec<CustomerSlug>> = want.iter().map(|w| slugs(w)).collect();
            assert_eq!(got, want, "{canaries:?} {first}");
        }
        assert!(plan_waves(&[], &[], 2).is_empty());
    }

    #[test]
    fn failure_threshold_table() {
        let cases = [
            (0, 4, 0, false),
            (1, 4, 0, true),
            (1, 4, 25, false),
            (2, 4, 25, true),
            (1, 1, 99, true),
            (0, 0, 0, false),
        ];
        for (failed, total, pct, halts) in cases {
            assert_eq!(
                wave_failed(failed, total, pct),
                halts,
                "{failed}/{total} > {pct}%"
            );
        }
    }
}
