//! Secrets at rest: ChaCha20-Poly1305 with the hub's encryption key. The database only ever
//! holds `base64(nonce ‖ ciphertext)`; the key lives in config, never in the database.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use secrecy::{ExposeSecret, SecretString};

/// Why a key or a sealed value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("encryption key must be 32 bytes, base64-encoded")]
    BadKey,
    #[error("a sealed secret cannot be opened (wrong encryption key or corrupt value)")]
    CannotOpen,
}

/// The key that seals secrets at rest; its `Debug` never shows it.
#[derive(Clone)]
pub struct SealingKey(Key);

impl std::fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealingKey(…)")
    }
}

/// A sealed secret as stored: `base64(nonce ‖ ciphertext)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed(pub String);

impl SealingKey {
    /// Reads a base64 key of exactly 32 bytes.
    pub fn from_base64(encoded: &SecretString) -> Result<Self, SealError> {
        let bytes = B64
            .decode(encoded.expose_secret().trim())
            .map_err(|_| SealError::BadKey)?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| SealError::BadKey)?;
        Ok(Self(Key::from(key)))
    }

    /// A fresh random key, base64-encoded (for first start and tests).
    pub fn generate_base64() -> SecretString {
        SecretString::from(B64.encode(ChaCha20Poly1305::generate_key(&mut OsRng)))
    }

    /// Seals `secret` with a fresh random nonce.
    pub fn seal(&self, secret: &str) -> Sealed {
        let cipher = ChaCha20Poly1305::new(&self.0);
        let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
        // Encryption with a valid key and nonce cannot fail for in-memory buffers.
        let ciphertext = cipher
            .encrypt(&nonce, secret.as_bytes())
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend(ciphertext);
        Sealed(B64.encode(out))
    }

    /// Opens a value sealed with this key.
    pub fn open(&self, sealed: &Sealed) -> Result<SecretString, SealError> {
        let bytes = B64.decode(&sealed.0).map_err(|_| SealError::CannotOpen)?;
        if bytes.len() < 12 {
            return Err(SealError::CannotOpen);
        }
        let (nonce, ciphertext) = bytes.split_at(12);
        let plain = ChaCha20Poly1305::new(&self.0)
            .decrypt(Nonce::from_slice(nonce), ciphertext)
            .map_err(|_| SealError::CannotOpen)?;
        String::from_utf8(plain)
            .map(SecretString::from)
            .map_err(|_| SealError::CannotOpen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_open_round_trip_and_wrong_key() {
        let key = SealingKey::from_base64(&SealingKey::generate_base64()).expect("key");
        let sealed = key.seal("s3cret");
        assert!(!sealed.0.contains("s3cret"));
        assert_ne!(key.seal("s3cret"), sealed, "fresh nonce each time");
        assert_eq!(key.open(&sealed).expect("open").expose_secret(), "s3cret");
        let other = SealingKey::from_base64(&SealingKey::generate_base64()).expect("key");
        assert_eq!(
            other.open(&sealed).expect_err("refused"),
            SealError::CannotOpen
        );
        assert_eq!(
            key.open(&Sealed("bm9wZQ==".to_owned()))
                .expect_err("refused"),
            SealError::CannotOpen
        );
        for bad in ["", "abc", "AAAA"] {
            assert_eq!(
                SealingKey::from_base64(&SecretString::from(bad)).expect_err("refused"),
                SealError::BadKey
            );
        }
        assert_eq!(format!("{key:?}"), "SealingKey(…)");
    }
}
