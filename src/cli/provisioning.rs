//! Provisioning verbs: `customers add|list|show|retire`, `plan`, `apply`, `rollout`. They work
//! on the configured database and Qlik Cloud directly, through the same engine and job queue
//! as the hub (so they are safe to run beside a running hub).

use crate::domain::{CustomerSlug, CustomerSpec};
use crate::ops;
use crate::provision::Engine;
use crate::server::{Settings, provisioning};
use crate::store::{Job, JobState, Store};
use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::{Path, PathBuf};
use std::time::Duration;

mod rollout;

pub use rollout::{RolloutArgs, rollout};

/// `oem-hub customers …`
#[derive(Debug, clap::Subcommand)]
pub enum CustomersCommand {
    /// Add a customer from a JSON spec file (`-` for stdin); it is checked before anything is
    /// written. See GET /api/v1/openapi.json, schema CustomerSpec.
    Add {
        #[arg(long, short, value_name = "FILE")]
        file: PathBuf,
    },
    /// List customers with their tenant and last result.
    List,
    /// Show a customer's desired and observed state as JSON.
    Show { slug: String },
    /// Deactivate the customer's tenant (Qlik purges it after the window) and retire it.
    Retire {
        slug: String,
        /// Days before Qlik purges the tenant (10–90); reactivation works until then.
        #[arg(long, default_value_t = 30)]
        purge_after_days: u32,
    },
}

pub(super) fn slug(raw: &str) -> anyhow::Result<CustomerSlug> {
    CustomerSlug::parse(raw).map_err(|e| anyhow::anyhow!("slug: {e}"))
}

/// Store and engine from the configuration.
pub(super) async fn engine(config: Option<&Path>) -> anyhow::Result<Engine> {
    let settings = Settings::load(config)?;
    let store = Store::connect(&settings.database_url).await?;
    provisioning::build_engine(&settings, &store)
        .await?
        .context(
            "provisioning is not configured: set encryption_key, [jwt] and the qlik source tenant",
        )
}

/// Runs a `customers` verb.
pub async fn customers(config: Option<&Path>, command: CustomersCommand) -> anyhow::Result<()> {
    let engine = engine(config).await?;
    let store = engine.store();
    match command {
        CustomersCommand::Add { file } => {
            let text = if file.as_os_str() == "-" {
                std::io::read_to_string(std::io::stdin()).context("cannot read stdin")?
            } else {
                std::fs::read_to_string(&file)
                    .with_context(|| format!("cannot read {}", file.display()))?
            };
            let spec: CustomerSpec = ops::input::parse(text.as_bytes())?;
            ops::customers::create(&engine, &spec).await?;
            println!(
                "added {}; run `oem-hub apply {}` to provision it",
                spec.slug, spec.slug
            );
        }
        CustomersCommand::List => {
            for c in store.list_customers().await? {
                let state = store.get_state(c.slug()).await?;
                let status = if c.retired_at.is_some() {
                    "retired"
                } else {
                    "active"
                };
                println!(
                    "{:<24} {:<4} {:<8} {:<40} {}",
                    c.slug(),
                    c.spec.region,
                    status,
                    state
                        .observed
                        .hostname
                        .map_or_else(|| "-".to_owned(), |h| h.to_string()),
                    state
                        .last_result
                        .map_or_else(|| "never applied".to_owned(), |r| r.to_string())
                );
            }
        }
        CustomersCommand::Show { slug: raw } => {
            let view = ops::customers::show(store, &slug(&raw)?).await?;
            println!("{}", serde_json::to_string_pretty(&view)?);
        }
        CustomersCommand::Retire {
            slug: raw,
            purge_after_days,
        } => {
            let slug = slug(&raw)?;
            let job = ops::jobs::deprovision(&engine, &slug, purge_after_days)
                .await
                .map_err(|e| match e.field {
                    Some(_) => anyhow::anyhow!("--purge-after-days must be 10–90"),
                    None => e.into(),
                })?;
            let job = run_jobs(&engine, vec![job]).await?.remove(0);
            finish(&job)?;
            println!(
                "{slug} retired; its tenant is deactivated and purged in {purge_after_days} days"
            );
        }
    }
    Ok(())
}

/// `oem-hub plan <slug>`: the steps an apply would run.
pub async fn plan(config: Option<&Path>, raw: &str, refresh: bool) -> anyhow::Result<()> {
    let engine = engine(config).await?;
    let view = ops::customers::plan(&engine, &slug(raw)?, refresh).await?;
    if view.steps.is_empty() {
        println!("{raw} is up to date; nothing to do");
    }
    for (i, step) in view.steps.iter().enumerate() {
        println!("{:>3}. {}", i + 1, step.label());
    }
    Ok(())
}

/// `oem-hub apply <slug>|--all`: queues applies and works them until they end.
pub async fn apply(
    config: Option<&Path>,
    raw: Option<&str>,
    all: bool,
    refresh: bool,
) -> anyhow::Result<()> {
    let engine = engine(config).await?;
    let slugs = match (raw, all) {
        (Some(raw), false) => vec![slug(raw)?],
        (None, true) => {
            let customers = engine.store().list_customers().await?;
            customers
                .into_iter()
                .filter(|c| c.retired_at.is_none())
                .map(|c| c.spec.slug)
                .collect()
        }
        _ => bail!("name one customer or pass --all"),
    };
    let mut jobs = Vec::with_capacity(slugs.len());
    for slug in &slugs {
        jobs.push(match refresh {
            true => ops::jobs::repair(&engine, slug).await?,
            false => ops::jobs::apply(&engine, slug).await?,
        });
    }
    let done = run_jobs(&engine, jobs).await?;
    let failed: Vec<&Job> = done
        .iter()
        .filter(|j| j.state != JobState::Succeeded)
        .collect();
    println!(
        "{} applied, {} failed",
        done.len() - failed.len(),
        failed.len()
    );
    for job in &failed {
        println!(
            "  {}: {}",
            job.customer,
            job.error.as_deref().unwrap_or("cancelled")
        );
    }
    if failed.is_empty() {
        Ok(())
    } else {
        bail!("{} customer(s) failed", failed.len())
    }
}

fn finish(job: &Job) -> anyhow::Result<()> {
    match job.state {
        JobState::Succeeded => Ok(()),
        state => bail!(
            "job {} {:?}: {}",
            job.id,
            state,
            job.error.as_deref().unwrap_or("")
        ),
    }
}

/// Runs a worker here until every job has ended, with a progress bar on a terminal.
async fn run_jobs(engine: &Engine, jobs: Vec<Job>) -> anyhow::Result<Vec<Job>> {
    let bar = ProgressBar::new(jobs.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} customers  {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let worker = engine.spawn_worker();
    let mut done = Vec::with_capacity(jobs.len());
    let mut pending = jobs;
    while !pending.is_empty() {
        let mut still = Vec::new();
        for job in pending {
            let current = engine.store().get_job(&job.id).await?;
            if current.state.is_final() {
                bar.inc(1);
                done.push(current);
            } else {
                bar.set_message(format!(
                    "{}: step {}/{} {}",
                    current.customer, current.step_index, current.step_count, current.step_name
                ));
                still.push(current);
            }
        }
        pending = still;
        if !pending.is_empty() {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
    bar.finish_and_clear();
    worker.stop().await;
    Ok(done)
}
