//! The demo's secrets (sealing key, JWT signing key), each generated once per data directory
//! and kept there owner-readable, so a kept `--data-dir` keeps working across runs.

use crate::store::SealingKey;
use anyhow::Context;
use secrecy::SecretString;

/// The demo's encryption key for secrets at rest, kept in the data directory.
pub fn demo_sealing_key(data_dir: &std::path::Path) -> anyhow::Result<SealingKey> {
    let encoded = demo_key_text(data_dir)?;
    SealingKey::from_base64(&encoded).context("encryption.key in the data directory")
}

pub(super) fn demo_key_text(data_dir: &std::path::Path) -> anyhow::Result<SecretString> {
    kept_secret(&data_dir.join("encryption.key"), || {
        Ok(SealingKey::generate_base64())
    })
}

/// The demo's JWT signing key (PKCS#8 PEM), generated once per data directory.
pub fn demo_signing_key(data_dir: &std::path::Path) -> anyhow::Result<SecretString> {
    kept_secret(&data_dir.join("signing-key.pem"), || {
        use rsa::pkcs8::{EncodePrivateKey, LineEnding};
        let key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048)?;
        let pem = key.to_pkcs8_pem(LineEnding::LF)?;
        Ok(SecretString::from(pem.to_string()))
    })
}

/// Reads a secret file, or creates it (owner-only) with `make`'s value.
pub(super) fn kept_secret(
    path: &std::path::Path,
    make: impl FnOnce() -> anyhow::Result<SecretString>,
) -> anyhow::Result<SecretString> {
    if let Ok(text) = std::fs::read_to_string(path) {
        return Ok(SecretString::from(text));
    }
    let secret = make()?;
    write_private(path, secrecy::ExposeSecret::expose_secret(&secret))
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(secret)
}

#[cfg(unix)]
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}
