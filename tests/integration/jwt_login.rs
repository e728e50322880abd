//! Qlik's embedding sign-in against the emulator: a tenant configured through the client
//! (JWT IdP, web integration, CSP), then `/login/jwt-session` with good and bad tokens.

use crate::helpers::TestApp;
use chrono::{Duration, Utc};
use jwt_compact::alg::{Rsa, RsaPrivateKey};
use jwt_compact::{AlgorithmExt, Claims, Header};
use reqwest::Method;
use rsa::pkcs8::{EncodePublicKey, LineEnding};
use serde_json::{Value, json};
use std::sync::LazyLock;

const ISSUER: &str = "https://hub.partner.example";
const KID: &str = "hub-key-1";
pub const HOST_ORIGIN: &str = "http://host.localhost:4000";

pub static KEY: LazyLock<RsaPrivateKey> =
    LazyLock::new(|| RsaPrivateKey::new(&mut rand::thread_rng(), 2048).unwrap());

pub struct Tenant {
    pub host: oem_hub::domain::TenantHostname,
    pub integration: oem_hub::domain::WebIntegrationId,
}

/// Creates a tenant and configures it the way Qlik's configure-a-tenant tutorial does.
pub async fn configured_tenant(app: &TestApp) -> Tenant {
    let qlik = app.qlik();
    let tenant = qlik
        .create_tenant(oem_hub::domain::Region::Us, &app.source.license_key)
        .await
        .unwrap();
    let host = tenant.hostnames[0].clone();
    let pem = KEY
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap()
        .replace('\n', "");
    let idp = qlik
        .tenant(&host)
        .create_jwt_identity_provider(ISSUER, KID, &pem, "oem-hub")
        .await
        .unwrap();
    assert_eq!(
        (idp.protocol.as_str(), idp.provider.as_str()),
        ("jwtAuth", "external")
    );
    let integration = qlik
        .tenant(&host)
        .create_web_integration("partner", &[HOST_ORIGIN])
        .await
        .unwrap();
    assert_eq!(integration.valid_origins, [HOST_ORIGIN]);
    let csp = qlik
        .tenant(&host)
        .create_frame_ancestor("partner", HOST_ORIGIN)
        .await
        .unwrap();
    assert_eq!(csp.frame_ancestors, Some(true));
    Tenant {
        host,
        integration: integration.id,
    }
}

pub fn claims(overrides: Value) -> Value {
    let mut claims = json!({
        "sub": "acme\\ada", "subType": "user", "name": "Ada Lovelace", "email": "ada@acme.example",
        "email_verified": true, "groups": ["viewers"], "jti": format!("{}", rand::random::<u64>()),
        "iss": ISSUER, "aud": "qlik.api/login/jwt-session",
    });
    if let (Some(base), Some(extra)) = (claims.as_object_mut(), overrides.as_object()) {
        base.extend(extra.clone());
    }
    claims
}

pub fn sign(custom: Value, key: &RsaPrivateKey, window_seconds: i64) -> String {
    let now = Utc::now();
    let mut c = Claims::new(custom);
    c.issued_at = Some(now);
    c.not_before = Some(now - Duration::seconds(5));
    c.expiration = Some(now - Duration::seconds(5) + Duration::seconds(window_seconds));
    Rsa::rs256()
        .token(&Header::empty().with_key_id(KID), &c, key)
        .unwrap()
}

pub async fn login(
    app: &TestApp,
    tenant: &Tenant,
    jwt: &str,
    origin: Option<&str>,
) -> reqwest::Response {
    let mut req = app
        .emulator_request(Method::POST, &tenant.host, "/login/jwt-session")
        .query(&[("qlik-web-integration-id", tenant.integration.as_str())])
        .bearer_auth(jwt);
    if let Some(origin) = origin {
        req = req.header("origin", origin);
    }
    req.send().await.unwrap()
}

pub fn session_cookie(response: &reqwest::Response) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("eas.sid="))
        .expect("eas.sid cookie")
}

