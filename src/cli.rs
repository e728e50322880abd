//! The command line: `serve`, `emulator`, `demo`, the provisioning verbs and `admin`, with one-line errors and exit codes
//! (0 success, 1 runtime failure, 2 usage error).

mod admin;
mod bench;
mod bootstrap;
pub mod demo;
mod emulator;
mod hybrid;
mod provisioning;
mod reloads;
mod serve;
mod templates;
mod tokens;
mod users;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// oem-hub: one Qlik Cloud tenant per customer, provisioned declaratively and embedded in your
/// SaaS.
#[derive(Debug, Parser)]
#[command(name = "oem-hub", version, about, long_about = None)]
pub struct Cli {
    /// A TOML config file (defaults < file < OEM_HUB_* environment variables).
    #[arg(
        long,
        short,
        global = true,
        value_name = "FILE",
        env = "OEM_HUB_CONFIG"
    )]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

/// What to run.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the hub against the Qlik Cloud region configured in the config file/environment.
    Serve(serve::ServeArgs),
    /// Run the local Qlik Cloud emulator alone.
    ///
    /// Hosts (one listener, routed by the Host header, as Qlik Cloud does):
    ///   register.<region>.<domain>  /oauth/token; POST /api/v1/tenants;
    ///                               /api/v1/tenants/{id}/actions/deactivate|reactivate
    ///   <tenant>.<region>.<domain>  /oauth/token, /login/jwt-session, /single/,
    ///                               /sense/app/{app}/sheet/{sheet}/state/analysis and
    ///                               /api/v1/: tenants, licenses/overview, users, items,
    ///                               identity-providers, web-integrations, csp-origins,
    ///                               users (create, PATCH /name and /assignedGroups),
    ///                               oauth-clients (impersonation grant), /qlik-embed/main.js
    ///                               (qlik-embed's runtime, rendering with a bearer token),
    ///                               spaces (+assignments), groups (+settings, roles), roles
    ///                               (default roles only), apps (import, export, copy,
    ///                               scripts, publish, space), temp-contents, data-connections,
    ///                               reloads, csrf-token; lists paged with Qlik's limit and
    ///                               links.next.href
    ///   console.<domain>            organization API: /oauth/token (the regional clients are
    ///                               accepted), GET /api/core/tenants?limit&offset (every
    ///                               tenant of the emulator, all regions)
    ///   control.<domain>            emulator knobs: GET|PUT /knobs, POST /faults
    ///                               {"path","status","retryAfter","count"}, GET /stats;
    ///                               a client-managed site distributing apps:
    ///                               POST /sites/{site}/deployments {name,apiEndpoint,audience},
    ///                               GET /sites/{site}/deployments/{id}/token,
    ///                               POST /sites/{site}/distribute {deploymentId,app}
    /// Regions: us eu de uk jp ap sg. Browsers resolve *.localhost to loopback by themselves;
    /// oem-hub's client does the same. Errors use Qlik's {"errors":[…]} envelopes.
    ///
    /// Load-script subset run by reloads (statements end with ';'):
    ///   // and /* */ comments;  SET|LET name = value;  $(name) expansion
    ///   LIB CONNECT TO 'name';  (a data connection: SQLite file path or postgres:// URL)
    ///   Label: SQL SELECT …;    (read-only; the rows become the app's data)
    /// Anything else fails the reload with a Qlik-like log.
    ///
    /// Knobs (flags below, or PUT /knobs on the control host): latency, Qlik's rate limits,
    /// random 5xx, reload duration, failing reloads, partitioned cookies. State lives in
    /// memory unless --state-file names a SQLite file to keep it in.
    #[command(verbatim_doc_comment)]
    Emulator(emulator::EmulatorArgs),
    /// Run emulator + hub on 127.0.0.1 with demo data: no Qlik account, no network needed.
    Demo(demo::DemoArgs),
    /// Add, list, show or retire customers (desired state in the config database).
    #[command(subcommand)]
    Customers(provisioning::CustomersCommand),
    /// Show the steps that would make a customer's tenant match its spec.
    Plan {
        slug: String,
        /// First check the tenant itself, so manual changes (drift) show up.
        #[arg(long)]
        refresh: bool,
    },
    /// Provision a customer (or all) now: create, configure, hydrate and publish.
    Apply {
        /// The customer; or use --all.
        slug: Option<String>,
        /// Every customer that is not retired.
        #[arg(long, conflicts_with = "slug")]
        all: bool,
        /// Read each tenant again first and repair what was changed there by hand (drift).
        #[arg(long)]
        refresh: bool,
    },
    /// Roll a template version out to every customer with the module, in waves.
    Rollout(provisioning::RolloutArgs),
    /// Record a new template version, with the custom themes it ships.
    #[command(subcommand)]
    Templates(templates::TemplatesCommand),
    /// Hybrid distribution from a client-managed Qlik Sense site: set up a customer's
    /// deployment, paste its token, adopt the apps it distributed.
    #[command(subcommand)]
    Hybrid(hybrid::HybridCommand),
    /// Reload customers' apps now (capped per customer database) and read data freshness.
    #[command(subcommand)]
    Reloads(reloads::ReloadsCommand),
    /// The host users' lifecycle: remove a user, sync a customer's list, apply inactivity.
    #[command(subcommand)]
    Users(users::UsersCommand),
    /// Create, list, rotate or revoke API tokens (secrets shown once; only hashes are stored).
    #[command(subcommand)]
    Tokens(tokens::TokensCommand),
    /// Admin accounts of the console: lift the sign-in throttle, reset a password.
    #[command(subcommand)]
    Admin(admin::AdminCommand),
    /// Benchmarks against an in-process emulator; they print figures.
    #[command(subcommand)]
    Bench(BenchCommand),
}

