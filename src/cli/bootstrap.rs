//! First-start bootstrap: an `admin` account with a random password when none exists.

use crate::store::{Store, StoreError};
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};
use rand::Rng;
use rand::distributions::Alphanumeric;

/// Creates `admin` with a fresh random password if the store has no admin yet, returning the
/// password so it can be shown once.
pub async fn bootstrap_admin(store: &Store) -> anyhow::Result<Option<String>> {
    if !store.list_admins().await?.is_empty() {
        return Ok(None);
    }
    let password: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(20)
        .map(char::from)
        .collect();
    let hash = hash_password(&password)?;
    match store.insert_admin("admin", &hash).await {
        Ok(()) => Ok(Some(password)),
        // Another replica bootstrapped at the same moment; its password stands.
        Err(StoreError::Conflict(_)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Hashes a password with Argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash password: {e}"))
}
