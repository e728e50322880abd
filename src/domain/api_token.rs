//! API tokens as the console, the REST API, the CLI and the store all see them: a stable public
//! id, a name, and a scope that says what the token may do (parsed once, at the boundary).

use super::{CustomerSlug, ParseError, string_newtype};
use serde::{Deserialize, Serialize};

mod kind;
mod secret;
pub use kind::ScopeKind;
pub use secret::TokenSecret;

/// The public prefix of a token's id (`tok_…`); the id names a token without its secret.
pub const TOKEN_ID_PREFIX: &str = "tok_";

/// A token's stable public id: `tok_` and 24 lowercase hex digits. Listing, rotating and
/// revoking use it; it grants nothing by itself.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ApiTokenId(String);

impl ApiTokenId {
    /// Parses an id, explaining what is wrong when it is refused.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let ok = raw.strip_prefix(TOKEN_ID_PREFIX).is_some_and(|hex| {
            hex.len() == 24
                && hex
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        });
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(ParseError::new(
                "must be tok_ followed by 24 lowercase hex digits",
            ))
        }
    }
}

string_newtype!(ApiTokenId);

/// A token's name (who or what uses it): 1–100 printable characters, trimmed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TokenName(String);

impl TokenName {
    /// Parses a name, explaining what is wrong when it is refused.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let name = raw.trim();
        if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
            return Err(ParseError::new("must be 1–100 printable characters"));
        }
        Ok(Self(name.to_owned()))
    }
}

string_newtype!(TokenName);

/// What a token may do. On the wire: `{"kind": "admin"}` or
/// `{"kind": "embed", "customers": ["acme"]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawScope", into = "RawScope")]
pub enum TokenScope {
    /// Everything a signed-in admin may do.
    Admin,
    /// Only `POST /api/v1/embed/sessions`, and only for these customers (never empty; sorted,
    /// without duplicates when built by [`TokenScope::embed`] or parsed).
    Embed { customers: Vec<CustomerSlug> },
}

impl TokenScope {
    /// An embed scope for `customers`; at least one is required (an empty list would be a
    /// token that opens nothing, almost certainly a mistake).
    pub fn embed(customers: Vec<CustomerSlug>) -> Result<Self, ParseError> {
        let mut customers = customers;
        customers.sort();
        customers.dedup();
        if customers.is_empty() {
            return Err(ParseError::new(
                "customers: an embed token must list at least one customer",
            ));
        }
        if customers.len() > 1000 {
            return Err(ParseError::new("customers: at most 1000"));
        }
        Ok(Self::Embed { customers })
    }

    /// The scope's kind (its wire name is `admin` or `embed`).
    pub fn kind(&self) -> ScopeKind {
        match self {
            TokenScope::Admin => ScopeKind::Admin,
            TokenScope::Embed { .. } => ScopeKind::Embed,
        }
    }

    /// The customers an embed token lists (none for admin, which needs no list).
    pub fn customers(&self) -> &[CustomerSlug] {
        match self {
            TokenScope::Admin => &[],
            TokenScope::Embed { customers } => customers,
        }
    }

    /// True when this scope may use the admin routes.
    pub fn is_admin(&self) -> bool {
        matches!(self, TokenScope::Admin)
    }

    /// True when this scope may open embed sessions for `customer`.
    pub fn may_embed(&self, customer: &CustomerSlug) -> bool {
        match self {
            TokenScope::Admin => true,
            TokenScope::Embed { customers } => customers.contains(customer),
        }
    }
}

impl std::fmt::Display for TokenScope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TokenScope::Admin => f.write_str("admin"),
            TokenScope::Embed { customers } => {
                let list: Vec<&str> = customers.iter().map(CustomerSlug::as_str).collect();
                write!(f, "embed:{}", list.join(","))
            }
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScope {
    kind: ScopeKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    customers: Option<Vec<CustomerSlug>>,
}

impl TryFrom<RawScope> for TokenScope {
    type Error = ParseError;

    fn try_from(raw: RawScope) -> Result<Self, ParseError> {
        match (raw.kind, raw.customers) {
            (ScopeKind::Admin, None) => Ok(TokenScope::Admin),
            (ScopeKind::Admin, Some(_)) => Err(ParseError::new(
                "customers: only an embed token lists customers; an admin token may do everything",
            )),
            (ScopeKind::Embed, customers) => TokenScope::embed(customers.unwrap_or_default()),
        }
    }
}

impl From<TokenScope> for RawScope {
    fn from(scope: TokenScope) -> Self {
        match scope {
            TokenScope::Admin => RawScope {
                kind: ScopeKind::Admin,
                customers: None,
            },
            TokenScope::Embed { customers } => RawScope {
                kind: ScopeKind::Embed,
                customers: Some(customers),
            },
        }
    }
}