/// Benchmarks.
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Onboard N customers with Qlik's rate limits and latency, against a sequential baseline.
    Provision(bench::ProvisionBench),
    /// Time one fleet "reload now" of N customers × 2 modules against Qlik's reload limits.
    Reloads(bench::ReloadsBench),
}

/// Parses arguments, runs the command and turns any failure into one line on stderr.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(err),
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => return fail(&anyhow::anyhow!("cannot start the async runtime: {e}")),
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => serve::run(cli.config.as_deref(), args).await,
        Command::Emulator(args) => emulator::run(args).await,
        Command::Demo(args) => demo::run(args).await,
        Command::Customers(command) => {
            provisioning::customers(cli.config.as_deref(), command).await
        }
        Command::Plan { slug, refresh } => {
            provisioning::plan(cli.config.as_deref(), &slug, refresh).await
        }
        Command::Apply { slug, all, refresh } => {
            provisioning::apply(cli.config.as_deref(), slug.as_deref(), all, refresh).await
        }
        Command::Rollout(args) => provisioning::rollout(cli.config.as_deref(), args).await,
        Command::Templates(command) => templates::run(cli.config.as_deref(), command).await,
        Command::Bench(BenchCommand::Provision(args)) => bench::run(args).await,
        Command::Bench(BenchCommand::Reloads(args)) => bench::reloads::run(args).await,
        Command::Tokens(command) => tokens::run(cli.config.as_deref(), command).await,
        Command::Reloads(command) => reloads::run(cli.config.as_deref(), command).await,
        Command::Users(command) => users::run(cli.config.as_deref(), command).await,
        Command::Hybrid(command) => hybrid::run(cli.config.as_deref(), command).await,
        Command::Admin(command) => admin::run(cli.config.as_deref(), command).await,
    }
}

/// Help and version go to stdout in full; real usage errors are reduced to their first line.
fn usage_error(err: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) || matches!(
        err.kind(),
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = err.print();
        return if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        };
    }
    let rendered = err.render().to_string();
    let first = rendered
        .lines()
        .next()
        .unwrap_or("error: invalid arguments");
    eprintln!("{first} (see oem-hub --help)");
    ExitCode::from(2)
}

fn fail(err: &anyhow::Error) -> ExitCode {
    eprintln!("error: {err:#}");
    ExitCode::FAILURE
}

/// A future that resolves on Ctrl-C or SIGTERM. The handlers are installed when this is
/// called (not when first polled), so a signal that arrives right after start-up messages
/// are printed still stops the process cleanly.
pub(crate) fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let interrupt = signal(SignalKind::interrupt()).ok();
        let terminate = signal(SignalKind::terminate()).ok();
        async move {
            let wait = |s: Option<tokio::signal::unix::Signal>| async move {
                match s {
                    Some(mut s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! { _ = wait(interrupt) => {}, _ = wait(terminate) => {} }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
