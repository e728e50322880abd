//! `oem-hub demo`: the emulator and the hub in one process on 127.0.0.1, seeded with a
//! partner source tenant, the Sales and Finance templates and two demo customers.

pub mod data;
mod host_site;
mod keys;
mod seed_hub;
pub use host_site::HOST_ISSUER;
use keys::demo_key_text;
pub use keys::{demo_sealing_key, demo_signing_key};
use seed_hub::seed_hub;
pub use seed_hub::seed_modules;

use super::bootstrap::bootstrap_admin;
use crate::domain::Region;
use crate::emulator::seed::{self, SourceSeed};
use crate::emulator::{self, EmuState, EmulatorConfig, EmulatorHandle};
use crate::server::config::{
    EmbedSettings, JwtSettings, ProxySettings, QlikSettings, RegionalClient,
};
use crate::server::{Application, Settings, telemetry};
use crate::store::{SealingKey, Store};
use anyhow::Context;
use secrecy::SecretString;
use std::net::SocketAddr;
use std::path::PathBuf;
use tokio::net::TcpListener;

/// Options of `demo`.
#[derive(Debug, Clone, clap::Args)]
pub struct DemoArgs {
    /// Port of the hub (end-user hub and admin console); 0 picks a free one.
    #[arg(long, default_value_t = 3000)]
    pub port: u16,
    /// Port of the Qlik Cloud emulator; 0 picks a free one.
    #[arg(long, default_value_t = 3100)]
    pub emulator_port: u16,
    /// Port of the example host page (a separate site: host.localhost); 0 picks a free one.
    #[arg(long, default_value_t = 3200)]
    pub host_port: u16,
    /// Where the demo keeps its databases (default: a fresh temporary directory).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Directory with the built UI (trunk's dist/).
    #[arg(long, default_value = "dist", value_name = "DIR")]
    pub dist: PathBuf,
    /// The hub's public HTTPS URL (e.g. a tunnel or TLS front to the hub), for the tenants'
    /// reload webhooks; without it reloads are polled.
    #[arg(long, value_name = "URL", value_parser = crate::server::config::parse_public_url)]
    pub public_url: Option<url::Url>,
    /// Seconds an embed token lives (try 20 to watch pages renew theirs).
    #[arg(long, value_name = "SECS", default_value_t = EmbedSettings::default().token_ttl_secs)]
    pub embed_token_ttl: u64,
    /// Seconds between a page's looks at its tenant session.
    #[arg(long, value_name = "SECS", default_value_t = EmbedSettings::default().session_check_secs)]
    pub session_check: u64,
    /// Start without the demo customers (onboard your own in the admin console).
    #[arg(long)]
    pub no_customers: bool,
}

/// A seeded demo whose hub is bound but not yet serving.
pub struct Demo {
    pub hub: Application,
    pub hub_addr: SocketAddr,
    pub emulator: EmulatorHandle,
    pub source: SourceSeed,
    pub host_listener: TcpListener,
    /// The API token the demo's host backend uses to open embed sessions (none without
    /// customers: an embed-scoped token lists at least one).
    pub host_backend_token: Option<String>,
    /// The demo host app's key for signing its users' JWTs (mode b).
    host_key: p256::ecdsa::SigningKey,
    pub admin_password: Option<String>,
    pub data_dir: PathBuf,
    _tmp: Option<tempfile::TempDir>,
}

async fn bind(port: u16) -> anyhow::Result<TcpListener> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr} (use another port with the flags)"))
}

