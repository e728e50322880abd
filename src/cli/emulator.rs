//! `oem-hub emulator`: the local Qlik Cloud on its own.

use crate::domain::Region;
use crate::emulator::persist::StateFile;
use crate::emulator::realism::Knobs;
use crate::emulator::{self, EmuState, EmulatorConfig, seed};
use crate::server::telemetry;
use anyhow::Context;
use std::net::SocketAddr;
use tokio::net::TcpListener;

/// Options of `emulator`.
#[derive(Debug, clap::Args)]
pub struct EmulatorArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:3100", value_name = "ADDR")]
    pub listen: SocketAddr,
    /// Domain the tenants live under (`localhost` → acme.us.localhost).
    #[arg(long, default_value = "localhost")]
    pub domain: String,
    /// License key accepted by POST /api/v1/tenants (random when not given).
    #[arg(long, env = "OEM_HUB_EMULATOR_LICENSE_KEY", hide_env_values = true)]
    pub license_key: Option<String>,
    /// Added latency per API call, in milliseconds.
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub latency_ms: u64,
    /// Enforce Qlik's rate limits (Tier 1 1000/min, Tier 2 100/min, reloads 50/min, per user
    /// per tenant; 429 with retry-after).
    #[arg(long)]
    pub rate_limits: bool,
    /// Fraction (0-1) of API calls answered 503.
    #[arg(long, default_value_t = 0.0, value_name = "FRACTION")]
    pub error_rate: f64,
    /// Time each reload spends RELOADING, in milliseconds.
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub reload_ms: u64,
    /// Make every reload fail.
    #[arg(long)]
    pub fail_reloads: bool,
    /// Set session cookies `Partitioned` (CHIPS); unconfirmed whether Qlik Cloud does.
    #[arg(long)]
    pub partitioned_cookies: bool,
    /// Milliseconds a new app or space stays invisible, as Qlik's eventual consistency.
    #[arg(long, default_value_t = 0)]
    pub propagation_ms: u64,
    /// Keep the emulator's state in this SQLite file (restored at start, saved on every
    /// change); without it, state lives in memory and is lost on exit.
    #[arg(long, value_name = "FILE")]
    pub state_file: Option<std::path::PathBuf>,
    /// Seed a partner source tenant `partner-dev` in this region with the demo's template
    /// apps (Sales, Finance) and a regional OAuth client, and print its credentials.
    #[arg(long, value_name = "REGION")]
    pub seed_demo: Option<Region>,
    /// Trust this PEM certificate (besides the system's roots) when delivering webhooks, for
    /// a receiver with a private or self-signed certificate; may be given more than once.
    #[arg(long, value_name = "PEM_FILE")]
    pub webhook_root: Vec<std::path::PathBuf>,
}

/// Runs the emulator until Ctrl-C.
pub async fn run(args: EmulatorArgs) -> anyhow::Result<()> {
    telemetry::init("info");
    if !(0.0..=1.0).contains(&args.error_rate) {
        anyhow::bail!("--error-rate must be between 0 and 1");
    }
    let mut config = EmulatorConfig {
        domain: args.domain,
        knobs: Knobs {
            latency_ms: args.latency_ms,
            rate_limits: args.rate_limits,
            error_rate: args.error_rate,
            reload_ms: args.reload_ms,
            fail_reloads: args.fail_reloads,
            partitioned_cookies: args.partitioned_cookies,
            propagation_ms: args.propagation_ms,
            ..Knobs::default()
        },
        ..EmulatorConfig::default()
    };
    if let Some(key) = args.license_key {
        config.license_key = key;
    }
    for path in &args.webhook_root {
        let pem = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read --webhook-root {}", path.display()))?;
        config.webhook_roots.push(pem);
    }
    let domain = config.domain.clone();
    let (state, saver) = match &args.state_file {
        Some(path) => {
            let (file, saved) = StateFile::open(path).await?;
            let restored = saved.is_some();
            let state = match saved {
                Some(world) => EmuState::restore(config, world),
                None => EmuState::new(config),
            };
            if restored {
                println!("Restored emulator state from {}", path.display());
            }
            (state, Some(file))
        }
        None => (EmuState::new(config), None),
    };
    let listener = TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let handle = emulator::spawn(listener, state.clone())?;
    let shutdown = super::shutdown_signal();
    println!("Qlik Cloud emulator on {}", handle.addr);
    let already_seeded = |region: Region| {
        let host = format!("partner-dev.{}.{domain}", region.code());
        state.lock().tenant_by_host(&host).is_some()
    };
    if let Some(region) = args.seed_demo.filter(|r| already_seeded(*r)) {
        println!("  source tenant partner-dev.{region}.{domain} restored from the state file");
    } else if let Some(region) = args.seed_demo {
        let seed = seed::seed_source(&state, region, "partner-dev", &seed::DEMO_TEMPLATES);
        state.lock().revision += 1;
        println!(
            "  register host:  {}",
            handle.url_for(&format!("register.{region}.{domain}"))
        );
        println!(
            "  source tenant:  {}",
            handle.url_for(&seed.source_hostname)
        );
        println!(
            "  OAuth client:   id {} secret {}",
            seed.client_id, seed.client_secret
        );
        println!("  (emulator-only credentials; they mean nothing outside this process)");
    }
    let background = saver.clone().map(|file| {
        tokio::spawn(file.keep_saved(state.clone(), std::time::Duration::from_millis(250)))
    });
    shutdown.await;
    if let Some(task) = background {
        task.abort();
    }
    if let Some(file) = saver {
        file.save(&state).await?;
    }
    Ok(())
}