/// Whether a token is usable now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TokenStatus {
    Active,
    Expired,
    Revoked,
}

impl TokenStatus {
    /// The status at `now` (millis) of a token revoked at `revoked_at` and expiring at
    /// `expires_at`. Revocation wins over expiry (it says more).
    pub fn at(now: i64, expires_at: Option<i64>, revoked_at: Option<i64>) -> Self {
        if revoked_at.is_some() {
            TokenStatus::Revoked
        } else if expires_at.is_some_and(|at| now >= at) {
            TokenStatus::Expired
        } else {
            TokenStatus::Active
        }
    }

    /// The status's wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenStatus::Active => "active",
            TokenStatus::Expired => "expired",
            TokenStatus::Revoked => "revoked",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug(s: &str) -> CustomerSlug {
        CustomerSlug::parse(s).expect("valid")
    }

    #[test]
    fn scopes_parse_from_the_wire_or_say_why_not() {
        let cases: [(&str, Result<TokenScope, &str>); 7] = [
            (r#"{"kind":"admin"}"#, Ok(TokenScope::Admin)),
            (
                r#"{"kind":"embed","customers":["globex","acme","acme"]}"#,
                Ok(TokenScope::Embed {
                    customers: vec![slug("acme"), slug("globex")],
                }),
            ),
            (r#"{"kind":"embed"}"#, Err("at least one customer")),
            (r#"{"kind":"embed","customers":[]}"#, Err("at least one")),
            (
                r#"{"kind":"admin","customers":["acme"]}"#,
                Err("only an embed"),
            ),
            (r#"{"kind":"root"}"#, Err("unknown variant")),
            (
                r#"{"kind":"embed","customers":["Not Ok"]}"#,
                Err("lowercase"),
            ),
        ];
        for (json, want) in cases {
            let got = serde_json::from_str::<TokenScope>(json).map_err(|e| e.to_string());
            match (got, want) {
                (Ok(got), Ok(want)) => assert_eq!(got, want, "{json}"),
                (Err(got), Err(want)) => assert!(got.contains(want), "{json}: {got}"),
                (got, want) => panic!("{json}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn scopes_round_trip_through_the_wire() {
        for scope in [
            TokenScope::Admin,
            TokenScope::embed(vec![slug("acme")]).expect("valid"),
        ] {
            let json = serde_json::to_string(&scope).expect("valid");
            assert_eq!(
                serde_json::from_str::<TokenScope>(&json).expect("valid"),
                scope
            );
        }
        assert_eq!(
            serde_json::to_value(TokenScope::Admin).expect("valid"),
            serde_json::json!({"kind": "admin"})
        );
    }

    #[test]
    fn what_each_scope_may_do() {
        let embed = TokenScope::embed(vec![slug("acme")]).expect("valid");
        let cases = [
            (&TokenScope::Admin, "acme", true, true),
            (&TokenScope::Admin, "globex", true, true),
            (&embed, "acme", false, true),
            (&embed, "globex", false, false),
        ];
        for (scope, customer, admin, embeds) in cases {
            assert_eq!(scope.is_admin(), admin, "{scope}");
            assert_eq!(
                scope.may_embed(&slug(customer)),
                embeds,
                "{scope} {customer}"
            );
        }
        // A hand-built empty embed scope fails closed.
        let empty = TokenScope::Embed { customers: vec![] };
        assert!(!empty.may_embed(&slug("acme")) && !empty.is_admin());
    }

    #[test]
    fn status_depends_on_revocation_then_expiry() {
        let cases = [
            (None, None, TokenStatus::Active),
            (Some(2_000), None, TokenStatus::Active),
            (Some(1_000), None, TokenStatus::Expired),
            (Some(999), None, TokenStatus::Expired),
            (None, Some(1), TokenStatus::Revoked),
            (Some(999), Some(1), TokenStatus::Revoked),
        ];
        for (expires, revoked, want) in cases {
            assert_eq!(
                TokenStatus::at(1_000, expires, revoked),
                want,
                "{expires:?} {revoked:?}"
            );
        }
    }

    #[test]
    fn ids_and_names_parse() {
        assert!(ApiTokenId::parse("tok_0123456789abcdef01234567").is_ok());
        for bad in [
            "tok_",
            "tok_0123456789ABCDEF01234567",
            "ohk_0123456789abcdef01234567",
            "tok_0123456789abcdef0123456",
        ] {
            assert!(ApiTokenId::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(TokenName::parse("  ci  ").expect("valid").as_str(), "ci");
        for bad in ["", "   ", "a\nb", &"x".repeat(101)] {
            assert!(TokenName::parse(bad).is_err(), "{bad:?}");
        }
    }
}