/// Starts the emulator, seeds it and the hub's database, and binds the hub and host page.
pub async fn start(args: &DemoArgs) -> anyhow::Result<Demo> {
    let (data_dir, tmp) = match &args.data_dir {
        Some(dir) => {
            // Owner-only: it holds the demo's keys, hub.db and the customers' databases.
            crate::fs_private::create_dir(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            (dir.clone(), None)
        }
        None => {
            let tmp = tempfile::tempdir().context("cannot create a temporary directory")?;
            (tmp.path().to_owned(), Some(tmp))
        }
    };
    let state = EmuState::new(EmulatorConfig::default());
    let emulator = emulator::spawn(bind(args.emulator_port).await?, state.clone())?;
    let source = seed::seed_source(&state, Region::Us, "partner-dev", &seed::DEMO_TEMPLATES);
    // Customers live in other regions too (globex is in eu): one regional client each.
    let (eu_id, eu_secret) = seed::seed_regional_client(&state, Region::Eu);
    let settings = Settings {
        listen: SocketAddr::from(([127, 0, 0, 1], args.port)),
        database_url: format!("sqlite://{}", data_dir.join("hub.db").display()),
        dist_dir: args.dist.clone(),
        secure_cookies: false,
        encryption_key: Some(demo_key_text(&data_dir)?),
        jwt: Some(JwtSettings {
            issuer: "https://hub.oem-hub.localhost".to_owned(),
            key_id: "demo-key-1".to_owned(),
            private_key_pem: demo_signing_key(&data_dir)?,
            previous_keys: Vec::new(),
        }),
        qlik: QlikSettings {
            domain: "localhost".to_owned(),
            scheme: "http".to_owned(),
            port: Some(emulator.port()),
            emulator: true,
            source_tenant: Some(source.source_hostname.clone()),
            client_id: Some(source.client_id.clone()),
            client_secret: Some(SecretString::from(source.client_secret.clone())),
            regional_clients: [(
                "eu".to_owned(),
                RegionalClient {
                    client_id: eu_id,
                    client_secret: SecretString::from(eu_secret),
                },
            )]
            .into(),
        },
        // The tenant proxy on the host page's own site (host.localhost), for cross-site embeds.
        proxy: Some(ProxySettings {
            host: PROXY_HOST.to_owned(),
            idle_minutes: 30,
        }),
        public_url: args.public_url.clone(),
        embed: EmbedSettings {
            token_ttl_secs: args.embed_token_ttl,
            session_check_secs: args.session_check,
        },
        ..Settings::default()
    };
    let store = Store::connect(&settings.database_url).await?;
    let sealing_key = SealingKey::from_base64(&demo_key_text(&data_dir)?)?;
    let host_listener = bind(args.host_port).await?;
    let host_port = host_listener.local_addr()?.port();
    seed_hub(
        &store,
        &emulator,
        &source,
        &data_dir,
        &sealing_key,
        (!args.no_customers).then_some(host_port),
    )
    .await?;
    let admin_password = bootstrap_admin(&store).await?;
    let host_backend_token = host_backend_token(&store).await?;
    let host_key = host_site::register_host_app(&store, &data_dir).await?;
    let hub = Application::build_with_store(settings, store).await?;
    let hub_addr = hub.local_addr();
    Ok(Demo {
        hub,
        hub_addr,
        emulator,
        source,
        host_listener,
        host_backend_token,
        host_key,
        admin_password,
        data_dir,
        _tmp: tmp,
    })
}

/// The demo partner backend's API token: scope `embed` for the demo customers, all that a
/// partner backend needs (it opens embed sessions and nothing else); none without customers.
async fn host_backend_token(store: &Store) -> anyhow::Result<Option<String>> {
    use crate::domain::{TokenName, TokenScope};
    let customers = store
        .list_customers()
        .await?
        .into_iter()
        .map(|c| c.spec.slug)
        .collect::<Vec<_>>();
    if customers.is_empty() {
        return Ok(None);
    }
    let token = crate::store::NewApiToken {
        name: TokenName::parse("demo-host-backend")?,
        scope: TokenScope::embed(customers)?,
        expires_at: None,
    };
    let issued = store
        .create_api_token(&token, "demo", crate::store::now_millis())
        .await?;
    Ok(Some(issued.secret.into_inner()))
}

/// The demo's tenant-proxy host: same site as the host page on `host.localhost`.
pub const PROXY_HOST: &str = "analytics.host.localhost";

/// The origins the demo's host page is served from; every demo customer registers them.
pub fn host_origins(port: u16) -> Vec<String> {
    ["portal.us.localhost", "host.localhost"]
        .iter()
        .map(|h| format!("http://{h}:{port}"))
        .collect()
}

impl Demo {
    /// The example host page's URL on `portal.us.localhost`: a different origin from the hub
    /// and the same site as the US tenants (as a tenant on the partner's custom domain is).
    pub fn host_page_url(&self) -> String {
        self.host_page_url_on("portal.us.localhost")
    }

    /// The example host page's URL served under `host_name`.
    pub fn host_page_url_on(&self, host_name: &str) -> String {
        let port = self
            .host_listener
            .local_addr()
            .map(|a| a.port())
            .unwrap_or_default();
        format!("http://{host_name}:{port}/host-example.html?demo=1")
    }

    /// Serves the hub and the host page until `shutdown` resolves.
    pub async fn run_until(
        self,
        dist: PathBuf,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let hub = format!("http://127.0.0.1:{}", self.hub_addr.port());
        let host_site =
            host_site::router(&dist, hub, self.host_backend_token.clone(), self.host_key);
        let host = tokio::spawn(async move { axum::serve(self.host_listener, host_site).await });
        let result = self.hub.run_until(shutdown).await;
        host.abort();
        result.context("hub stopped with an error")
    }
}

/// Runs the demo until Ctrl-C, printing where everything is.
pub async fn run(args: DemoArgs) -> anyhow::Result<()> {
    telemetry::init("warn");
    if !args.dist.join("index.html").exists() {
        anyhow::bail!(
            "no built UI in {} — run `make demo` (or `trunk build --release`) first",
            args.dist.display()
        );
    }
    let demo = start(&args).await?;
    // The demo customers get their tenants at once, so the host page has sheets to show.
    if let Ok(engine) = demo.hub.state().engine()
        && !args.no_customers
    {
        for customer in &data::DEMO_CUSTOMERS {
            let slug = crate::domain::CustomerSlug::parse(customer.slug)?;
            engine.enqueue_apply(&slug).await?;
        }
    }
    let shutdown = super::shutdown_signal();
    let hub = format!("http://127.0.0.1:{}", demo.hub_addr.port());
    println!("oem-hub demo is running (Ctrl-C to stop); nothing here needs a Qlik account.");
    println!("  End-user hub:      {hub}/");
    println!("  Admin console:     {hub}/admin");
    match &demo.admin_password {
        Some(password) => println!("  Admin credential:  admin / {password}"),
        None => println!("  Admin credential:  admin / (set on an earlier run of this data dir)"),
    }
    println!("  Host-page example: {}", demo.host_page_url());
    println!(
        "  Qlik emulator:     {}",
        demo.emulator.url_for(&demo.source.source_hostname)
    );
    if !args.no_customers {
        println!(
            "  Demo customers:    acme (Sales, Finance; us), globex (Sales; eu), provisioning now"
        );
    }
    println!("  Data directory:    {}", demo.data_dir.display());
    demo.run_until(args.dist.clone(), shutdown).await
}
