//! Wires the provisioning engine into the hub: the source tenant is written to the store with
//! its secret sealed, and an engine is built when everything it needs is configured.

use super::Settings;
use crate::provision::{Engine, EngineConfig, JwtIdentity};
use crate::qlik::{Credentials, QlikClient, QlikEndpoint};
use crate::store::{SealingKey, SourceRecord, Store};
use rsa::RsaPrivateKey;
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey, LineEnding};
use secrecy::{ExposeSecret, SecretString};

/// Why provisioning could not be set up from the configuration.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("encryption_key: {0}")]
    Key(#[from] crate::store::SealError),
    #[error("qlik.regional_clients.{0}: {1}")]
    Region(String, String),
    #[error("jwt.private_key_pem: not a PKCS#8 PEM RSA private key")]
    SigningKey,
    #[error("qlik.source_tenant: {0}")]
    SourceHost(crate::domain::ParseError),
    #[error("qlik: {0}")]
    Qlik(#[from] crate::qlik::QlikError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

/// The endpoint the settings point at.
pub fn endpoint(settings: &Settings) -> QlikEndpoint {
    QlikEndpoint {
        scheme: settings.qlik.scheme.clone(),
        domain: settings.qlik.domain.clone(),
        port: settings.qlik.port,
    }
}

/// oem-hub's JWT identity: issuer, key id and the public half of the signing key.
pub fn jwt_identity(settings: &Settings) -> Result<Option<JwtIdentity>, SetupError> {
    let Some(jwt) = &settings.jwt else {
        return Ok(None);
    };
    let key = RsaPrivateKey::from_pkcs8_pem(jwt.private_key_pem.expose_secret())
        .map_err(|_| SetupError::SigningKey)?;
    let public_key_pem = key
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .map_err(|_| SetupError::SigningKey)?;
    Ok(Some(JwtIdentity {
        issuer: jwt.issuer.clone(),
        key_id: jwt.key_id.clone(),
        public_key_pem,
    }))
}

/// Records the configured source tenant (secret sealed) and builds the engine; `None` when
/// the encryption key, the JWT identity or the source tenant is missing.
pub async fn build_engine(
    settings: &Settings,
    store: &Store,
) -> Result<Option<Engine>, SetupError> {
    let Some(encoded) = &settings.encryption_key else {
        return Ok(None);
    };
    let key = SealingKey::from_base64(encoded)?;
    let qlik = &settings.qlik;
    if let (Some(host), Some(id), Some(secret)) =
        (&qlik.source_tenant, &qlik.client_id, &qlik.client_secret)
    {
        let host = crate::domain::TenantHostname::parse(host).map_err(SetupError::SourceHost)?;
        let region = host
            .as_str()
            .split('.')
            .nth(1)
            .and_then(|r| crate::domain::Region::parse(r).ok())
            .unwrap_or(crate::domain::Region::Us);
        store
            .put_source(&SourceRecord {
                host,
                region,
                client_id: id.clone(),
                secret_sealed: key.seal(secret.expose_secret()),
            })
            .await?;
    }
    let (Some(source), Some(jwt)) = (store.get_source().await?, jwt_identity(settings)?) else {
        return Ok(None);
    };
    let credentials = Credentials {
        client_id: source.client_id.clone(),
        client_secret: SecretString::from(
            key.open(&source.secret_sealed)?.expose_secret().to_owned(),
        ),
    };
    let mut client = QlikClient::new(endpoint(settings), credentials)?;
    for (code, regional) in &settings.qlik.regional_clients {
        let region = crate::domain::Region::parse(code)
            .map_err(|e| SetupError::Region(code.clone(), e.to_string()))?;
        let credentials = Credentials {
            client_id: regional.client_id.clone(),
            client_secret: regional.client_secret.clone(),
        };
        client = client.with_regional_credentials(region, credentials);
    }
    let mut config = EngineConfig::new(source.host, jwt, key);
    let tuning = &settings.provisioning;
    config.lease = std::time::Duration::from_secs(tuning.lease_secs.max(1));
    config.concurrency = tuning.concurrency.max(1);
    config.max_attempts = tuning.max_attempts.max(1);
    config.hybrid_sync = std::time::Duration::from_secs(tuning.hybrid_sync_secs);
    config.events_base = settings.public_url.clone();
    Ok(Some(Engine::new(store.clone(), client, config)))
}
