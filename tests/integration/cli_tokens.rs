//! `oem-hub tokens create|list|rotate|revoke` through the real binary on a TestApp's database:
//! the scope is always stated, bad flags are one-line errors, and what the CLI does holds for
//! the running hub at once.

use crate::cli_provision::{config, oem_hub, text};
use crate::helpers::TestApp;
use serde_json::json;

async fn session(app: &TestApp, secret: &str, customer: &str) -> u16 {
    let body = json!({"customer": customer,
        "user": {"id": "ada", "name": "Ada", "email": "ada@acme.example", "groups": []}});
    app.http
        .post(format!("{}/api/v1/embed/sessions", app.hub_url))
        .bearer_auth(secret)
        .json(&body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn bad_token_commands_are_one_line_errors_with_their_exit_code() {
    let app = TestApp::spawn().await;
    let cfg = config(&app);
    for (command, code, says) in [
        ("tokens create backend", 2, "required arguments"),
        ("tokens create backend --scope root", 2, "root"),
        ("tokens create backend --scope embed", 1, "at least one"),
        (
            "tokens create b --scope admin --customer acme",
            1,
            "only an embed token",
        ),
        (
            "tokens create b --scope embed --customer nobody",
            1,
            "unknown customer nobody",
        ),
        (
            "tokens create b --scope admin --expires-in-days 0",
            1,
            "expires_in_days",
        ),
        ("tokens rotate acme", 1, "id: must be tok_"),
        ("tokens revoke tok_000000000000000000000000", 1, "not found"),
    ] {
        let args: Vec<&str> = command.split_whitespace().collect();
        let out = oem_hub(&cfg, &args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{command}: {err}");
        assert!(
            err.contains(says) && err.lines().count() == 1,
            "{command}: {err}"
        );
    }
}

#[tokio::test]
async fn tokens_are_created_with_a_stated_scope_listed_rotated_and_revoked() {
    let app = TestApp::spawn().await;
    let cfg = config(&app);
    let created = oem_hub(
        &cfg,
        &[
            "tokens",
            "create",
            "backend",
            "--scope",
            "embed",
            "--customer",
            "acme",
            "--expires-in-days",
            "30",
        ],
    );
    assert!(created.status.success(), "{}", text(&created.stderr));
    let secret = text(&created.stdout).trim().to_owned();
    assert!(secret.starts_with("ohk_"), "{secret}");
    assert_eq!(session(&app, &secret, "acme").await, 201);
    assert_eq!(session(&app, &secret, "globex").await, 403);

    let listed = text(&oem_hub(&cfg, &["tokens", "list"]).stdout);
    let line = listed
        .lines()
        .find(|l| l.contains("backend"))
        .unwrap()
        .to_owned();
    assert!(
        line.contains("embed:acme") && line.contains("active"),
        "{line}"
    );
    assert!(!listed.contains("ohk_"), "no secret is listed: {listed}");
    let id = line.split_whitespace().next().unwrap().to_owned();

    let rotated = oem_hub(&cfg, &["tokens", "rotate", &id]);
    assert!(rotated.status.success(), "{}", text(&rotated.stderr));
    let new_secret = text(&rotated.stdout).trim().to_owned();
    assert_eq!(session(&app, &secret, "acme").await, 401);
    assert_eq!(session(&app, &new_secret, "acme").await, 201);

    assert!(oem_hub(&cfg, &["tokens", "revoke", &id]).status.success());
    assert_eq!(session(&app, &new_secret, "acme").await, 401);
    let listed = text(&oem_hub(&cfg, &["tokens", "list"]).stdout);
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with(&id) && l.contains("revoked")),
        "{listed}"
    );
}
