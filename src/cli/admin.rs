//! `oem-hub admin`: the operator's way back in when sign-in is throttled or the password is
//! lost. It works on the config database directly, so no sign-in can stop it.

use crate::server::Settings;
use crate::server::admin_auth::{audit_entry, hash_password};
use crate::store::{Store, StoreError, ThrottleScope, now_millis};
use anyhow::bail;
use rand::Rng;
use rand::distributions::Alphanumeric;
use std::path::Path;

/// Admin account verbs.
#[derive(Debug, clap::Subcommand)]
pub enum AdminCommand {
    /// Lift the sign-in throttle of an account and of every client address (audited).
    Unlock { username: String },
    /// Give an admin a new random password (printed once), end its sessions and unlock it.
    ResetPassword { username: String },
}

/// Runs an `admin` verb.
pub async fn run(config: Option<&Path>, command: AdminCommand) -> anyhow::Result<()> {
    let settings = Settings::load(config)?;
    let store = Store::connect(&settings.database_url).await?;
    match command {
        AdminCommand::Unlock { username } => {
            let cleared = unlock(&store, &username).await?;
            eprintln!("admin {username:?} unlocked; {cleared} client address(es) cleared");
        }
        AdminCommand::ResetPassword { username } => {
            let password: String = rand::thread_rng()
                .sample_iter(&Alphanumeric)
                .take(20)
                .map(char::from)
                .collect();
            let hash = hash_password(&password)
                .map_err(|e| anyhow::anyhow!("cannot hash password: {e}"))?;
            match store.set_admin_password(&username, &hash).await {
                Err(StoreError::NotFound(_)) => bail!("username: no admin {username:?}"),
                other => other?,
            }
            let ended = store.delete_sessions_of(&username).await?;
            unlock(&store, &username).await?;
            println!("{password}");
            eprintln!(
                "new password for {username:?} (shown once); {ended} session(s) ended, sign-in unlocked"
            );
        }
    }
    Ok(())
}

/// Clears the account's failures and every address's, and audits it.
async fn unlock(store: &Store, username: &str) -> anyhow::Result<u64> {
    if username.trim().is_empty() {
        bail!("username: must not be empty");
    }
    store
        .clear_sign_in_failures(ThrottleScope::Account, username)
        .await?;
    let cleared = store.clear_address_failures().await?;
    store
        .append_audit(&[audit_entry(
            now_millis(),
            "UNLOCK",
            "cli",
            username,
            ThrottleScope::Account,
            200,
            0,
        )])
        .await?;
    Ok(cleared)
}
