//! The two kinds of API token scope, as the wire, the store and the token form name them;
//! the form's select holds a kind, so no scope is ever told apart by comparing text.

use serde::{Deserialize, Serialize};

/// A scope's kind: `admin` or `embed` on the wire and in storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    Admin,
    Embed,
}

impl ScopeKind {
    /// Both kinds.
    pub const ALL: [ScopeKind; 2] = [ScopeKind::Admin, ScopeKind::Embed];

    /// The wire and stored text.
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeKind::Admin => "admin",
            ScopeKind::Embed => "embed",
        }
    }

    /// The kind whose text is `raw`.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }
}

impl std::fmt::Display for ScopeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::ScopeKind;

    #[test]
    fn texts_are_the_serde_names_and_parse_back() {
        for kind in ScopeKind::ALL {
            assert_eq!(serde_json::to_value(kind).ok(), Some(kind.as_str().into()));
            assert_eq!(ScopeKind::parse(kind.as_str()), Some(kind));
        }
        for bad in ["", "Admin", "embed:acme"] {
            assert_eq!(ScopeKind::parse(bad), None, "{bad:?}");
        }
    }
}
