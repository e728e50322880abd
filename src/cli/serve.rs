//! `oem-hub serve`: the hub against a configured Qlik Cloud.

use super::bootstrap::bootstrap_admin;
use crate::server::{Application, Settings, telemetry};
use anyhow::Context;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Options of `serve`; each overrides the config file and environment.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on, e.g. 0.0.0.0:3000.
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<SocketAddr>,
    /// Config database URL: sqlite://file.db (default, created when missing) or postgres://….
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
    /// Directory with the built UI (trunk's dist/).
    #[arg(long, value_name = "DIR")]
    pub dist: Option<PathBuf>,
}

/// Loads settings, applies `args`, and serves until Ctrl-C.
pub async fn run(config: Option<&Path>, args: ServeArgs) -> anyhow::Result<()> {
    telemetry::init("info");
    let mut settings = Settings::load(config)?;
    if let Some(listen) = args.listen {
        settings.listen = listen;
    }
    if let Some(url) = args.database_url {
        settings.database_url = url;
    }
    if let Some(dist) = args.dist {
        settings.dist_dir = dist;
    }
    let app = Application::build(settings).await?;
    let shutdown = super::shutdown_signal();
    if let Some(password) = bootstrap_admin(&app.state().store).await? {
        println!("First start: created admin user `admin` with password {password} (shown once)");
    }
    println!("oem-hub listening on http://{}", app.local_addr());
    app.run_until(shutdown)
        .await
        .context("server stopped with an error")
}
