//! The two kinds of API token scope, as the wire, the store and the token form name them;
//! the form's select holds a kind, so no scope is ever told apart by comparing text.

use crate::domain::states::text_enum;
use serde::{Deserialize, Serialize};

text_enum!(
    /// A scope's kind: `admin` or `embed` on the wire and in storage.
    ScopeKind {
        Admin => "admin",
        Embed => "embed",
    }
);

#[cfg(test)]
mod tests {
    use super::ScopeKind;
    use crate::domain::testing::assert_texts_round_trip;

    #[test]
    fn texts_are_the_serde_names_and_parse_back() {
        assert_texts_round_trip(ScopeKind::ALL, ScopeKind::as_str, ScopeKind::parse);
        for bad in ["", "Admin", "embed:acme"] {
            assert_eq!(ScopeKind::parse(bad), None, "{bad:?}");
        }
    }
}
