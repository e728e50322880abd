//! When a token's last use is written.

use super::*;

#[test]
fn last_used_is_written_at_most_once_a_resolution() {
    let r = LAST_USED_RESOLUTION_MS;
    let cases = [
        (None, 1_000_000, true),
        (Some(1_000_000), 1_000_000, false),
        (Some(1_000_000), 1_000_000 + r - 1, false),
        (Some(1_000_000), 1_000_000 + r, true),
        (Some(1_000_000 + 5), 1_000_000, true),
    ];
    for (last, now, want) in cases {
        assert_eq!(needs_touch(last, now), want, "{last:?} {now}");
    }
}
