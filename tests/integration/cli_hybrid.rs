//! `oem-hub hybrid …` through the real binary: one-line refusals, the values to enter on the
//! client-managed site, the token read from a file, adoption and status.

use crate::cli_provision::{config, oem_hub, text};
use crate::helpers::TestApp;
use crate::hybrid_site::{distribute, sales_insights, site_deployment};
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deployment_is_set_up_connected_and_synced_from_the_command_line() {
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    let cfg = config(&app);

    let out = oem_hub(&cfg, &["hybrid", "status", "acme"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("has no hybrid deployment") && err.lines().count() == 1,
        "{err}"
    );
    let out = oem_hub(
        &cfg,
        &[
            "hybrid",
            "setup",
            "acme",
            "--site",
            "https://qse",
            "--name",
            "x",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with("error: site_host: "),
        "{}",
        text(&out.stderr)
    );

    let out = oem_hub(
        &cfg,
        &[
            "hybrid",
            "setup",
            "acme",
            "--site",
            crate::hybrid_site::SITE,
            "--name",
            "acme cli",
        ],
    );
    let shown = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        shown.contains("Condition:              ((subject.name=\"acme cli\"))"),
        "{shown}"
    );
    assert!(
        shown.contains("Audience:               qlik.api"),
        "{shown}"
    );

    let out = oem_hub(&cfg, &["hybrid", "status", "acme", "--json"]);
    let view: oem_hub::wire::HybridView = serde_json::from_slice(&out.stdout).unwrap();
    let (deployment, token) = site_deployment(&app, &view.values).await;
    let file = app.data_dir.join("token.json");
    std::fs::write(&file, &token).unwrap();
    let out = oem_hub(
        &cfg,
        &["hybrid", "token", "acme", "--file", file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(": connected"),
        "{}",
        text(&out.stdout)
    );

    let (status, _) = distribute(&app, &deployment, sales_insights("Overview")).await;
    assert_eq!(status, 200);
    let out = oem_hub(&cfg, &["hybrid", "sync", "acme"]);
    let shown = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(shown.contains("✓ Sales Insights"), "{shown}");
    assert!(
        shown.contains("Product mix (qseSunburst) — extensions: d3-sunburst: hidden until exposed"),
        "{shown}"
    );
    let out = oem_hub(&cfg, &["hybrid", "status", "acme", "--json"]);
    let view: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(view["apps"][0]["module_key"], json!("qse-sales-insights"));
    let secret: Value = serde_json::from_str(&token).unwrap();
    let secret = secret["base64Encoded"].as_str().unwrap();
    assert!(
        !text(&out.stdout).contains(secret),
        "the token is never printed"
    );
}
