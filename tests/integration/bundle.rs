//! What the hub serves to browsers (the admin UI and the end-user embed bundle) carries no
//! secret and no server-only code.

use crate::helpers::TestApp;

async fn fetch(app: &TestApp, path: &str) -> (String, Vec<u8>) {
    let resp = app
        .http
        .get(format!("{}{path}", app.hub_url))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200, "{path}");
    let cors = resp
        .headers()
        .get("access-control-allow-origin")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (cors, resp.bytes().await.unwrap().to_vec())
}

/// The script and wasm files `index.html` references.
fn referenced_assets(index: &str) -> Vec<String> {
    index
        .split(['"', '\''])
        .filter(|s| s.starts_with('/') && (s.ends_with(".js") || s.ends_with(".wasm")))
        .map(str::to_owned)
        .collect()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[tokio::test]
async fn browser_bundles_hold_no_secret_and_no_server_code() {
    let app = TestApp::spawn().await;
    let pem = std::fs::read_to_string(app.data_dir.join("signing-key.pem")).unwrap();
    let key_line = pem.lines().nth(5).unwrap().to_owned();
    let sealing = std::fs::read_to_string(app.data_dir.join("encryption.key")).unwrap();
    let mut secrets = vec![
        key_line,
        sealing.trim().to_owned(),
        app.source.client_secret.clone(),
        app.admin_password.clone(),
    ];
    secrets.retain(|s| s.len() >= 16);
    assert_eq!(
        secrets.len(),
        4,
        "every secret is long enough to search for"
    );
    let server_only = [
        "PRIVATE KEY",
        "INSERT INTO",
        "CREATE TABLE",
        "sqlx",
        "argon2",
        "chacha20poly1305",
        "reqwest",
        "axum",
        "tokio",
    ];

    let (_, index) = fetch(&app, "/").await;
    let mut files = referenced_assets(&String::from_utf8(index).unwrap());
    assert!(files.iter().any(|f| f.ends_with(".wasm")), "{files:?}");
    let embed = [
        "/embed/oem-hub.js",
        "/embed/oem-hub-embed.js",
        "/embed/oem-hub-embed_bg.wasm",
    ];
    for path in embed {
        let (cors, _) = fetch(&app, path).await;
        assert_eq!(
            cors, "*",
            "{path} is loadable by host pages on other origins"
        );
    }
    files.extend(embed.map(str::to_owned));
    for path in &files {
        let (_, body) = fetch(&app, path).await;
        assert!(body.len() > 1000, "{path} is a real asset");
        for secret in &secrets {
            assert!(!contains(&body, secret), "{path} holds a secret");
        }
        for marker in server_only {
            assert!(
                !contains(&body, marker),
                "{path} holds server-only code: {marker}"
            );
        }
    }
    // The check itself can see: the wasm does hold code of crates it uses.
    let (_, wasm) = fetch(&app, "/embed/oem-hub-embed_bg.wasm").await;
    assert!(
        contains(&wasm, "oem-hub-problem"),
        "the embed bundle's own strings are found"
    );
}

/// `bytes` as gzip at its best level (`gzip -9`, as `benches/bundle-size.sh` measures).
fn gzip_len(bytes: &[u8]) -> usize {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap().len()
}

#[tokio::test]
async fn the_end_user_bundle_stays_within_80_kb_gzip() {
    let app = TestApp::spawn().await;
    let mut total = 0;
    for path in [
        "/embed/oem-hub.js",
        "/embed/oem-hub-embed.js",
        "/embed/oem-hub-embed_bg.wasm",
    ] {
        let (_, body) = fetch(&app, path).await;
        let gz = gzip_len(&body);
        println!("{path}: {} bytes, {gz} gzip", body.len());
        total += gz;
    }
    println!("end-user payload: {total} bytes gzip");
    assert!(
        total <= 80 * 1024,
        "the end-user payload is {total} bytes gzip, over the 80 KB budget"
    );
}
