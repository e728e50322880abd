//! `TestApp`: a seeded demo (emulator + hub + host page) on port 0 in a temporary directory,
//! with typed helpers for the calls tests make.

use oem_hub::cli::demo::{self, DemoArgs};
use oem_hub::emulator::EmulatorHandle;
use oem_hub::emulator::seed::SourceSeed;
use oem_hub::provision::{Engine, EngineConfig, Hooks, JwtIdentity};
use oem_hub::qlik::{Credentials, QlikClient, QlikEndpoint, RetryPolicy};
use oem_hub::store::Store;
use secrecy::SecretString;
use std::path::PathBuf;
use std::time::Duration;
use tokio::sync::oneshot;

pub mod fixtures;
pub mod https_gate;
pub mod rest;
pub mod tenant;

/// Polls `probe` every 20 ms until it gives a value, failing the test (naming `what`) when
/// `limit` passes first: every wait in the suite has a deadline, so a regression fails CI
/// instead of hanging it.
pub async fn wait_until<T, F, Fut>(what: &str, limit: Duration, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        if let Some(value) = probe().await {
            return value;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "gave up after {limit:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// `engine.wait_for_job(id)` within two minutes, or the test fails.
/// `raw` parsed as whatever domain value the caller wants (an id, a hostname, a group name);
/// tests write their values as text.
pub fn id<T: std::str::FromStr>(raw: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    raw.parse().unwrap()
}

/// The source tenant's hostname, parsed.
pub fn source_host(source: &SourceSeed) -> oem_hub::domain::TenantHostname {
    id(&source.source_hostname)
}

pub async fn job_done(engine: &Engine, id: &str) -> oem_hub::store::Job {
    tokio::time::timeout(Duration::from_secs(120), engine.wait_for_job(id))
        .await
        .unwrap_or_else(|_| panic!("job {id} did not end within two minutes"))
        .unwrap()
}

/// The crate's trunk output; browser tests need `trunk build --release` to have run.
pub fn dist_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist")
}

/// A new admin-scoped API token's secret (what automation in these tests uses).
pub async fn admin_token(store: &Store, name: &str) -> String {
    token_with(store, name, oem_hub::domain::TokenScope::Admin).await
}

/// A new API token with `scope`; its secret.
pub async fn token_with(store: &Store, name: &str, scope: oem_hub::domain::TokenScope) -> String {
    let token = oem_hub::store::NewApiToken {
        name: oem_hub::domain::TokenName::parse(name).unwrap(),
        scope,
        expires_at: None,
    };
    store
        .create_api_token(&token, "test", oem_hub::store::now_millis())
        .await
        .unwrap()
        .secret
        .into_inner()
}

/// The demo's options for a test: free ports, the built UI, the given lives (the data
/// directory is the test's own, set by `TestApp::start`).
fn demo_args(public_url: Option<url::Url>, embed_token_ttl: u64, session_check: u64) -> DemoArgs {
    DemoArgs {
        port: 0,
        emulator_port: 0,
        host_port: 0,
        data_dir: None,
        dist: dist_dir(),
        public_url,
        embed_token_ttl,
        session_check,
        no_customers: false,
    }
}

/// A running hub with its emulator; everything stops when it is dropped.
pub struct TestApp {
    pub hub_url: String,
    pub host_page_url: String,
    pub emulator: EmulatorHandle,
    pub source: SourceSeed,
    pub store: Store,
    pub admin_password: String,
    pub http: reqwest::Client,
    pub data_dir: PathBuf,
    /// The hub's clock: tests move it forward instead of waiting (sign-in backoff).
    pub clock: oem_hub::server::Clock,
    _stop: oneshot::Sender<()>,
    _dir: tempfile::TempDir,
}

impl TestApp {
    /// Starts emulator + hub on free ports with a fresh SQLite database.
    pub async fn spawn() -> TestApp {
        Self::spawn_with(None).await
    }

    /// `spawn`, embed tokens living `token_ttl_secs` and pages checking their tenant session
    /// every `session_check_secs` (token renewal in a page, within a test's time).
    pub async fn spawn_short_lived(token_ttl_secs: u64, session_check_secs: u64) -> TestApp {
        Self::spawn_with_lives(None, token_ttl_secs, session_check_secs).await
    }

    /// `spawn`, the hub knowing `public_url` as its public URL (tenants get reload webhooks).
    pub async fn spawn_public(public_url: &str) -> TestApp {
        let url = oem_hub::server::config::parse_public_url(public_url).expect("an https URL");
        Self::spawn_with(Some(url)).await
    }

    /// `spawn` without the demo's customers: the source tenant, its templates as modules, an
    /// admin, and nothing a test did not make itself.
    pub async fn bare() -> TestApp {
        Self::start(DemoArgs {
            no_customers: true,
            ..demo_args(None, 900, 60)
        })
        .await
    }

    async fn spawn_with(public_url: Option<url::Url>) -> TestApp {
        Self::spawn_with_lives(public_url, 900, 60).await
    }

    async fn spawn_with_lives(
        public_url: Option<url::Url>,
        embed_token_ttl: u64,
        session_check: u64,
    ) -> TestApp {
        Self::start(demo_args(public_url, embed_token_ttl, session_check)).await
    }

    async fn start(mut args: DemoArgs) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        // One signing key for all tests (generating RSA keys is slow): the jwt_login one.
        {
            use rsa::pkcs8::{EncodePrivateKey, LineEnding};
            let pem = crate::jwt_login::KEY.to_pkcs8_pem(LineEnding::LF).unwrap();
            std::fs::write(dir.path().join("signing-key.pem"), pem.as_bytes()).unwrap();
        }
        args.data_dir = Some(dir.path().to_owned());
        let demo = demo::start(&args).await.expect("demo starts");
        // Webhook deliveries to an `HttpsGate` trust its self-signed certificate.
        demo.emulator.state.lock().config.webhook_roots = vec![https_gate::root_pem().to_owned()];
        let (stop, stopped) = oneshot::channel::<()>();
        let hub_url = format!("http://127.0.0.1:{}", demo.hub_addr.port());
        let host_page_url = demo.host_page_url();
        let emulator = demo.emulator.clone();
        let source = demo.source.clone();
        let store = demo.hub.state().store.clone();
        let clock = demo.hub.state().clock.clone();
        let admin_password = demo
            .admin_password
            .clone()
            .expect("fresh database bootstraps admin");
        tokio::spawn(demo.run_until(dist_dir(), async {
            let _ = stopped.await;
        }));
        TestApp {
            hub_url,
            host_page_url,
            emulator,
            source,
            store,
            admin_password,
            http: reqwest::Client::new(),
            data_dir: dir.path().to_owned(),
            clock,
            _stop: stop,
            _dir: dir,
        }
    }

    /// A Qlik client with the seeded regional credentials, pointed at the emulator.
    pub fn qlik(&self) -> QlikClient {
        QlikClient::new(
            QlikEndpoint::emulator(self.emulator.port()),
            Credentials {
                client_id: self.source.client_id.clone(),
                client_secret: SecretString::from(self.source.client_secret.clone()),
            },
        )
        .unwrap()
    }

    /// A provisioning engine over this app's store and emulator, with fast polling and
    /// retries, calling `hooks` at every step boundary.
    pub fn engine_on(&self, store: Store, hooks: Hooks) -> Engine {
        use rsa::pkcs8::{EncodePublicKey, LineEnding};
        let pem = crate::jwt_login::KEY
            .to_public_key()
            .to_public_key_pem(LineEnding::LF)
            .unwrap();
        let jwt = JwtIdentity {
            issuer: "https://hub.partner.example".to_owned(),
            key_id: "hub-key-1".to_owned(),
            public_key_pem: pem,
        };
        self.engine_with(store, hooks, jwt)
    }

    /// `engine_on` with another JWT identity (a key rotation).
    pub fn engine_with(&self, store: Store, hooks: Hooks, jwt: JwtIdentity) -> Engine {
        let key = demo::demo_sealing_key(&self.data_dir).unwrap();
        let mut config = EngineConfig::new(source_host(&self.source), jwt, key);
        config.reload_poll = Duration::from_millis(20);
        config.poll = Duration::from_millis(50);
        config.retry_base = Duration::from_millis(50);
        config.retry_cap = Duration::from_millis(500);
        config.lease = Duration::from_secs(5);
        config.max_attempts = 2;
        config.hybrid_sync = Duration::from_millis(50);
        let client = self.qlik().with_retry_policy(RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(20),
            max_delay: Duration::from_secs(2),
        });
        Engine::with_hooks(store, client, config, hooks)
    }

    /// `engine_on` this app's own store, without hooks.
    pub fn engine(&self) -> Engine {
        self.engine_on(self.store.clone(), Hooks::default())
    }

    /// A request to the emulator for `host` (sent to 127.0.0.1 with that Host header, since
    /// the system resolver does not know `*.localhost`).
    pub fn emulator_request(
        &self,
        method: reqwest::Method,
        host: &(impl std::fmt::Display + ?Sized),
        path: &str,
    ) -> reqwest::RequestBuilder {
        self.http
            .request(
                method,
                format!("http://127.0.0.1:{}{path}", self.emulator.port()),
            )
            .header("host", format!("{host}:{}", self.emulator.port()))
    }

    /// Applies `slug` through the hub's REST API (the hub's own engine and [jwt] key) and
    /// waits for the job to succeed.
    pub async fn provision(&self, slug: &str) {
        let token = admin_token(&self.store, &format!("provision-{slug}")).await;
        let queued = self.rest(&token).apply(slug).await.expect("apply queued");
        let job = job_done(&self.engine(), &queued.id).await;
        assert_eq!(job.state, oem_hub::store::JobState::Succeeded, "{job:?}");
    }

    /// Signs in as the bootstrap admin; the full `Set-Cookie` value of the session.
    pub async fn admin_login(&self) -> String {
        let response = self
            .http
            .post(format!("{}/api/admin/login", self.hub_url))
            .form(&[
                ("username", "admin"),
                ("password", self.admin_password.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200);
        response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .to_owned()
    }

    /// The admin session cookie (`name=value`) for requests.
    pub async fn admin_cookie(&self) -> String {
        let set_cookie = self.admin_login().await;
        set_cookie.split(';').next().unwrap().to_owned()
    }

    /// The URL of the demo host page on `host_name` with extra query parameters.
    pub fn host_page(&self, host_name: &str, query: &str) -> String {
        let url = self
            .host_page_url
            .replacen("portal.us.localhost", host_name, 1);
        format!("{url}&{query}")
    }

    /// POSTs a raw body to a server function and returns status and JSON body.
    pub async fn post_raw(
        &self,
        path: &str,
        content_type: &str,
        body: impl Into<reqwest::Body>,
    ) -> (u16, serde_json::Value) {
        let response = self
            .http
            .post(format!("{}{path}", self.hub_url))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        let json = serde_json::from_str(&text)
            .unwrap_or_else(|_| panic!("{path} answered {status} with non-JSON body {text:?}"));
        (status, json)
    }

    /// Calls a server function with form-encoded arguments.
    pub async fn server_fn(&self, name: &str, args: &[(&str, &str)]) -> (u16, serde_json::Value) {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(args)
            .finish();
        self.post_raw(
            &format!("/api/{name}"),
            "application/x-www-form-urlencoded",
            body,
        )
        .await
    }
}
