//! Admin sign-in (item 5): password guessing is throttled per account and per client address
//! with backoff, audited, and the operator can always let the admin back in from the CLI.

use crate::helpers::TestApp;
use std::process::Command;
use std::time::Duration;

/// One sign-in attempt: status, `retry-after`, and the session cookie when one was set.
async fn sign_in(app: &TestApp, password: &str) -> (u16, Option<String>, Option<String>) {
    let response = app
        .http
        .post(format!("{}/api/admin/login", app.hub_url))
        .form(&[("username", "admin"), ("password", password)])
        .send()
        .await
        .unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    (
        response.status().as_u16(),
        header("retry-after"),
        header("set-cookie"),
    )
}

#[tokio::test]
async fn fifty_five_wrong_passwords_lock_the_right_one_out_until_the_backoff_passes() {
    let app = TestApp::spawn().await;
    let mut statuses = Vec::new();
    for i in 0..55 {
        statuses.push(sign_in(&app, &format!("guess-{i}")).await.0);
    }
    // Five typos are free; the sixth failure locks the address, which is then refused
    // without a password check.
    assert!(statuses[..6].iter().all(|s| *s == 401), "{statuses:?}");
    assert!(statuses[6..].iter().all(|s| *s == 429), "{statuses:?}");

    let (status, retry_after, cookie) = sign_in(&app, &app.admin_password).await;
    assert_eq!(status, 429, "the right password is refused while throttled");
    assert!(cookie.is_none());
    let secs: u64 = retry_after.expect("retry-after").parse().unwrap();
    assert!((1..=15 * 60).contains(&secs), "{secs}");

    // Every refusal and the lockout are in the audit log, with the client address.
    let audit = app.store.query_audit(None, 1000).await.unwrap();
    let events = |method: &str| {
        audit
            .iter()
            .filter(|e| e.method == method && e.host == "127.0.0.1")
            .count()
    };
    assert!(events("LOCKOUT") >= 1, "{audit:?}");
    assert_eq!(events("SIGN-IN"), 49 + 1, "{audit:?}");
    assert!(audit.iter().any(|e| e.path.contains("account=admin")));

    app.clock.advance(Duration::from_secs(secs + 1));
    let (status, _, cookie) = sign_in(&app, &app.admin_password).await;
    assert_eq!(status, 200, "after the backoff the right password works");
    assert!(cookie.is_some());
    // A success forgets the failures: the next typo is a plain 401 again.
    assert_eq!(sign_in(&app, "typo").await.0, 401);
}

fn oem_hub_admin(app: &TestApp, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_oem-hub"))
        .arg("admin")
        .args(args)
        .env_remove("OEM_HUB_CONFIG")
        .env(
            "OEM_HUB_DATABASE_URL",
            format!("sqlite://{}", app.data_dir.join("hub.db").display()),
        )
        .output()
        .unwrap()
}

#[tokio::test]
async fn the_cli_lets_the_admin_back_in_at_once() {
    let app = TestApp::spawn().await;
    for i in 0..20 {
        sign_in(&app, &format!("guess-{i}")).await;
    }
    assert_eq!(sign_in(&app, &app.admin_password).await.0, 429);

    let out = oem_hub_admin(&app, &["unlock", "admin"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(sign_in(&app, &app.admin_password).await.0, 200);
    let audit = app.store.query_audit(None, 1000).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.method == "UNLOCK" && e.host == "cli")
    );

    // A lost password: reset prints a new one, the old one stops working.
    let out = oem_hub_admin(&app, &["reset-password", "admin"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let new_password = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    assert_eq!(new_password.len(), 20);
    assert_eq!(sign_in(&app, &app.admin_password).await.0, 401);
    assert_eq!(sign_in(&app, &new_password).await.0, 200);

    let out = oem_hub_admin(&app, &["reset-password", "nobody"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no admin"));
}

#[tokio::test]
async fn a_burst_of_parallel_guesses_gets_no_more_than_the_free_attempts() {
    let app = TestApp::spawn().await;
    let guesses = (0..30).map(|i| {
        let app = &app;
        async move { sign_in(app, &format!("burst-{i}")).await.0 }
    });
    let statuses = futures::future::join_all(guesses).await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    // Each attempt is counted before its password is checked: five free ones and the one
    // that locks; all the others are refused unchecked.
    assert_eq!((checked, refused), (6, 24), "{statuses:?}");
}

/// The throttle lives in the config database, so replicas share it: attempts racing on
/// several connections (as on several replicas) each get their own count, on both backends,
/// and the lock the SQL computes is `Backoff::delay`'s.
#[tokio::test]
async fn racing_attempts_on_the_shared_database_are_each_counted() {
    use oem_hub::store::{Backoff, ThrottleScope};
    let backoff = Backoff {
        free: 4,
        base: Duration::from_secs(60),
        cap: Duration::from_secs(600),
    };
    crate::store::for_each_backend(|store| async move {
        let now = 1_000_000;
        let attempts = (0..20).map(|_| {
            let store = store.clone();
            async move {
                store
                    .reserve_sign_in_attempt(
                        ThrottleScope::Address,
                        "192.0.2.1",
                        now,
                        0,
                        true,
                        &backoff,
                    )
                    .await
                    .unwrap()
            }
        });
        let outcomes = futures::future::join_all(attempts).await;
        let passed = outcomes.iter().filter(|o| o.is_ok()).count();
        assert_eq!(passed, 5, "{outcomes:?}");
        let failures = store
            .sign_in_failures(ThrottleScope::Address, "192.0.2.1", 0)
            .await
            .unwrap();
        assert_eq!((failures.count, failures.locked_until), (5, now + 60_000));
        // Without honouring the lock (the admin's known address on a locked account), counts
        // go on and the lock doubles, as the pure function says, up to its cap.
        for count in 6..=12u32 {
            let got = store
                .reserve_sign_in_attempt(
                    ThrottleScope::Address,
                    "192.0.2.1",
                    now,
                    0,
                    false,
                    &backoff,
                )
                .await
                .unwrap()
                .unwrap();
            let want = now + i64::try_from(backoff.delay(count).as_millis()).unwrap();
            assert_eq!((got.count, got.locked_until), (count, want), "{count}");
        }
        // Another subject is not held by it.
        let other = store
            .reserve_sign_in_attempt(ThrottleScope::Address, "192.0.2.2", now, 0, true, &backoff)
            .await
            .unwrap();
        assert!(other.is_ok());
    })
    .await;
}
