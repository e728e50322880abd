//! Typed, layered configuration: built-in defaults, then an optional TOML file, then
//! environment variables (`OEM_HUB_…`, `__` between levels; `DATABASE_URL` also accepted).

use figment::Figment;
use figment::providers::{Format, Toml};
use secrecy::SecretString;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

mod env;
mod error_text;
mod sections;

pub use sections::{
    EmbedSettings, JwtSettings, PreviousKey, ProvisioningSettings, ProxySettings, QlikSettings,
    RegionalClient,
};

/// Everything the hub needs to run.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Address the hub listens on; port 0 picks a free port.
    pub listen: SocketAddr,
    /// `sqlite://file.db` (created when missing) or `postgres://…`.
    pub database_url: String,
    /// The trunk output served to browsers.
    pub dist_dir: PathBuf,
    /// Largest request body accepted, in bytes.
    pub body_limit_bytes: usize,
    /// Mark session cookies `Secure` (serve the hub over HTTPS). The demo, on plain
    /// http://127.0.0.1, turns this off.
    pub secure_cookies: bool,
    /// Where Qlik Cloud is and how to reach it.
    pub qlik: QlikSettings,
    /// Base64 key (32 bytes) sealing secrets at rest. Provisioning needs it.
    pub encryption_key: Option<SecretString>,
    /// oem-hub's JWT signing identity (each tenant's identity provider trusts it).
    pub jwt: Option<JwtSettings>,
    /// How the provisioning engine works.
    pub provisioning: ProvisioningSettings,
    /// The same-site tenant proxy, when the partner serves one (see `server::proxy`).
    pub proxy: Option<ProxySettings>,
    /// Reverse proxies in front of the hub whose `X-Forwarded-For` is believed when they are
    /// the TCP peer (sign-in throttling keys on the client address); empty: the peer is the
    /// client and `X-Forwarded-For` is ignored.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The hub's public HTTPS base URL, reachable by Qlik Cloud. When set, apply gives each
    /// tenant a webhook posting reload events to `<public_url>/api/v1/qlik-events/<slug>`;
    /// when unset, the hub polls reload status instead.
    #[serde(deserialize_with = "public_url")]
    pub public_url: Option<url::Url>,
    /// Embed token lifetime and tenant session checks.
    pub embed: EmbedSettings,
}

/// Reads `public_url`: empty is none; anything else must be an `https://` URL with a host
/// (Qlik delivers webhooks to HTTPS endpoints only) and no query or fragment.
fn public_url<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<url::Url>, D::Error> {
    let raw: Option<String> = Option::deserialize(d)?;
    raw.filter(|r| !r.trim().is_empty())
        .map(|r| parse_public_url(r.trim()).map_err(serde::de::Error::custom))
        .transpose()
}

/// `raw` as the hub's public URL, or why it cannot be one.
pub fn parse_public_url(raw: &str) -> Result<url::Url, String> {
    let url = url::Url::parse(raw).map_err(|e| format!("public_url {raw:?}: {e}"))?;
    if url.scheme() != "https" {
        return Err(format!(
            "public_url {raw:?} must be https:// (Qlik delivers webhooks over HTTPS only)"
        ));
    }
    if url.host_str().is_none_or(str::is_empty) || url.query().is_some() || url.fragment().is_some()
    {
        return Err(format!("public_url {raw:?} must be a host and path only"));
    }
    Ok(url)
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 3000)),
            database_url: "sqlite://oem-hub.db".to_owned(),
            dist_dir: PathBuf::from("dist"),
            body_limit_bytes: 1024 * 1024,
            secure_cookies: true,
            qlik: QlikSettings::default(),
            encryption_key: None,
            jwt: None,
            provisioning: ProvisioningSettings::default(),
            proxy: None,
            trusted_proxies: Vec::new(),
            public_url: None,
            embed: EmbedSettings::default(),
        }
    }
}

/// Why configuration could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}")]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

impl Settings {
    /// The scheme browsers reach the hub by, for same-origin checks: `https` unless
    /// `secure_cookies` is off (HTTPS is what makes `Secure` cookies work; the demo and local
    /// runs on plain http turn both off).
    pub fn scheme(&self) -> crate::http::Scheme {
        if self.secure_cookies {
            crate::http::Scheme::Https
        } else {
            crate::http::Scheme::Http
        }
    }

    /// Loads defaults, then `file` (which must be readable when given), then the process's
    /// environment; unknown `OEM_HUB_*` variables are logged once and ignored.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        let vars = std::env::vars_os().map(|(k, v)| {
            (
                k.to_string_lossy().into_owned(),
                v.to_string_lossy().into_owned(),
            )
        });
        Self::load_from(file, vars)
    }

    /// [`Settings::load`] with the environment given as `(name, value)` pairs.
    pub fn load_from(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, ConfigError> {
        let (settings, ignored) = layered(file, env)?;
        for name in ignored {
            tracing::warn!(variable = %name, "ignoring {name}: no such setting (see the README's Configuration)");
        }
        Ok(settings)
    }
}

/// The settings, and the `OEM_HUB_*` variables that name no setting. Serde's own view of
/// `Settings` decides what a setting is (no list to keep in step): a variable is dropped only
/// when deserializing reports it as an unknown field.
fn layered(
    file: Option<&Path>,
    env: impl IntoIterator<Item = (String, String)>,
) -> Result<(Settings, Vec<String>), ConfigError> {
    let mut base = Figment::new();
    if let Some(path) = file {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Unreadable {
            path: path.to_owned(),
            source,
        })?;
        base = base.merge(Toml::string(&text));
    }
    let mut vars = env::settings_vars(env);
    let mut ignored = Vec::new();
    loop {
        // Lossy: environment values are strings, also for numbers and booleans.
        match base
            .clone()
            .merge(env::EnvLayer(&vars))
            .extract_lossy::<Settings>()
        {
            Ok(settings) => return Ok((settings, ignored)),
            Err(err) => {
                let unknown = env::unknown(&err, &vars);
                if unknown.is_empty() {
                    return Err(ConfigError::Invalid(error_text::one_line(&err)));
                }
                vars.retain(|v| !unknown.contains(v));
                ignored.extend(unknown.into_iter().map(|v| v.name));
            }
        }
    }
}

#[cfg(test)]
mod tests;
