//! Attacks that already failed when the suite was written, kept here so they keep failing:
//! steering the proxy by path or by a smuggled request, driving the console from another site,
//! and algorithm confusion on host JWTs.

use super::cross_tenant::{backend_token, embed_token};
use crate::helpers::TestApp;
use oem_hub::cli::demo::{HOST_ISSUER, PROXY_HOST};
use oem_hub::domain::{CustomerSlug, ModuleKey};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn published(app: &TestApp, slug: &str) -> (String, String) {
    let state = app
        .store
        .get_state(&CustomerSlug::parse(slug).unwrap())
        .await
        .unwrap();
    let id = state.observed.deployments[&ModuleKey::parse("sales").unwrap()]
        .published_app_id
        .clone()
        .unwrap();
    (state.observed.hostname.unwrap().to_string(), id.to_string())
}

/// Sends `raw` to the hub and reads until it closes the connection.
async fn raw(app: &TestApp, request: String) -> String {
    let port = url::Url::parse(&app.hub_url).unwrap().port().unwrap();
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut answer),
    )
    .await;
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn path_tricks_and_smuggled_requests_do_not_reach_another_tenant() {
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    app.provision("globex").await;
    let api = backend_token(&app).await;
    let token = embed_token(&app, &api, "acme", "ada").await;
    let port = url::Url::parse(&app.hub_url).unwrap().port().unwrap();
    let cookie = crate::proxy::proxy_cookie(&app, &token).await;
    let (globex_host, globex_app) = published(&app, "globex").await;
    let emu = app.emulator.port();
    let sheet = format!("/single/?appid={globex_app}&sheet=salesOverview");
    for target in [
        format!("//{globex_host}:{emu}{sheet}"),
        format!("/..//{globex_host}:{emu}{sheet}"),
        format!("/%2e%2e/{globex_host}{sheet}"),
        format!("@{globex_host}:{emu}{sheet}"),
    ] {
        let answer = raw(
            &app,
            format!(
                "GET {target} HTTP/1.1\r\nHost: {PROXY_HOST}:{port}\r\nCookie: {cookie}\r\n\
                 Connection: close\r\n\r\n"
            ),
        )
        .await;
        assert!(!answer.contains("Turbines"), "{target}: {answer}");
    }
    // A request smuggled behind a body whose length the two framings disagree on.
    let smuggled = format!(
        "POST /api/v1/temp-contents HTTP/1.1\r\nHost: {PROXY_HOST}:{port}\r\nCookie: {cookie}\r\n\
         Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n\
         GET {sheet} HTTP/1.1\r\nHost: {globex_host}:{emu}\r\nConnection: close\r\n\r\n"
    );
    let answer = raw(&app, smuggled).await;
    assert!(!answer.contains("Turbines"), "{answer}");
}

#[tokio::test]
async fn another_site_cannot_drive_the_admin_console_with_its_cookie() {
    let app = TestApp::spawn().await;
    let cookie = app.admin_login().await;
    assert!(
        cookie.contains("SameSite=Strict") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let forged = app
        .http
        .post(format!("{}/api/admin/customers", app.hub_url))
        .header("cookie", &cookie)
        .header("origin", "http://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status().as_u16(), 403);
    let own = app
        .http
        .post(format!("{}/api/admin/customers", app.hub_url))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(own.status().as_u16(), 200);
}

#[tokio::test]
async fn a_host_jwt_signed_with_the_public_key_as_an_hmac_secret_is_refused() {
    use jwt_compact::alg::{Hs256, Hs256Key};
    use jwt_compact::{AlgorithmExt, Claims, Header};
    use p256::pkcs8::{DecodePrivateKey, EncodePublicKey, LineEnding};
    let app = TestApp::spawn().await;
    let pem = std::fs::read_to_string(app.data_dir.join("host-app-key.pem")).unwrap();
    let key = p256::ecdsa::SigningKey::from_pkcs8_pem(&pem).unwrap();
    let public = key
        .verifying_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap();
    let mut claims = Claims::new(json!({
        "iss": HOST_ISSUER, "aud": "oem-hub", "sub": "eve", "name": "Eve",
        "email": "eve@acme.example", "customer": "acme", "jti": "confused",
    }));
    claims.expiration = Some(chrono::Utc::now() + chrono::Duration::minutes(5));
    let confused = Hs256
        .token(&Header::empty(), &claims, &Hs256Key::new(public.as_bytes()))
        .unwrap();
    let resp = app
        .http
        .post(format!("{}/api/v1/embed/host-sessions", app.hub_url))
        .json(&json!({ "jwt": confused }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 401);
}
