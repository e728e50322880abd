//! When the page renews its embed token: with a fifth of its life left, never closer than 5 s
//! to its end nor earlier than 2 min before it; and what the host's `fetchToken` gave back.

/// Milliseconds to wait before renewing a token that has `left_ms` to live (on the hub's
/// clock): `0` when it is already due.
pub fn renew_in(left_ms: i64) -> i64 {
    let margin = (left_ms / 5).clamp(5_000, 120_000);
    (left_ms - margin).max(0)
}

/// What the host's `fetchToken` resolved to: an embed token (`ohe_…`, from its backend's
/// `POST /api/v1/embed/sessions`), or a host app's signed JWT to trade for one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FreshToken {
    Embed(String),
    HostJwt(String),
}

impl FreshToken {
    /// Reads `raw` (a string, or the `token` of the session object the host's backend got);
    /// `None` when there is no token in it.
    pub fn read(raw: Option<String>) -> Option<Self> {
        let token = raw.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())?;
        Some(if token.starts_with(super::EMBED_TOKEN_PREFIX) {
            FreshToken::Embed(token)
        } else {
            FreshToken::HostJwt(token)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renewal_comes_with_a_fifth_of_the_life_left_within_bounds() {
        let cases = [
            (20_000, 15_000),       // 20 s token: 5 s before its end (the floor)
            (900_000, 780_000),     // 15 min: 2 min before (the cap)
            (300_000, 240_000),     // 5 min: a fifth, 1 min before
            (4_000, 0),             // under the floor: now
            (0, 0),                 // ended: now
            (-5_000, 0),            // ended long ago: now
            (3_600_000, 3_480_000), // an hour: 2 min before
        ];
        for (left, want) in cases {
            assert_eq!(renew_in(left), want, "left {left} ms");
        }
    }

    #[test]
    fn fresh_tokens_are_told_apart() {
        let cases = [
            (Some("ohe_abc"), Some(FreshToken::Embed("ohe_abc".into()))),
            (
                Some(" eyJhbGc.x.y "),
                Some(FreshToken::HostJwt("eyJhbGc.x.y".into())),
            ),
            (Some(""), None),
            (Some("   "), None),
            (None, None),
        ];
        for (raw, want) in cases {
            assert_eq!(FreshToken::read(raw.map(str::to_owned)), want, "{raw:?}");
        }
    }
}
