//! Table-test helpers for the domain's parsers (compiled for tests only).
//! A refused value must say why, so each case pairs an input with a fragment of its error.

use std::fmt::{Debug, Display};

/// Asserts that `parse` refuses every `(input, reason)` case with an error containing `reason`.
pub(crate) fn assert_refused<T: Debug, E: Display>(
    parse: impl Fn(&str) -> Result<T, E>,
    cases: &[(&str, &str)],
) {
    for (raw, reason) in cases {
        let err = parse(raw).expect_err(raw).to_string();
        assert!(err.contains(reason), "{raw:?}: {err}");
    }
}

/// Asserts that every variant's text is its serde name and parses back to the variant.
pub(crate) fn assert_texts_round_trip<T>(
    all: &[T],
    as_str: impl Fn(T) -> &'static str,
    parse: impl Fn(&str) -> Option<T>,
) where
    T: Copy + Debug + PartialEq + serde::Serialize,
{
    for &v in all {
        let json = serde_json::to_value(v).expect("serialises");
        assert_eq!(json, serde_json::Value::from(as_str(v)), "{v:?}");
        assert_eq!(parse(as_str(v)), Some(v), "{v:?}");
    }
}
