//! Host-signed JWTs: lifetime measured from now (a future `iat` stretches nothing), one embed
//! session per `jti` on every replica (the record is in the shared database), `crit` refused.

use crate::helpers::TestApp;
use crate::store::for_each_backend;
use chrono::{Duration, Utc};
use jwt_compact::{AlgorithmExt, Claims, Header, alg::Es256};
use oem_hub::cli::demo::HOST_ISSUER;
use serde_json::{Value, json};

fn host_key(app: &TestApp) -> p256::ecdsa::SigningKey {
    use p256::pkcs8::DecodePrivateKey;
    let pem = std::fs::read_to_string(app.data_dir.join("host-app-key.pem")).unwrap();
    p256::ecdsa::SigningKey::from_pkcs8_pem(&pem).unwrap()
}

fn host_jwt(app: &TestApp, header: Value, jti: &str, iat: Duration, lifetime: Duration) -> String {
    let mut claims = Claims::new(json!({
        "iss": HOST_ISSUER, "aud": "oem-hub", "sub": "ada", "name": "Ada",
        "email": "ada@acme.example", "groups": ["viewers"], "customer": "acme", "jti": jti,
    }));
    let now = Utc::now();
    claims.issued_at = Some(now + iat);
    claims.expiration = Some(now + lifetime);
    Es256
        .token(&Header::new(header), &claims, &host_key(app))
        .unwrap()
}

async fn trade(app: &TestApp, jwt: &str) -> (u16, Value) {
    let resp = app
        .http
        .post(format!("{}/api/v1/embed/host-sessions", app.hub_url))
        .json(&json!({ "jwt": jwt }))
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.json().await.unwrap())
}

#[tokio::test]
async fn a_host_jwt_opens_one_session_lives_from_now_and_has_no_crit() {
    let app = TestApp::spawn().await;
    let five = Duration::minutes(5);
    let once = host_jwt(&app, json!({}), "j-1", Duration::zero(), five);
    assert_eq!(trade(&app, &once).await.0, 201);
    let (status, replay) = trade(&app, &once).await;
    assert_eq!(status, 401, "{replay}");
    assert!(
        replay["message"].as_str().unwrap().contains("already used"),
        "{replay}"
    );

    // A year-long token claiming to have been issued almost a year from now.
    let year = Duration::days(365);
    let stretched = host_jwt(&app, json!({}), "j-2", year - Duration::minutes(9), year);
    let (status, body) = trade(&app, &stretched).await;
    assert_eq!(status, 401, "{body}");

    let critical = host_jwt(
        &app,
        json!({"crit": ["x-ext"], "x-ext": true}),
        "j-3",
        Duration::zero(),
        five,
    );
    let (status, body) = trade(&app, &critical).await;
    assert_eq!(status, 401, "{body}");
    assert!(body["message"].as_str().unwrap().contains("crit"), "{body}");

    let no_jti = host_jwt(&app, json!({}), "", Duration::zero(), five);
    let (status, body) = trade(&app, &no_jti).await;
    assert_eq!(status, 401, "{body}");
    assert!(body["message"].as_str().unwrap().contains("jti"), "{body}");
}

#[tokio::test]
async fn jti_records_are_shared_and_forgotten_after_expiry_on_every_backend() {
    for_each_backend(|store| async move {
        let later = Utc::now().timestamp_millis() + 60_000;
        assert!(store.consume_host_jti("saas", "j", later).await.unwrap());
        assert!(
            !store.consume_host_jti("saas", "j", later).await.unwrap(),
            "replay"
        );
        assert!(
            store.consume_host_jti("other", "j", later).await.unwrap(),
            "per app"
        );
        let past = Utc::now().timestamp_millis() - 1;
        assert!(store.consume_host_jti("saas", "old", past).await.unwrap());
        // Past its expiry the record is swept; the token itself is refused as expired.
        assert!(store.consume_host_jti("saas", "old", later).await.unwrap());
    })
    .await;
}
