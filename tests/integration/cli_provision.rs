//! The provisioning verbs through the real binary against a TestApp's emulator and database:
//! one-line errors for bad specs, plan/apply/retire, and an `apply` killed with SIGKILL
//! mid-way that a second `apply` finishes without a second tenant.

use crate::helpers::TestApp;
use oem_hub::domain::CustomerSlug;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// A config file pointing the binary at `app`'s database and emulator.
pub fn config(app: &TestApp) -> PathBuf {
    let read = |name: &str| std::fs::read_to_string(app.data_dir.join(name)).unwrap();
    let toml = format!(
        r#"database_url = "sqlite://{db}"
encryption_key = "{key}"

[jwt]
issuer = "https://hub.partner.example"
key_id = "hub-key-1"
private_key_pem = """{pem}"""

[qlik]
domain = "localhost"
scheme = "http"
port = {port}
emulator = true
source_tenant = "{source}"
client_id = "{id}"
client_secret = "{secret}"

[provisioning]
lease_secs = 1
"#,
        db = app.data_dir.join("hub.db").display(),
        key = read("encryption.key").trim(),
        pem = read("signing-key.pem"),
        port = app.emulator.port(),
        source = app.source.source_hostname,
        id = app.source.client_id,
        secret = app.source.client_secret,
    );
    let path = app.data_dir.join("cli.toml");
    std::fs::write(&path, toml).unwrap();
    path
}

pub fn oem_hub(config: &PathBuf, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oem-hub"))
        .arg("--config")
        .arg(config)
        .args(args)
        .output()
        .unwrap()
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn spec_file(app: &TestApp, name: &str, origin: &str) -> String {
    let spec = serde_json::json!({
        "slug": name, "display_name": "CLI Co", "region": "us", "origins": [origin],
        "modules": ["sales"], "group_roles": {"viewers": "consumer"},
        "data_connection": {"type": "sqlite", "connection_string": app.data_dir.join("acme-data.db").display().to_string()},
    });
    let path = app.data_dir.join(format!("{name}.json"));
    std::fs::write(&path, spec.to_string()).unwrap();
    path.display().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customers_are_added_planned_applied_and_retired_from_the_command_line() {
    let app = TestApp::spawn().await;
    oem_hub::cli::demo::data::write_customer_db(
        &app.data_dir,
        &oem_hub::cli::demo::data::DEMO_CUSTOMERS[0],
    )
    .await
    .unwrap();
    let cfg = config(&app);
    let bad = oem_hub(
        &cfg,
        &[
            "customers",
            "add",
            "--file",
            &spec_file(&app, "cli-co", "https://x.example/path"),
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    let err = text(&bad.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: origins[0]:"), "{err}");

    let added = oem_hub(
        &cfg,
        &[
            "customers",
            "add",
            "--file",
            &spec_file(&app, "cli-co", "https://x.example"),
        ],
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    let plan = text(&oem_hub(&cfg, &["plan", "cli-co"]).stdout);
    assert!(
        plan.contains("1. create tenant") && plan.contains("publish sales"),
        "{plan}"
    );

    let applied = oem_hub(&cfg, &["apply", "cli-co"]);
    assert!(
        applied.status.success(),
        "{}{}",
        text(&applied.stdout),
        text(&applied.stderr)
    );
    assert!(text(&applied.stdout).contains("1 applied, 0 failed"));
    let plan = text(&oem_hub(&cfg, &["plan", "cli-co", "--refresh"]).stdout);
    assert!(plan.contains("up to date"), "{plan}");
    let list = text(&oem_hub(&cfg, &["customers", "list"]).stdout);
    assert!(
        list.lines()
            .any(|l| l.starts_with("cli-co") && l.contains("succeeded")),
        "{list}"
    );

    let retired = oem_hub(
        &cfg,
        &["customers", "retire", "cli-co", "--purge-after-days", "10"],
    );
    assert!(retired.status.success(), "{}", text(&retired.stderr));
    let again = oem_hub(&cfg, &["apply", "cli-co"]);
    assert!(
        !again.status.success() && text(&again.stderr).contains("retired"),
        "{}",
        text(&again.stderr)
    );
    let token = oem_hub(&cfg, &["tokens", "create", "ci", "--scope", "admin"]);
    assert!(token.status.success());
    let token = text(&token.stdout).trim().to_owned();
    assert!(token.starts_with("ohk_"), "{token}");
    let listed = app
        .http
        .get(format!("{}/api/v1/customers/cli-co", app.hub_url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.status().as_u16(), 200);
    let unknown = oem_hub(&cfg, &["plan", "nobody"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(text(&unknown.stderr).contains("customer nobody not found"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_apply_killed_mid_way_is_finished_by_the_next_one_without_duplicates() {
    let app = TestApp::spawn().await;
    oem_hub::cli::demo::data::write_customer_db(
        &app.data_dir,
        &oem_hub::cli::demo::data::DEMO_CUSTOMERS[0],
    )
    .await
    .unwrap();
    let cfg = config(&app);
    assert!(
        oem_hub(
            &cfg,
            &[
                "customers",
                "add",
                "--file",
                &spec_file(&app, "kill-co", "https://k.example")
            ]
        )
        .status
        .success()
    );
    let slug = CustomerSlug::parse("kill-co").unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_oem-hub"))
        .arg("--config")
        .arg(&cfg)
        .args(["apply", "kill-co"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the tenant exists and configuration is under way, then SIGKILL.
    let limit = std::time::Duration::from_secs(60);
    crate::helpers::wait_until("the web integration", limit, || {
        let ended = child.try_wait().unwrap().is_some();
        let store = app.store.clone();
        let slug = slug.clone();
        async move {
            let state = store.get_state(&slug).await.unwrap().observed;
            assert!(
                !ended || state.web_integration_id.is_some(),
                "apply ended before it could be killed"
            );
            state.web_integration_id.map(|_| ())
        }
    })
    .await;
    child.kill().unwrap();
    child.wait().unwrap();
    let job = app
        .store
        .active_job(&slug)
        .await
        .unwrap()
        .expect("the killed apply's job is unfinished");
    assert_eq!(job.state, oem_hub::store::JobState::Running);

    let resumed = oem_hub(&cfg, &["apply", "kill-co"]);
    assert!(
        resumed.status.success(),
        "{}{}",
        text(&resumed.stdout),
        text(&resumed.stderr)
    );
    let observed = app.store.get_state(&slug).await.unwrap().observed;
    assert_eq!(
        crate::provision::census(&app, &observed).await,
        (1, 1, 2, 1)
    );
}
