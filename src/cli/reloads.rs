//! `oem-hub reloads now|status|freshness`: reload customers' published apps now (one, a set or
//! the fleet, capped per customer database) and read the fleet's data freshness, through the
//! same operations as the REST API.

use super::provisioning::engine;
use crate::domain::{CustomerSlug, ModuleKey};
use crate::ops::reloads;
use crate::store::now_millis;
use crate::wire::{ApiError, FleetReloadRequest, FleetReloadView, FreshnessRow};
use std::path::Path;

/// `oem-hub reloads …`
#[derive(Debug, clap::Subcommand)]
pub enum ReloadsCommand {
    /// Reload now: the customers and modules given (none: the whole fleet), and wait.
    Now {
        /// A customer to reload (repeat for several; none: every active customer).
        #[arg(long = "customer", value_name = "SLUG")]
        customers: Vec<String>,
        /// A module to reload (repeat; none: every published module).
        #[arg(long = "module", value_name = "KEY")]
        modules: Vec<String>,
        /// At most this many reloads at once against one customer database.
        #[arg(long, value_name = "N")]
        cap: Option<u32>,
    },
    /// A fleet reload's progress.
    Status { id: String },
    /// Every customer × module: last reload, last success, failures in a row (failing first).
    Freshness,
}

fn api(e: ApiError) -> anyhow::Error {
    match e.field {
        Some(field) => anyhow::anyhow!("{field}: {}", e.message),
        None => anyhow::anyhow!("{}", e.message),
    }
}

fn parsed<T>(
    flag: &str,
    raw: &[String],
    parse: fn(&str) -> Result<T, crate::domain::ParseError>,
) -> anyhow::Result<Vec<T>> {
    raw.iter()
        .map(|r| parse(r).map_err(|e| anyhow::anyhow!("--{flag} {r}: {e}")))
        .collect()
}

fn progress(v: &FleetReloadView) -> String {
    format!(
        "{} {}: {} of {} succeeded, {} failed, {} running, {} pending",
        v.id, v.state, v.succeeded, v.total, v.failed, v.running, v.pending
    )
}

fn row(r: &FreshnessRow) -> String {
    let age = r
        .age_ms
        .map_or("never".to_owned(), |ms| format!("{}h", ms / 3_600_000));
    let last = r.last.as_ref().map_or("-", |l| l.status.as_str());
    let flag = if r.stale { " STALE" } else { "" };
    let log = r
        .failure_log
        .as_deref()
        .and_then(|l| l.lines().last())
        .unwrap_or("");
    format!(
        "{:<24} {:<16} last {:<15} success {:<6} failures {}{flag} {log}",
        r.customer, r.module, last, age, r.consecutive_failures
    )
}

/// Runs one `reloads` subcommand.
pub async fn run(config: Option<&Path>, command: ReloadsCommand) -> anyhow::Result<()> {
    let engine = engine(config).await?;
    match command {
        ReloadsCommand::Now {
            customers,
            modules,
            cap,
        } => {
            let req = FleetReloadRequest {
                customers: parsed("customer", &customers, CustomerSlug::parse)?,
                modules: parsed("module", &modules, ModuleKey::parse)?,
                per_source_cap: cap,
            };
            let started = reloads::reload_now(&engine, &req).await.map_err(api)?;
            println!("{}", progress(&started));
            engine.drive_fleet(&started.id).await?;
            let done = reloads::fleet_view(engine.store(), &started.id)
                .await
                .map_err(api)?;
            println!("{}", progress(&done));
            if done.failed > 0 {
                for item in engine.store().fleet_items(&started.id).await? {
                    if let Some(error) = item.error.filter(|_| item.state.is_final()) {
                        println!("  {} {}: {error}", item.customer, item.module);
                    }
                }
                anyhow::bail!(
                    "{} reloads failed (see `oem-hub reloads freshness`)",
                    done.failed
                );
            }
        }
        ReloadsCommand::Status { id } => {
            let view = reloads::fleet_view(engine.store(), &id)
                .await
                .map_err(api)?;
            println!("{}", progress(&view));
        }
        ReloadsCommand::Freshness => {
            for r in reloads::freshness(engine.store(), now_millis())
                .await
                .map_err(api)?
            {
                println!("{}", row(&r));
            }
        }
    }
    Ok(())
}
