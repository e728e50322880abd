//! The hub's own surface (item 9): security headers on its pages (not on the embed bundle
//! partners load), `/api/status` telling anonymous callers only `ok`, origins compared with
//! their scheme, and the data directory's database readable by its owner only.

use crate::helpers::TestApp;
use serde_json::Value;

#[tokio::test]
async fn the_hub_pages_refuse_framing_and_sniffing_but_the_embed_bundle_stays_loadable() {
    let app = TestApp::spawn().await;
    for path in ["/", "/admin"] {
        let response = app
            .http
            .get(format!("{}{path}", app.hub_url))
            .send()
            .await
            .unwrap();
        let h = response.headers();
        let csp = h
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp:?}");
        assert_eq!(
            h.get("x-content-type-options").unwrap(),
            "nosniff",
            "{path}"
        );
        assert!(h.contains_key("referrer-policy"), "{path}");
    }
    let response = app
        .http
        .get(format!("{}/embed/oem-hub.js", app.hub_url))
        .header("origin", "http://portal.us.localhost")
        .send()
        .await
        .unwrap();
    let h = response.headers();
    assert_eq!(h.get("access-control-allow-origin").unwrap(), "*");
    assert!(!h.contains_key("content-security-policy"));
    assert!(!h.contains_key("x-frame-options"));
}

#[tokio::test]
async fn anonymous_status_says_only_ok() {
    let app = TestApp::spawn().await;
    let (status, body) = app.server_fn("status", &[]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["ok"], true);
    let text = body.to_string();
    for secret in ["0.1.0", "sqlite", "customers", "localhost"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    // An admin still sees the details.
    let cookie = app.admin_cookie().await;
    let body: Value = app
        .http
        .post(format!("{}/api/status", app.hub_url))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["details"]["customers"], 2, "{body}");
    assert_eq!(body["details"]["database"], "sqlite", "{body}");
}

#[tokio::test]
async fn an_origin_with_another_scheme_is_not_the_hub() {
    let app = TestApp::spawn().await;
    // The demo hub is served over plain http: an https page on the same host:port is another
    // origin (and the reverse for a hub behind TLS).
    let other_scheme = app.hub_url.replacen("http://", "https://", 1);
    let response = app
        .http
        .post(format!("{}/api/admin/login", app.hub_url))
        .header("origin", other_scheme)
        .form(&[
            ("username", "admin"),
            ("password", app.admin_password.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
    assert!(response.headers().get("set-cookie").is_none());
    let response = app
        .http
        .post(format!("{}/api/admin/login", app.hub_url))
        .header("origin", app.hub_url.clone())
        .form(&[
            ("username", "admin"),
            ("password", app.admin_password.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
}

#[cfg(unix)]
#[tokio::test]
async fn the_data_directory_files_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let app = TestApp::spawn().await;
    for name in ["hub.db", "hub.db-wal", "encryption.key", "acme-data.db"] {
        let path = app.data_dir.join(name);
        let Ok(meta) = std::fs::metadata(&path) else {
            assert_eq!(name, "hub.db-wal", "{name} missing");
            continue;
        };
        let mode = meta.permissions().mode() & 0o777;
        assert_eq!(mode & 0o077, 0, "{name} is {mode:o}");
    }
}