#[tokio::test]
async fn jwt_login_creates_the_user_and_a_session() {
    let app = TestApp::spawn().await;
    let tenant = configured_tenant(&app).await;
    let response = login(
        &app,
        &tenant,
        &sign(claims(json!({})), &KEY, 300),
        Some(HOST_ORIGIN),
    )
    .await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        HOST_ORIGIN
    );
    assert_eq!(
        response.headers()["access-control-allow-credentials"],
        "true"
    );
    let cookie = session_cookie(&response);
    assert!(
        cookie.contains("SameSite=None")
            && cookie.contains("Secure")
            && !cookie.contains("Partitioned"),
        "{cookie}"
    );

    let sid = cookie.split(';').next().unwrap().to_owned();
    let me = app
        .emulator_request(Method::GET, &tenant.host, "/api/v1/users/me")
        .header("cookie", &sid)
        .send()
        .await
        .unwrap();
    // Qlik answers 301 to /api/v1/users/{id}; the client follows it.
    assert!(me.url().path().starts_with("/api/v1/users/") && me.url().path() != "/api/v1/users/me");
    let user: Value = me.json().await.unwrap();
    assert_eq!(
        (user["subject"].as_str(), user["name"].as_str()),
        (Some("acme\\ada"), Some("Ada Lovelace"))
    );

    let csrf = app
        .emulator_request(Method::GET, &tenant.host, "/api/v1/csrf-token")
        .header("cookie", &sid)
        .send()
        .await
        .unwrap();
    assert_eq!(csrf.status().as_u16(), 204);
    assert!(csrf.headers().contains_key("qlik-csrf-token"));
}

#[tokio::test]
async fn bad_tokens_are_refused_with_the_reason() {
    let app = TestApp::spawn().await;
    let tenant = configured_tenant(&app).await;
    let other_key = RsaPrivateKey::new(&mut rand::thread_rng(), 2048).unwrap();
    let cases = [
        (
            "bad signature",
            sign(claims(json!({})), &other_key, 300),
            "invalid signature",
        ),
        (
            "wrong audience",
            sign(claims(json!({"aud": "qlik.api"})), &KEY, 300),
            "aud must be",
        ),
        (
            "window over 3600 s",
            sign(claims(json!({})), &KEY, 3601),
            "at most 3600",
        ),
        (
            "wrong issuer",
            sign(claims(json!({"iss": "https://evil"})), &KEY, 300),
            "iss does not match",
        ),
    ];
    for (name, jwt, reason) in cases {
        let response = login(&app, &tenant, &jwt, None).await;
        assert_eq!(response.status().as_u16(), 401, "{name}");
        assert!(response.headers().get("set-cookie").is_none(), "{name}");
        let body: Value = response.json().await.unwrap();
        let detail = body["errors"][0]["detail"].as_str().unwrap_or_default();
        assert!(detail.contains(reason), "{name}: {body}");
    }
}

#[tokio::test]
async fn origins_outside_the_web_integration_are_refused() {
    let app = TestApp::spawn().await;
    let tenant = configured_tenant(&app).await;
    let jwt = sign(claims(json!({})), &KEY, 300);
    let response = login(&app, &tenant, &jwt, Some("http://evil.localhost:4000")).await;
    assert_eq!(response.status().as_u16(), 403);
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
    let body: Value = response.json().await.unwrap();
    assert!(
        body["errors"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("validOrigins"),
        "{body}"
    );

    // A preflight from an allowed origin is answered; a state change without CSRF is not.
    let preflight = app
        .emulator_request(Method::OPTIONS, &tenant.host, "/login/jwt-session")
        .query(&[("qlik-web-integration-id", tenant.integration.as_str())])
        .header("origin", HOST_ORIGIN)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "authorization")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status().as_u16(), 204);
    assert_eq!(
        preflight.headers()["access-control-allow-origin"],
        HOST_ORIGIN
    );
}

#[tokio::test]
async fn identity_provider_payloads_are_validated() {
    let app = TestApp::spawn().await;
    let tenant = configured_tenant(&app).await;
    let qlik = app.qlik();
    let err = qlik
        .tenant(&tenant.host)
        .create_jwt_identity_provider(
            ISSUER,
            "k2",
            "-----BEGIN PUBLIC KEY-----bm9wZQ==-----END PUBLIC KEY-----",
            "x",
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err}");
    let err = qlik
        .tenant(&tenant.host)
        .create_web_integration("bad", &["https://*.partner.com"])
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err}");
    let err = qlik
        .tenant(&tenant.host)
        .create_web_integration("bad", &["https://partner.com/app"])
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err}");
}
