//! Proxy overhead: the same tenant sheet page fetched directly from the emulator and through
//! the hub's same-site tenant proxy, on loopback, in one run. Prints p50/p99 latency of each
//! (sequential) and throughput through the proxy (32 concurrent clients).
//! `cargo bench --bench proxy_overhead`.

#![allow(clippy::unwrap_used)] // a benchmark: any failure should stop it loudly

use oem_hub::cli::demo::{self, DemoArgs, PROXY_HOST};
use oem_hub::domain::{CustomerSlug, ModuleKey};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::{Duration, Instant};

const SEQUENTIAL: usize = 2000;
const CONCURRENCY: usize = 32;
const LOAD_SECONDS: u64 = 5;

struct Target {
    url: String,
    host: String,
    cookie: String,
}

async fn get(http: &reqwest::Client, t: &Target) {
    let resp = http
        .get(&t.url)
        .header("host", &t.host)
        .header("cookie", &t.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    resp.bytes().await.unwrap();
}

async fn latencies(http: &reqwest::Client, t: &Target) -> Vec<f64> {
    let mut out = Vec::with_capacity(SEQUENTIAL);
    for _ in 0..SEQUENTIAL {
        let started = Instant::now();
        get(http, t).await;
        out.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    out.sort_by(f64::total_cmp);
    out
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn throughput(http: &reqwest::Client, t: Target) -> f64 {
    let t = std::sync::Arc::new(t);
    let deadline = Instant::now() + Duration::from_secs(LOAD_SECONDS);
    let workers: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (http, t) = (http.clone(), t.clone());
            tokio::spawn(async move {
                let mut n = 0u64;
                while Instant::now() < deadline {
                    get(&http, &t).await;
                    n += 1;
                }
                n
            })
        })
        .collect();
    let mut total = 0;
    for w in workers {
        total += w.await.unwrap();
    }
    total as f64 / LOAD_SECONDS as f64
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let dist = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist");
    let args = DemoArgs {
        port: 0,
        emulator_port: 0,
        host_port: 0,
        data_dir: Some(dir.path().to_owned()),
        dist: dist.clone(),
        public_url: None,
        embed_token_ttl: 900,
        session_check: 60,
        no_customers: false,
    };
    let demo = demo::start(&args).await.expect("demo starts");
    let hub_port = demo.hub_addr.port();
    let emu_port = demo.emulator.port();
    let store = demo.hub.state().store.clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(demo.run_until(dist, async {
        let _ = stopped.await;
    }));
    let hub = format!("http://127.0.0.1:{hub_port}");
    let http = reqwest::Client::new();
    let api = store
        .create_api_token(
            &oem_hub::store::NewApiToken {
                name: oem_hub::domain::TokenName::parse("bench").unwrap(),
                scope: oem_hub::domain::TokenScope::Admin,
                expires_at: None,
            },
            "bench",
            oem_hub::store::now_millis(),
        )
        .await
        .unwrap()
        .secret
        .into_inner();
    let job: Value = http
        .post(format!("{hub}/api/v1/customers/acme/apply"))
        .bearer_auth(&api)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    loop {
        let j = store.get_job(job["id"].as_str().unwrap()).await.unwrap();
        if j.state.is_final() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let acme = CustomerSlug::parse("acme").unwrap();
    let observed = store.get_state(&acme).await.unwrap().observed;
    let tenant = observed.hostname.unwrap();
    let app = observed.deployments[&ModuleKey::parse("sales").unwrap()]
        .published_app_id
        .clone()
        .unwrap();
    let path = format!("/single/?appid={app}&sheet=salesOverview");
    let session: Value = http
        .post(format!("{hub}/api/v1/embed/sessions"))
        .bearer_auth(&api)
        .json(&json!({"customer": "acme", "user": {"id": "ada", "name": "Ada", "email": "ada@acme.example", "groups": ["viewers"]}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = session["token"].as_str().unwrap();
    // Direct: the browser's own tenant session (JWT from the hub, login at the tenant).
    let login: Value = http
        .post(format!("{hub}/api/v1/embed/qlik-jwt"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let signed_in = http
        .post(format!("http://127.0.0.1:{emu_port}/login/jwt-session"))
        .header("host", format!("{tenant}:{emu_port}"))
        .bearer_auth(login["jwt"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    let tenant_cookie = signed_in
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned())
        .collect::<Vec<_>>()
        .join("; ");
    // Proxied: the proxy's first-party cookie.
    let opened = http
        .post(format!("{hub}/oem-hub/session"))
        .header("host", format!("{PROXY_HOST}:{hub_port}"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let proxy_cookie = opened.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let direct = Target {
        url: format!("http://127.0.0.1:{emu_port}{path}"),
        host: format!("{tenant}:{emu_port}"),
        cookie: tenant_cookie,
    };
    let proxied = Target {
        url: format!("http://127.0.0.1:{hub_port}{path}"),
        host: format!("{PROXY_HOST}:{hub_port}"),
        cookie: proxy_cookie,
    };
    for t in [&direct, &proxied] {
        for _ in 0..200 {
            get(&http, t).await; // warm-up: connections, first sign-in
        }
    }
    let d = latencies(&http, &direct).await;
    let p = latencies(&http, &proxied).await;
    let rps = throughput(&http, proxied).await;
    drop(stop);
    println!("proxy overhead, {SEQUENTIAL} sequential GETs of a sheet page each (loopback):");
    println!(
        "  direct   p50 {:.3} ms · p99 {:.3} ms",
        pct(&d, 0.5),
        pct(&d, 0.99)
    );
    println!(
        "  proxied  p50 {:.3} ms · p99 {:.3} ms",
        pct(&p, 0.5),
        pct(&p, 0.99)
    );
    println!(
        "  overhead p50 {:.3} ms · p99 {:.3} ms (target p50 ≤ 1 ms)",
        pct(&p, 0.5) - pct(&d, 0.5),
        pct(&p, 0.99) - pct(&d, 0.99)
    );
    println!("  through the proxy with {CONCURRENCY} clients: {rps:.0} requests/s (target ≥ 2000)");
}
