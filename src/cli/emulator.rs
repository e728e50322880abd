//! `oem-hub emulator`: the local Qlik Cloud on its own.

use crate::domain::Region;
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
    /// Seed a partner source tenant `partner-dev` in this region with the demo's template
    /// apps (Sales, Finance) and a regional OAuth client, and print its credentials.
    #[arg(long, value_name = "REGION")]
    pub seed_demo: Option<Region>,
}

/// Runs the emulator until Ctrl-C.
pub async fn run(args: EmulatorArgs) -> anyhow::Result<()> {
    telemetry::init("info");
    let mut config = EmulatorConfig {
        domain: args.domain,
        ..EmulatorConfig::default()
    };
    if let Some(key) = args.license_key {
        config.license_key = key;
    }
    let domain = config.domain.clone();
    let state = EmuState::new(config);
    let listener = TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let handle = emulator::spawn(listener, state.clone())?;
    println!("Qlik Cloud emulator on {}", handle.addr);
    if let Some(region) = args.seed_demo {
        let seed = seed::seed_source(&state, region, "partner-dev", &seed::DEMO_TEMPLATES);
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
    super::shutdown_signal().await;
    Ok(())
}
