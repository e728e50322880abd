//! Host-signed JWTs (embedding mode b): the partner's backend signs a short-lived token for its
//! user with its own key, registered here per host app; oem-hub verifies it with jwt-compact.

use crate::domain::{CustomerSlug, EmbedUser};
use chrono::{DateTime, Duration, Utc};
use jwt_compact::alg::{Es256, Rsa};
use jwt_compact::{AlgorithmExt, Claims, TimeOptions, UntrustedToken};
use serde::Deserialize;

/// Longest lifetime a host token may claim.
pub const MAX_LIFETIME: Duration = Duration::minutes(10);
/// Clock skew tolerated on `exp` and `nbf`.
const LEEWAY: Duration = Duration::seconds(30);

/// Why a host token was refused; the message is safe to return to the caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HostJwtError {
    #[error("host JWT is malformed: {0}")]
    Malformed(String),
    #[error("host JWT issuer {0:?} is not a registered host app")]
    UnknownIssuer(String),
    #[error("host JWT algorithm {got} is refused for issuer {issuer:?}; it is pinned to {pinned}")]
    AlgorithmNotAllowed {
        got: String,
        issuer: String,
        pinned: &'static str,
    },
    #[error("host JWT signature does not verify with the registered key")]
    BadSignature,
    #[error("host JWT is expired, not yet valid, or has no exp")]
    Expired,
    #[error("host JWT lives longer than the allowed {} minutes", MAX_LIFETIME.num_minutes())]
    TooLong,
    #[error("host JWT audience must be {0:?}")]
    WrongAudience(String),
    #[error("host JWT claim {0}")]
    BadClaim(String),
}

/// A registered host app's verifying key; the algorithm is fixed by the key's type.
#[derive(Debug, Clone)]
pub enum HostKey {
    Rs256(rsa::RsaPublicKey),
    Es256(p256::ecdsa::VerifyingKey),
}

impl HostKey {
    /// Parses a SPKI PEM public key for `algorithm` (`RS256` or `ES256`).
    pub fn parse(algorithm: &str, pem: &str) -> Result<Self, String> {
        use rsa::pkcs8::DecodePublicKey;
        match algorithm {
            "RS256" => rsa::RsaPublicKey::from_public_key_pem(pem)
                .map(HostKey::Rs256)
                .map_err(|e| format!("not an RSA public key (SPKI PEM): {e}")),
            "ES256" => p256::ecdsa::VerifyingKey::from_public_key_pem(pem)
                .map(HostKey::Es256)
                .map_err(|e| format!("not a P-256 public key (SPKI PEM): {e}")),
            other => Err(format!(
                "algorithm {other:?} is not supported; use RS256 or ES256"
            )),
        }
    }

    /// The JWS `alg` this key verifies.
    pub fn algorithm(&self) -> &'static str {
        match self {
            HostKey::Rs256(_) => "RS256",
            HostKey::Es256(_) => "ES256",
        }
    }
}

/// A host app as verification needs it.
#[derive(Debug, Clone)]
pub struct HostApp {
    pub id: String,
    pub issuer: String,
    pub audience: String,
    pub key: HostKey,
}

/// The claims a host token carries besides the registered ones.
#[derive(Debug, Clone, Deserialize)]
pub struct HostClaims {
    iss: String,
    aud: serde_json::Value,
    sub: String,
    name: String,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    groups: Vec<String>,
    customer: String,
}

/// Verifies `token` against the registered `apps` at time `now`: the customer and the user.
pub fn verify(
    apps: &[HostApp],
    token: &str,
    now: DateTime<Utc>,
) -> Result<(CustomerSlug, EmbedUser), HostJwtError> {
    let untrusted =
        UntrustedToken::new(token).map_err(|e| HostJwtError::Malformed(e.to_string()))?;
    let unchecked: Claims<HostClaims> = untrusted
        .deserialize_claims_unchecked()
        .map_err(|e| HostJwtError::Malformed(e.to_string()))?;
    let issuer = unchecked.custom.iss;
    let app = apps
        .iter()
        .find(|a| a.issuer == issuer)
        .ok_or_else(|| HostJwtError::UnknownIssuer(issuer.clone()))?;
    // The algorithm is the registered one, whatever the header says: this is what refuses
    // `alg: none` and HS256-with-the-public-key confusion.
    if untrusted.algorithm() != app.key.algorithm() {
        return Err(HostJwtError::AlgorithmNotAllowed {
            got: untrusted.algorithm().to_owned(),
            issuer,
            pinned: app.key.algorithm(),
        });
    }
    let token = match &app.key {
        HostKey::Rs256(key) => Rsa::rs256()
            .validator::<HostClaims>(key)
            .validate(&untrusted),
        HostKey::Es256(key) => Es256.validator::<HostClaims>(key).validate(&untrusted),
    }
    .map_err(|_| HostJwtError::BadSignature)?;
    let claims = token.claims();
    let options = TimeOptions::new(LEEWAY, move || now);
    claims
        .validate_expiration(&options)
        .map_err(|_| HostJwtError::Expired)?;
    if claims.not_before.is_some() {
        claims
            .validate_maturity(&options)
            .map_err(|_| HostJwtError::Expired)?;
    }
    let start = claims.issued_at.unwrap_or(now).max(now - LEEWAY);
    if claims
        .expiration
        .is_some_and(|exp| exp - start > MAX_LIFETIME)
    {
        return Err(HostJwtError::TooLong);
    }
    check_audience(&claims.custom.aud, &app.audience)?;
    user_of(&claims.custom)
}

fn check_audience(aud: &serde_json::Value, expected: &str) -> Result<(), HostJwtError> {
    let ok = match aud {
        serde_json::Value::String(s) => s == expected,
        serde_json::Value::Array(list) => list.iter().any(|a| a == expected),
        _ => false,
    };
    ok.then_some(())
        .ok_or_else(|| HostJwtError::WrongAudience(expected.to_owned()))
}

fn user_of(c: &HostClaims) -> Result<(CustomerSlug, EmbedUser), HostJwtError> {
    let customer = CustomerSlug::parse(&c.customer)
        .map_err(|e| HostJwtError::BadClaim(format!("customer: {e}")))?;
    let user = serde_json::json!({
        "id": c.sub, "name": c.name, "email": c.email, "groups": c.groups,
    });
    let user = serde_json::from_value(user).map_err(|e| HostJwtError::BadClaim(e.to_string()))?;
    Ok((customer, user))
}

#[cfg(test)]
#[path = "host_jwt_tests.rs"]
mod tests;
