//! Configuration by environment (item 6): the secrets the README says to put in the
//! environment take effect there, and a malformed one is named in the error, never echoed.

use oem_hub::store::{SealingKey, Store};
use secrecy::ExposeSecret;
use std::path::Path;
use std::process::{Command, Output};

/// A config file with no secret in it, as the README recommends.
fn secretless_config(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("hub.toml");
    let db = dir.join("hub.db");
    std::fs::write(
        &file,
        format!(
            "database_url = \"sqlite://{}\"\n[qlik]\nsource_tenant = \"partner-dev.us.localhost\"\n\
             client_id = \"client-1\"\n[jwt]\nissuer = \"https://hub.partner.example\"\nkey_id = \"k1\"\n",
            db.display()
        ),
    )
    .unwrap();
    file
}

fn signing_key_pem() -> String {
    use rsa::pkcs8::{EncodePrivateKey, LineEnding};
    crate::jwt_login::KEY
        .to_pkcs8_pem(LineEnding::LF)
        .unwrap()
        .to_string()
}

fn oem_hub(config: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_oem-hub"));
    cmd.arg("--config").arg(config).args(args);
    cmd.env_remove("OEM_HUB_CONFIG");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

#[tokio::test]
async fn secrets_set_only_in_the_environment_take_effect() {
    let dir = tempfile::tempdir().unwrap();
    let config = secretless_config(dir.path());
    let key = SealingKey::generate_base64();
    let pem = signing_key_pem();
    // Digits only: once read as a number and refused with the value quoted in the error.
    let client_secret = "80417326591";
    let out = oem_hub(
        &config,
        &[
            ("OEM_HUB_ENCRYPTION_KEY", key.expose_secret()),
            ("OEM_HUB_JWT__PRIVATE_KEY_PEM", &pem),
            ("OEM_HUB_QLIK__CLIENT_SECRET", client_secret),
            ("OEM_HUB_PROVISIONING__LEASE_SECS", "45"),
        ],
        &["customers", "list"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains(client_secret), "{stderr}");
    // The engine was built from them: the source tenant's secret is the environment's,
    // sealed with the environment's key.
    let store = Store::connect(&format!("sqlite://{}", dir.path().join("hub.db").display()))
        .await
        .unwrap();
    let source = store.get_source().await.unwrap().expect("source recorded");
    let opened = SealingKey::from_base64(&key)
        .unwrap()
        .open(&source.secret_sealed)
        .unwrap();
    assert_eq!(opened.expose_secret(), client_secret);
}

#[test]
fn a_malformed_secret_in_the_environment_is_named_not_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let config = secretless_config(dir.path());
    let key = SealingKey::generate_base64();
    let out = oem_hub(
        &config,
        &[
            ("OEM_HUB_ENCRYPTION_KEY", key.expose_secret()),
            ("OEM_HUB_JWT__PRIVATE_KEY_PEM", "[\"s3cr3t-key-material\"]"),
        ],
        &["customers", "list"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("OEM_HUB_JWT__PRIVATE_KEY_PEM"), "{stderr}");
    assert!(!stderr.contains("s3cr3t"), "{stderr}");
}
