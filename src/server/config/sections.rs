//! The sections of the hub's settings (`[qlik]`, `[jwt]`, `[proxy]`, `[provisioning]`,
//! `[embed]`), each with the defaults a missing key takes.

use secrecy::SecretString;
use serde::Deserialize;

/// End users' embed tokens and the page's watch over its tenant session.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EmbedSettings {
    /// Seconds an embed token lives; pages renew it through the host's `fetchToken` before
    /// it ends (at least 10).
    pub token_ttl_secs: u64,
    /// Seconds between a page's looks at its tenant session (frame modes), which sign it in
    /// again in the background when the tenant ended it (at least 1).
    pub session_check_secs: u64,
}

impl Default for EmbedSettings {
    fn default() -> Self {
        Self {
            token_ttl_secs: 15 * 60,
            session_check_secs: 60,
        }
    }
}

impl EmbedSettings {
    /// The embed token lifetime in milliseconds (never under 10 s).
    pub fn token_ttl_ms(&self) -> i64 {
        i64::try_from(self.token_ttl_secs.max(10) * 1000).unwrap_or(i64::MAX)
    }

    /// The session check interval in milliseconds (never under 1 s).
    pub fn session_check_ms(&self) -> i64 {
        i64::try_from(self.session_check_secs.max(1) * 1000).unwrap_or(i64::MAX)
    }
}

/// The tenant proxy: the hostname the partner points at the hub on its own site (e.g.
/// `analytics.partner.com`); requests for that host are proxied to the user's tenant.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProxySettings {
    pub host: String,
    /// Proxy sessions unused this long are forgotten.
    #[serde(default = "default_idle_minutes")]
    pub idle_minutes: u64,
}

fn default_idle_minutes() -> u64 {
    30
}

/// Engine tuning; the defaults suit production.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProvisioningSettings {
    /// Seconds a job lease lasts without a heartbeat (a dead worker's job resumes after it).
    pub lease_secs: u64,
    /// Customers provisioned at once by one hub instance.
    pub concurrency: usize,
    /// Attempts per job before it fails for good.
    pub max_attempts: i64,
    /// Seconds between looks for apps distributed to connected hybrid deployments (0: only
    /// when an admin asks).
    pub hybrid_sync_secs: u64,
}

impl Default for ProvisioningSettings {
    fn default() -> Self {
        Self {
            lease_secs: 30,
            concurrency: 16,
            max_attempts: 5,
            hybrid_sync_secs: 300,
        }
    }
}

/// The RS256 key oem-hub signs users' JWTs with, and how tenants know it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JwtSettings {
    /// The `iss` claim, e.g. `https://hub.partner.example`.
    pub issuer: String,
    /// The `kid` header; change it when rotating the key.
    pub key_id: String,
    /// PKCS#8 PEM private key.
    pub private_key_pem: SecretString,
    /// Keys rotated away from but still trusted by tenants not yet applied: the hub keeps
    /// signing for each tenant with the key its identity provider holds until apply moves it.
    #[serde(default)]
    pub previous_keys: Vec<PreviousKey>,
}

/// A signing key kept during a rotation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviousKey {
    pub key_id: String,
    pub private_key_pem: SecretString,
}

/// The Qlik Cloud side: a domain (regions are its subdomains) and the partner's credentials.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct QlikSettings {
    /// `qlikcloud.com` for Qlik Cloud; `localhost` for the emulator.
    pub domain: String,
    /// `https` in production; the emulator speaks `http`.
    pub scheme: String,
    /// A non-default port (the emulator's).
    pub port: Option<u16>,
    /// True when `domain` is served by oem-hub's own emulator.
    pub emulator: bool,
    /// The partner's source (development) tenant hostname.
    pub source_tenant: Option<String>,
    /// The regional OAuth client id.
    pub client_id: Option<String>,
    /// The regional OAuth client secret.
    pub client_secret: Option<SecretString>,
    /// The partner's regional OAuth clients for other regions (one per region, from My Qlik),
    /// by region code: `[qlik.regional_clients.eu]`.
    pub regional_clients: std::collections::BTreeMap<String, RegionalClient>,
}

/// A regional OAuth client for one region.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionalClient {
    pub client_id: String,
    pub client_secret: SecretString,
}

impl QlikSettings {
    /// True when the hub talks to oem-hub's emulator rather than Qlik Cloud.
    pub fn emulated(&self) -> bool {
        self.emulator
    }
}

impl Default for QlikSettings {
    fn default() -> Self {
        Self {
            domain: "qlikcloud.com".to_owned(),
            scheme: "https".to_owned(),
            port: None,
            emulator: false,
            source_tenant: None,
            client_id: None,
            client_secret: None,
            regional_clients: std::collections::BTreeMap::new(),
        }
    }
}
