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

/// Starts `oem-hub emulator` and returns it with the lines it printed up to `until`.
// The caller owns the child and waits for it.
#[allow(clippy::zombie_processes)]
fn start_emulator(args: &[&str], until: &str) -> (std::process::Child, Vec<String>) {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(env!("CARGO_BIN_EXE_oem-hub"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = Vec::new();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 {
            let status = child.wait();
            panic!("emulator exited early ({status:?}); printed {lines:?}");
        }
        let done = line.contains(until);
        lines.push(line);
        if done {
            // Keep draining so later output never meets a closed pipe.
            std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
            return (child, lines);
        }
    }
}

#[test]
fn emulator_state_file_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("emulator.db");
    let file = file.to_str().unwrap();
    let args = [
        "emulator",
        "--listen",
        "127.0.0.1:0",
        "--seed-demo",
        "us",
        "--state-file",
        file,
    ];
    let (child, lines) = start_emulator(&args, "OAuth client");
    assert!(
        lines.iter().any(|l| l.contains("source tenant")),
        "{lines:?}"
    );
    let stopped = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    let mut child = child;
    assert!(child.wait().unwrap().success(), "SIGTERM is a clean stop");

    let (mut again, lines) = start_emulator(&args, "source tenant");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("restored from the state file")),
        "{lines:?}"
    );
    again.kill().unwrap();
    again.wait().unwrap();
}
