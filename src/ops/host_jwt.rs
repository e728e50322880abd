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
    #[error("host JWT is expired or has no exp")]
    Expired,
    #[error("host JWT claim {0} is in the future")]
    NotYetValid(&'static str),
    #[error("host JWT header has crit parameters, which oem-hub does not understand")]
    Critical,
    #[error("host JWT was already used (jti): each token opens one session")]
    Replayed,
    #[error("host JWT expires more than {} minutes from now", MAX_LIFETIME.num_minutes())]
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

/// Why a host app's key was refused, naming the request field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HostKeyError {
    #[error("algorithm {0:?} is not supported; use RS256 or ES256")]
    Algorithm(String),
    #[error("not {kind} public key (SPKI PEM): {reason}")]
    Key { kind: &'static str, reason: String },
}

fn bad<E: std::fmt::Display>(kind: &'static str) -> impl Fn(E) -> HostKeyError {
    move |e| HostKeyError::Key {
        kind,
        reason: e.to_string(),
    }
}

impl HostKeyError {
    /// The field of a host app registration this error is about.
    pub fn field(&self) -> &'static str {
        match self {
            HostKeyError::Algorithm(_) => "algorithm",
            HostKeyError::Key { .. } => "public_key_pem",
        }
    }
}

impl HostKey {
    /// Parses a SPKI PEM public key for `algorithm` (`RS256` or `ES256`).
    pub fn parse(algorithm: &str, pem: &str) -> Result<Self, HostKeyError> {
        use rsa::pkcs8::DecodePublicKey;
        match algorithm {
            "RS256" => rsa::RsaPublicKey::from_public_key_pem(pem)
                .map(HostKey::Rs256)
                .map_err(bad("an RSA")),
            "ES256" => p256::ecdsa::VerifyingKey::from_public_key_pem(pem)
                .map(HostKey::Es256)
                .map_err(bad("a P-256")),
            other => Err(HostKeyError::Algorithm(other.to_owned())),
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
    /// `{"region": ["North"]}`: attributes the host vouches for, as in an embed session.
    #[serde(default)]
    attributes: serde_json::Map<String, serde_json::Value>,
    customer: String,
    #[serde(default)]
    jti: Option<String>,
}

/// The header parameters beyond jwt-compact's own that verification looks at.
#[derive(Debug, Clone, Deserialize)]
struct ExtraHeader {
    /// RFC 7515 §4.1.11: extensions the recipient must understand. oem-hub understands none,
    /// so any `crit` refuses the token.
    #[serde(default)]
    crit: Option<serde_json::Value>,
}

/// What a verified host token vouches for, and what makes it single-use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedHost {
    /// The registered host app that signed it.
    pub app_id: String,
    pub customer: CustomerSlug,
    pub user: EmbedUser,
    /// The token's `jti`, to be recorded so the same token opens one session only.
    pub jti: String,
    /// Until when the `jti` must be remembered: past it, the token is refused as expired.
    pub remember_until: DateTime<Utc>,
}

/// Verifies `token` against the registered `apps` at time `now`: the customer and the user.
/// Replay (a `jti` seen before) is the caller's check: it needs the shared store.
pub fn verify(
    apps: &[HostApp],
    token: &str,
    now: DateTime<Utc>,
) -> Result<VerifiedHost, HostJwtError> {
    let untrusted = UntrustedToken::<ExtraHeader>::try_from(token)
        .map_err(|e| HostJwtError::Malformed(e.to_string()))?;
    if untrusted.header().other_fields.crit.is_some() {
        return Err(HostJwtError::Critical);
    }
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
    let remember_until = check_times(claims, now)? + LEEWAY;
    check_audience(&claims.custom.aud, &app.audience)?;
    let jti = claims
        .custom
        .jti
        .clone()
        .filter(|j| !j.trim().is_empty() && j.len() <= 256)
        .ok_or_else(|| HostJwtError::BadClaim("jti is required (1–256 characters)".to_owned()))?;
    let (customer, user) = user_of(&claims.custom)?;
    Ok(VerifiedHost {
        app_id: app.id.clone(),
        customer,
        user,
        jti,
        remember_until,
    })
}

/// `exp` required and in the future, `nbf` and `iat` not in the future, and the lifetime
/// measured from now (a future `iat` cannot stretch it); returns `exp`.
fn check_times(
    claims: &Claims<HostClaims>,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, HostJwtError> {
    let options = TimeOptions::new(LEEWAY, move || now);
    claims
        .validate_expiration(&options)
        .map_err(|_| HostJwtError::Expired)?;
    if claims.not_before.is_some_and(|nbf| nbf > now + LEEWAY) {
        return Err(HostJwtError::NotYetValid("nbf"));
    }
    if claims.issued_at.is_some_and(|iat| iat > now + LEEWAY) {
        return Err(HostJwtError::NotYetValid("iat"));
    }
    let exp = claims.expiration.ok_or(HostJwtError::Expired)?;
    if exp - now > MAX_LIFETIME {
        return Err(HostJwtError::TooLong);
    }
    Ok(exp)
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
        "attributes": c.attributes,
    });
    let user = serde_json::from_value(user).map_err(|e| HostJwtError::BadClaim(e.to_string()))?;
    Ok((customer, user))
}

#[cfg(test)]
#[path = "host_jwt_tests.rs"]
mod tests;
