//! A token's secret as it travels once, from the store to whoever created or rotated it:
//! serialised as itself (that answer is its only appearance), never printed by `Debug`.

use serde::{Deserialize, Serialize};

/// An API token's secret (`ohk_…`). `Debug` shows `<redacted>`, so a struct holding one can
/// derive `Debug` without putting it in a log; `expose` is the one way to read it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TokenSecret(String);

impl TokenSecret {
    /// Wraps a freshly made secret.
    pub fn new(secret: String) -> Self {
        Self(secret)
    }

    /// The secret itself, for the one place that shows or sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The secret as text, for a caller that keeps it (the demo's host backend).
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl std::fmt::Debug for TokenSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(feature = "ssr")]
impl utoipa::PartialSchema for TokenSecret {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        String::schema()
    }
}

#[cfg(feature = "ssr")]
impl utoipa::ToSchema for TokenSecret {}

#[cfg(test)]
mod tests {
    use super::TokenSecret;

    #[test]
    fn debug_hides_it_and_serde_keeps_it() {
        let secret = TokenSecret::new("ohk_abc".to_owned());
        assert_eq!(format!("{secret:?}"), "<redacted>");
        let json = serde_json::to_value(&secret).expect("serialises");
        assert_eq!(json, "ohk_abc");
        assert_eq!(
            serde_json::from_value::<TokenSecret>(json).ok(),
            Some(secret)
        );
    }
}
