//! Mints the RS256 JWTs that sign an end user into their customer's tenant
//! (`POST /login/jwt-session`), with the issuer and key that tenant alone trusts.

use super::config::JwtSettings;
use crate::domain::{CustomerSlug, EmbedUser, QlikSubject};
use crate::store::Observed;
use crate::wire::{ApiError, ErrorCode};
use chrono::{Duration, Utc};
use jwt_compact::alg::Rsa;
use jwt_compact::{AlgorithmExt, Claims, Header};
use rsa::RsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use secrecy::ExposeSecret;
use serde::Serialize;

/// Lifetime of a minted JWT; Qlik accepts windows up to 3600 s.
pub const JWT_SECONDS: i64 = 300;

/// oem-hub's signing keys (the current one first, then those kept while tenants rotate) and
/// the hub's issuer; `Debug` never shows a key.
pub struct JwtSigner {
    keys: Vec<(String, RsaPrivateKey)>,
    issuer: String,
}

impl std::fmt::Debug for JwtSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kids: Vec<&str> = self.keys.iter().map(|(kid, _)| kid.as_str()).collect();
        write!(f, "JwtSigner({}, {kids:?})", self.issuer)
    }
}

/// What one tenant's JWT identity provider trusts: the issuer and the key id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantTrust {
    pub issuer: String,
    pub key_id: String,
}

/// Why no JWT could be minted for a tenant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MintError {
    #[error("the customer's tenant has no JWT identity provider yet: apply its spec")]
    NoIdentityProvider,
    #[error(
        "the customer's tenant trusts key {0:?}, which this hub no longer holds: apply the customer, or keep the key in jwt.previous_keys until it is applied"
    )]
    KeyRetired(String),
    #[error("cannot sign: {0}")]
    Signing(String),
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
    /// The signer for `settings`; `None` when a PEM is not a PKCS#8 RSA key.
    pub fn from_settings(settings: &JwtSettings) -> Option<Self> {
        let parse =
            |pem: &secrecy::SecretString| RsaPrivateKey::from_pkcs8_pem(pem.expose_secret()).ok();
        let mut keys = vec![(settings.key_id.clone(), parse(&settings.private_key_pem)?)];
        for old in &settings.previous_keys {
            keys.push((old.key_id.clone(), parse(&old.private_key_pem)?));
        }
        Some(Self {
            keys,
            issuer: settings.issuer.clone(),
        })
    }

    /// What a customer's tenant trusts, as the last apply recorded it. Tenants whose IdP
    /// predates per-customer issuers trust the hub's own issuer until they are applied again.
    pub fn trust_of(&self, observed: &Observed) -> Result<TenantTrust, MintError> {
        let key_id = observed
            .idp_key_id
            .clone()
            .filter(|_| observed.idp_id.is_some())
            .ok_or(MintError::NoIdentityProvider)?;
        let issuer = match observed.idp_issuer.clone() {
            Some(issuer) => issuer,
            None => self.issuer.clone(),
        };
        Ok(TenantTrust { issuer, key_id })
    }

    /// A JWT for `user` with `subject`, for the tenant that `trust` describes, valid from now
    /// for `JWT_SECONDS`, and its expiry (Unix seconds).
    pub fn mint(
        &self,
        trust: &TenantTrust,
        subject: &QlikSubject,
        user: &EmbedUser,
    ) -> Result<(String, i64), MintError> {
        let (_, key) = self
            .keys
            .iter()
            .find(|(kid, _)| *kid == trust.key_id)
            .ok_or_else(|| MintError::KeyRetired(trust.key_id.clone()))?;
        let now = Utc::now();
        let qlik_groups = user.qlik_groups();
        let groups = qlik_groups.iter().map(|g| g.as_str()).collect();
        let custom = QlikClaims {
            sub: subject.as_str(),
            sub_type: "user",
            name: &user.name,
            email: user.email.as_deref(),
            email_verified: user.email.is_some(),
            groups,
            iss: &trust.issuer,
            aud: "qlik.api/login/jwt-session",
            jti: uuid::Uuid::now_v7().to_string(),
        };
        let mut claims = Claims::new(custom);
        claims.issued_at = Some(now);
        claims.not_before = Some(now);
        let expires = now + Duration::seconds(JWT_SECONDS);
        claims.expiration = Some(expires);
        let header = Header::empty().with_key_id(&trust.key_id);
        let token = Rsa::rs256()
            .token(&header, &claims, key)
            .map_err(|e| MintError::Signing(e.to_string()))?;
        Ok((token, expires.timestamp()))
    }
}

/// A Qlik JWT for `user` of `customer`, for the tenant `observed` describes, or the API error
/// that says why not (one mapping for every door that signs users in).
pub fn qlik_jwt_for(
    signer: Option<&JwtSigner>,
    customer: &CustomerSlug,
    user: &EmbedUser,
    observed: &Observed,
) -> Result<(String, i64), ApiError> {
    let signer = signer.ok_or_else(|| {
        ApiError::new(
            ErrorCode::Unavailable,
            "embedding is not configured: set [jwt]",
        )
    })?;
    let minted = signer
        .trust_of(observed)
        .and_then(|trust| signer.mint(&trust, &QlikSubject::of(customer, user), user));
    minted.map_err(|e| match e {
        MintError::Signing(cause) => {
            tracing::error!(error = %cause, "cannot sign a JWT");
            ApiError::internal()
        }
        refusal => ApiError::new(ErrorCode::Conflict, refusal.to_string()),
    })
}
