//! Verification of the JWTs posted to `/login/jwt-session`, with Qlik's rules: RS256 only,
//! `kid` = the IdP's static key, `iss` = its issuer, `aud` = `qlik.api/login/jwt-session`,
//! `nbf` passed, `exp` in the future and `exp - nbf` ≤ 3600 s, required identity claims.

use chrono::{DateTime, Duration, Utc};
use jwt_compact::alg::{Rsa, RsaPublicKey};
use jwt_compact::{Algorithm, AlgorithmExt, UntrustedToken};
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs8::DecodePublicKey;
use serde::Deserialize;

/// The audience every login JWT must carry.
pub const JWT_SESSION_AUDIENCE: &str = "qlik.api/login/jwt-session";
/// The longest `exp - nbf` Qlik accepts.
pub const MAX_WINDOW_SECONDS: i64 = 3600;

/// The parts of a `jwtAuth` identity provider that verification needs.
#[derive(Debug, Clone)]
pub struct JwtIdp {
    pub issuer: String,
    pub kid: String,
    pub public_key: RsaPublicKey,
    pub clock_tolerance_sec: i64,
}

/// `aud` may be a string or an array of strings.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Audience {
    One(String),
    Many(Vec<String>),
}

impl Audience {
    fn contains(&self, wanted: &str) -> bool {
        match self {
            Audience::One(a) => a == wanted,
            Audience::Many(all) => all.iter().any(|a| a == wanted),
        }
    }
}

/// The identity a verified login JWT asserts.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LoginClaims {
    pub sub: String,
    #[serde(rename = "subType", default)]
    pub sub_type: Option<String>,
    pub name: String,
    pub email: String,
    pub email_verified: Option<bool>,
    #[serde(default)]
    pub groups: Vec<String>,
    pub jti: String,
    pub iss: String,
    pub aud: Audience,
}

/// Why a login JWT was refused; the text is what the 401 body says.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwtRejection {
    #[error("malformed JWT: {0}")]
    Malformed(String),
    #[error("algorithm {0} is not accepted; sign with RS256")]
    Algorithm(String),
    #[error("kid {0:?} does not match the identity provider's key")]
    UnknownKid(Option<String>),
    #[error("invalid signature")]
    BadSignature,
    #[error("iss does not match the identity provider's issuer")]
    Issuer,
    #[error("aud must be {JWT_SESSION_AUDIENCE}")]
    Audience,
    #[error("missing claim {0}")]
    MissingClaim(&'static str),
    #[error("token is not valid yet (nbf)")]
    NotYetValid,
    #[error("token has expired (exp)")]
    Expired,
    #[error("exp - nbf is {0} s; at most {MAX_WINDOW_SECONDS} s is allowed")]
    WindowTooLong(i64),
}

/// Parses a PEM public key as Qlik stores it: SPKI or PKCS#1, possibly on one line.
pub fn parse_public_key_pem(pem: &str) -> Result<RsaPublicKey, String> {
    let normalised = normalise_pem(pem).ok_or("not a PEM block")?;
    RsaPublicKey::from_public_key_pem(&normalised)
        .or_else(|_| RsaPublicKey::from_pkcs1_pem(&normalised))
        .map_err(|e| format!("not an RSA public key: {e}"))
}

/// Re-wraps a PEM whose line breaks were removed (Qlik's API wants single-line PEMs).
fn normalise_pem(pem: &str) -> Option<String> {
    let pem = pem.trim();
    let begin_end = pem.find("-----BEGIN ")?;
    let label_end = pem[begin_end + 11..].find("-----")? + begin_end + 11;
    let label = &pem[begin_end + 11..label_end];
    let footer = format!("-----END {label}-----");
    let body_start = label_end + 5;
    let body_end = pem.find(&footer)?;
    let body: String = pem[body_start..body_end].split_whitespace().collect();
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect();
    Some(format!(
        "-----BEGIN {label}-----\n{}\n{footer}\n",
        lines.join("\n")
    ))
}

/// Verifies `token` against `idp` at time `now`.
pub fn verify(token: &str, idp: &JwtIdp, now: DateTime<Utc>) -> Result<LoginClaims, JwtRejection> {
    let untrusted =
        UntrustedToken::new(token).map_err(|e| JwtRejection::Malformed(e.to_string()))?;
    if untrusted.algorithm() != "RS256" {
        return Err(JwtRejection::Algorithm(untrusted.algorithm().to_owned()));
    }
    let kid = untrusted.header().key_id.clone();
    if kid.as_deref() != Some(idp.kid.as_str()) {
        return Err(JwtRejection::UnknownKid(kid));
    }
    let rs256 = Rsa::rs256();
    debug_assert_eq!(rs256.name(), "RS256");
    let token = rs256
        .validator::<serde_json::Value>(&idp.public_key)
        .validate(&untrusted)
        .map_err(|e| match e {
            jwt_compact::ValidationError::InvalidSignature => JwtRejection::BadSignature,
            other => JwtRejection::Malformed(other.to_string()),
        })?;
    let claims = token.claims();
    check_times(
        claims.not_before,
        claims.expiration,
        now,
        idp.clock_tolerance_sec,
    )?;
    let identity: LoginClaims = serde_json::from_value(claims.custom.clone()).map_err(|e| {
        let text = e.to_string();
        let missing = ["sub", "name", "email", "jti", "iss", "aud"]
            .into_iter()
            .find(|c| text.contains(&format!("`{c}`")));
        missing.map_or(JwtRejection::Malformed(text), JwtRejection::MissingClaim)
    })?;
    if identity.iss != idp.issuer {
        return Err(JwtRejection::Issuer);
    }
    if !identity.aud.contains(JWT_SESSION_AUDIENCE) {
        return Err(JwtRejection::Audience);
    }
    Ok(identity)
}

fn check_times(
    nbf: Option<DateTime<Utc>>,
    exp: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    tolerance_sec: i64,
) -> Result<(), JwtRejection> {
    let nbf = nbf.ok_or(JwtRejection::MissingClaim("nbf"))?;
    let exp = exp.ok_or(JwtRejection::MissingClaim("exp"))?;
    let tolerance = Duration::seconds(tolerance_sec.max(0));
    if now + tolerance < nbf {
        return Err(JwtRejection::NotYetValid);
    }
    if now - tolerance >= exp {
        return Err(JwtRejection::Expired);
    }
    let window = (exp - nbf).num_seconds();
    if window > MAX_WINDOW_SECONDS {
        return Err(JwtRejection::WindowTooLong(window));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
