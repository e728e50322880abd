//! Mints the RS256 JWTs that sign an end user into their customer's tenant
//! (`POST /login/jwt-session`). The private key stays here; only tokens leave.

use super::config::JwtSettings;
use crate::domain::EmbedUser;
use chrono::{Duration, Utc};
use jwt_compact::alg::Rsa;
use jwt_compact::{AlgorithmExt, Claims, Header};
use rsa::RsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use secrecy::ExposeSecret;
use serde::Serialize;

/// Lifetime of a minted JWT; Qlik accepts windows up to 3600 s.
pub const JWT_SECONDS: i64 = 300;

/// oem-hub's signing key with its issuer and key id; `Debug` never shows the key.
pub struct JwtSigner {
    key: RsaPrivateKey,
    issuer: String,
    key_id: String,
}

impl std::fmt::Debug for JwtSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "JwtSigner({}, {})", self.issuer, self.key_id)
    }
}

/// The claims Qlik's JWT IdP reads.
#[derive(Serialize)]
struct QlikClaims<'a> {
    sub: &'a str,
    #[serde(rename = "subType")]
    sub_type: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    email_verified: bool,
    groups: Vec<&'a str>,
    iss: &'a str,
    aud: &'static str,
    jti: String,
}

impl JwtSigner {
    /// The signer for `settings`; `None` when the PEM is not a PKCS#8 RSA key.
    pub fn from_settings(settings: &JwtSettings) -> Option<Self> {
        let key = RsaPrivateKey::from_pkcs8_pem(settings.private_key_pem.expose_secret()).ok()?;
        Some(Self {
            key,
            issuer: settings.issuer.clone(),
            key_id: settings.key_id.clone(),
        })
    }

    /// A JWT for `user`, valid from now for `JWT_SECONDS`, and its expiry (Unix seconds).
    pub fn mint(&self, user: &EmbedUser) -> Result<(String, i64), String> {
        let now = Utc::now();
        let groups = user.groups.iter().map(|g| g.as_str()).collect();
        let custom = QlikClaims {
            sub: &user.id,
            sub_type: "user",
            name: &user.name,
            email: user.email.as_deref(),
            email_verified: user.email.is_some(),
            groups,
            iss: &self.issuer,
            aud: "qlik.api/login/jwt-session",
            jti: uuid::Uuid::now_v7().to_string(),
        };
        let mut claims = Claims::new(custom);
        claims.issued_at = Some(now);
        claims.not_before = Some(now);
        let expires = now + Duration::seconds(JWT_SECONDS);
        claims.expiration = Some(expires);
        let header = Header::empty().with_key_id(&self.key_id);
        let token = Rsa::rs256()
            .token(&header, &claims, &self.key)
            .map_err(|e| e.to_string())?;
        Ok((token, expires.timestamp()))
    }
}
