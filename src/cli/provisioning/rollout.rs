//! `oem-hub rollout <module> <version>`: records and drives a rollout here, with a worker, until
//! it completes or halts; prints each customer's outcome.

use super::{engine, slug};
use crate::domain::ModuleKey;
use crate::provision::RolloutRequest;
use anyhow::bail;
use std::path::Path;

/// Options of `rollout`.
#[derive(Debug, clap::Args)]
pub struct RolloutArgs {
    /// The module, e.g. `sales`.
    pub module: String,
    /// The recorded template version to roll out.
    pub version: i64,
    /// Customers to move first (repeatable); default: the first by slug.
    #[arg(long = "canary", value_name = "SLUG")]
    pub canaries: Vec<String>,
    /// Size of the first batch after the canaries; each next batch doubles.
    #[arg(long, default_value_t = 2)]
    pub first_batch: usize,
    /// Halt when a wave's failure rate exceeds this percentage.
    #[arg(long, default_value_t = 20)]
    pub max_failure_pct: i64,
}

/// `oem-hub rollout <module> <version>`: waves until completed or halted.
pub async fn rollout(config: Option<&Path>, args: RolloutArgs) -> anyhow::Result<()> {
    let engine = engine(config).await?;
    let request = RolloutRequest {
        module: ModuleKey::parse(&args.module).map_err(|e| anyhow::anyhow!("module: {e}"))?,
        version: args.version,
        canaries: args
            .canaries
            .iter()
            .map(|c| slug(c))
            .collect::<Result<_, _>>()?,
        first_batch: args.first_batch,
        max_failure_pct: args.max_failure_pct,
    };
    let started = engine.start_rollout(&request).await?;
    println!(
        "rollout {} of {} v{}: {} wave(s)",
        started.id,
        request.module,
        request.version,
        started.waves.len()
    );
    let worker = engine.spawn_worker();
    let result = engine.drive_rollout(&started.id).await;
    worker.stop().await;
    let r = result?;
    for (customer, outcome) in &r.results {
        println!("  {customer}: {outcome}");
    }
    match r.state {
        crate::store::RolloutState::Completed => {
            println!("completed: {} is released at v{}", r.module, r.to_version);
            Ok(())
        }
        state => bail!("rollout {:?}: {}", state, r.reason.unwrap_or_default()),
    }
}
