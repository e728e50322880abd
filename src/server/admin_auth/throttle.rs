//! When a sign-in is refused: exponential backoff after failures, per account and per client
//! address. Pure functions over the stored failure counts, so the policy is table-tested.

pub use crate::store::Backoff;
use crate::store::{Failures, ThrottleScope};
use std::time::Duration;

/// One client address: a few typos are free, a guessing script soon waits up to 15 minutes.
/// It never locks the account for other addresses.
pub const PER_ADDRESS: Backoff = Backoff {
    free: 5,
    base: Duration::from_secs(1),
    cap: Duration::from_secs(15 * 60),
};

/// One account, from any address (a guesser spread over many addresses): more failures are
/// free, and the lock is capped so it cannot keep the admin out for long; addresses the admin
/// signed in from before are not held by it, and `oem-hub admin unlock` lifts it at once.
pub const PER_ACCOUNT: Backoff = Backoff {
    free: 10,
    base: Duration::from_secs(2),
    cap: Duration::from_secs(15 * 60),
};

/// Failures are forgotten a day after the last one.
pub const FORGET_AFTER: Duration = Duration::from_secs(24 * 3600);

/// An address the admin signed in from within this long is not held by the account's lock.
pub const KNOWN_ADDRESS_FOR: Duration = Duration::from_secs(30 * 24 * 3600);

/// Whether an attempt may check its password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Refused until `until` (epoch ms) because of `scope`'s failures.
    Refused {
        scope: ThrottleScope,
        until: i64,
    },
}

/// The verdict at `now` for an attempt on an account from an address, given their failures
/// and whether the account signed in from this address recently.
pub fn verdict(now: i64, account: Failures, address: Failures, known_address: bool) -> Verdict {
    if address.locked_until > now {
        return Verdict::Refused {
            scope: ThrottleScope::Address,
            until: address.locked_until,
        };
    }
    if account.locked_until > now && !known_address {
        return Verdict::Refused {
            scope: ThrottleScope::Account,
            until: account.locked_until,
        };
    }
    Verdict::Allowed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_table() {
        let b = Backoff {
            free: 5,
            base: Duration::from_secs(1),
            cap: Duration::from_secs(60),
        };
        let cases = [
            (0, 0),
            (1, 0),
            (5, 0),
            (6, 1),
            (7, 2),
            (8, 4),
            (11, 32),
            (12, 60),
            (55, 60),
            (u32::MAX, 60),
        ];
        for (failures, secs) in cases {
            assert_eq!(b.delay(failures), Duration::from_secs(secs), "{failures}");
        }
        assert_eq!(PER_ADDRESS.delay(55), PER_ADDRESS.cap);
        assert_eq!(PER_ACCOUNT.delay(11), Duration::from_secs(2));
    }

    #[test]
    fn verdict_table() {
        let now = 1_000_000;
        let open = Failures::default();
        let locked = Failures {
            count: 12,
            locked_until: now + 5000,
        };
        let lapsed = Failures {
            count: 12,
            locked_until: now,
        };
        let address = |until| Verdict::Refused {
            scope: ThrottleScope::Address,
            until,
        };
        let account = Verdict::Refused {
            scope: ThrottleScope::Account,
            until: now + 5000,
        };
        let cases = [
            (open, open, false, Verdict::Allowed),
            (lapsed, lapsed, false, Verdict::Allowed),
            (open, locked, false, address(now + 5000)),
            // The admin's usual address is not held by the account's lock, but by its own.
            (locked, open, true, Verdict::Allowed),
            (locked, locked, true, address(now + 5000)),
            (locked, open, false, account),
        ];
        for (acc, addr, known, want) in cases {
            assert_eq!(
                verdict(now, acc, addr, known),
                want,
                "{acc:?} {addr:?} {known}"
            );
        }
    }
}
