//! First-start bootstrap: an `admin` account with a random password when none exists.

use crate::server::admin_auth::hash_password;
use crate::store::{Store, StoreError};
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
    let hash =
        hash_password(&password).map_err(|e| anyhow::anyhow!("cannot hash password: {e}"))?;
    match store.insert_admin("admin", &hash).await {
        Ok(()) => Ok(Some(password)),
        // Another replica bootstrapped at the same moment; its password stands.
        Err(StoreError::Conflict(_)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
