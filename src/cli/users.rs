//! `oem-hub users remove|sync|list|sweep`: the host users' lifecycle from the command line,
//! through the same operations as the REST API (every removal audited as `cli`).

use super::provisioning::engine;
use crate::domain::{CustomerSlug, RemovalCause};
use crate::ops::users;
use crate::store::now_millis;
use crate::wire::{ApiError, UserRemoval};
use std::path::{Path, PathBuf};

/// `oem-hub users …`
#[derive(Debug, clap::Subcommand)]
pub enum UsersCommand {
    /// Remove one user of a customer: no more sign-in, deleted from the tenant.
    Remove {
        #[arg(long, value_name = "SLUG")]
        customer: String,
        /// The host's user id.
        id: String,
    },
    /// Make a file's user ids (one per line) the customer's whole list of users.
    Sync {
        #[arg(long, value_name = "SLUG")]
        customer: String,
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
    },
    /// A customer's users who may sign in, and every removal and restore.
    List {
        #[arg(long, value_name = "SLUG")]
        customer: String,
    },
    /// Apply every customer's inactivity policy now.
    Sweep,
}

fn api(e: ApiError) -> anyhow::Error {
    match e.field {
        Some(field) => anyhow::anyhow!("{field}: {}", e.message),
        None => anyhow::anyhow!("{}", e.message),
    }
}

fn slug(raw: &str) -> anyhow::Result<CustomerSlug> {
    CustomerSlug::parse(raw).map_err(|e| anyhow::anyhow!("--customer {raw}: {e}"))
}

fn removed(r: &UserRemoval) -> String {
    format!(
        "removed {} of {} (tenant user: {})",
        r.user_id, r.customer, r.tenant_user
    )
}

/// Runs one `users` subcommand.
pub async fn run(config: Option<&Path>, command: UsersCommand) -> anyhow::Result<()> {
    let engine = engine(config).await?;
    let now = now_millis();
    match command {
        UsersCommand::Remove { customer, id } => {
            let customer = slug(&customer)?;
            let removal = users::remove(&engine, &customer, &id, RemovalCause::Host, "cli", now)
                .await
                .map_err(api)?;
            println!("{}", removed(&removal));
        }
        UsersCommand::Sync { customer, file } => {
            let customer = slug(&customer)?;
            let text = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("--file {}: {e}", file.display()))?;
            let ids: Vec<String> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect();
            let outcome = users::sync(&engine, &customer, &ids, "cli", now)
                .await
                .map_err(api)?;
            for r in &outcome.removed {
                println!("{}", removed(r));
            }
            for id in &outcome.restored {
                println!("restored {id} of {customer}");
            }
        }
        UsersCommand::List { customer } => {
            let list = users::list(engine.store(), &slug(&customer)?)
                .await
                .map_err(api)?;
            for u in &list.active {
                println!(
                    "active  {:<32} last sign-in {}",
                    u.user_id, u.last_sign_in_at
                );
            }
            for e in &list.log {
                println!(
                    "{:<7} {:<32} {} by {} ({}) at {}",
                    e.event, e.user_id, e.cause, e.actor, e.tenant_user, e.at
                );
            }
        }
        UsersCommand::Sweep => {
            for r in users::sweep_inactive(&engine, now).await.map_err(api)? {
                println!("{}", removed(&r));
            }
        }
    }
    Ok(())
}
