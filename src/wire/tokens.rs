//! API tokens on the wire: the create request, the listed view and the once-answered secret.
//! Plain data shared by both builds; `ops::tokens` does the work.

use crate::domain::{ApiTokenId, TokenName, TokenScope, TokenSecret, TokenStatus};
use serde::{Deserialize, Serialize};

/// A token to create: `{name, scope: {kind: admin} | {kind: embed, customers: [..]},
/// expires_in_days?}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewTokenRequest {
    pub name: TokenName,
    pub scope: TokenScope,
    /// 1–3650 days; absent: the token does not expire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in_days: Option<u32>,
}

/// A token as listed (never its secret). Times are Unix millis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TokenView {
    pub id: ApiTokenId,
    pub name: TokenName,
    pub scope: TokenScope,
    pub status: TokenStatus,
    pub created_by: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    /// Recorded at most once a minute per token.
    pub last_used_at: Option<i64>,
    pub rotated_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// A token with its secret: answered once, by create and rotate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct IssuedToken {
    #[serde(flatten)]
    pub token: TokenView,
    /// `ohk_…`, sent as `Authorization: Bearer <secret>`; only its hash is kept.
    pub secret: TokenSecret,
}
