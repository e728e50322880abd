//! The binary's command line: clear help, one-line errors, non-zero exits, no panics.

use std::process::{Command, Output};

fn oem_hub(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oem-hub"))
        .args(args)
        .env_remove("OEM_HUB_CONFIG")
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn help_lists_every_subcommand() {
    let out = oem_hub(&["--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for word in ["serve", "emulator", "demo", "--config"] {
        assert!(help.contains(word), "{word} missing from:\n{help}");
    }
    let out = oem_hub(&["emulator", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    for word in [
        "register.<region>.<domain>",
        "/oauth/token",
        "--seed-demo",
        "Regions: us eu",
    ] {
        assert!(help.contains(word), "{word} missing from:\n{help}");
    }
    for sub in ["serve", "demo"] {
        assert!(oem_hub(&[sub, "--help"]).status.success(), "{sub} --help");
    }
}

#[test]
fn wrong_flag_is_one_line_and_exit_2() {
    let out = oem_hub(&["serve", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("--no-such-flag"), "{err}");
}

#[test]
fn unreadable_or_invalid_config_is_one_line_and_exit_1() {
    let out = oem_hub(&["--config", "/nonexistent/hub.toml", "serve"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("/nonexistent/hub.toml"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hub.toml");
    std::fs::write(&file, "listen = \"not an address\"\n").unwrap();
    let out = oem_hub(&["--config", file.to_str().unwrap(), "serve"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("listen") && !err.contains("panicked"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn unsupported_database_url_is_a_clear_error() {
    let out = oem_hub(&[
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--database-url",
        "mysql://u:pw@h/db",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("unsupported database URL") && !err.contains("pw@"),
        "{err}"
    );
}

#[test]
fn invalid_region_for_the_emulator_seed_is_refused() {
    let out = oem_hub(&["emulator", "--seed-demo", "mars"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("mars"), "{}", stderr(&out));
}
