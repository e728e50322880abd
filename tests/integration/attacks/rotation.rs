//! Key rotation without downtime: while the hub holds the old key beside the new one, every
//! tenant keeps signing users in, before its apply moves it to the new key and after.

use super::cross_tenant::{login_at, tenant_host};
use crate::helpers::TestApp;
use oem_hub::domain::CustomerSlug;
use serde_json::json;

#[tokio::test]
async fn a_rotated_key_keeps_every_tenant_signing_in_before_and_after_apply() {
    use oem_hub::provision::JwtIdentity;
    use oem_hub::server::config::{JwtSettings, PreviousKey};
    use oem_hub::server::signer::{JwtSigner, qlik_jwt_for};
    use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
    use secrecy::SecretString;
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    let acme = CustomerSlug::parse("acme").unwrap();
    let host = tenant_host(&app, "acme").await;
    let old_pem = crate::jwt_login::KEY.to_pkcs8_pem(LineEnding::LF).unwrap();
    let new_key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).unwrap();
    let new_pem = new_key.to_pkcs8_pem(LineEnding::LF).unwrap();
    let issuer = "https://hub.oem-hub.localhost";
    // The operator rotates: a new current key, the old one kept until every tenant moved.
    let rotating = JwtSigner::from_settings(&JwtSettings {
        issuer: issuer.to_owned(),
        key_id: "demo-key-2".to_owned(),
        private_key_pem: SecretString::from(new_pem.to_string()),
        previous_keys: vec![PreviousKey {
            key_id: "demo-key-1".to_owned(),
            private_key_pem: SecretString::from(old_pem.to_string()),
        }],
    })
    .unwrap();
    let user: oem_hub::domain::EmbedUser =
        serde_json::from_value(json!({"id": "ada", "name": "Ada", "email": "ada@x.example"}))
            .unwrap();
    let sign_in = |observed: oem_hub::store::Observed| {
        let (jwt, _) = qlik_jwt_for(Some(&rotating), &acme, &user, &observed).unwrap();
        jwt
    };
    let before = app.store.get_state(&acme).await.unwrap().observed;
    assert_eq!(
        login_at(&app, &host, &sign_in(before.clone())).await.0,
        200,
        "not applied yet"
    );

    let public = new_key
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap();
    let engine = app.engine_with(
        app.store.clone(),
        oem_hub::provision::Hooks::default(),
        JwtIdentity {
            issuer: issuer.to_owned(),
            key_id: "demo-key-2".to_owned(),
            public_key_pem: public,
        },
    );
    let plan = engine.plan(&acme, false).await.unwrap();
    assert!(
        plan.steps
            .iter()
            .any(|s| s.label() == "jwt identity provider"),
        "{:?}",
        plan.steps
    );
    engine.apply(&acme).await.unwrap();
    let after = app.store.get_state(&acme).await.unwrap().observed;
    assert_eq!(after.idp_key_id.as_deref(), Some("demo-key-2"));
    assert_eq!(
        login_at(&app, &host, &sign_in(after)).await.0,
        200,
        "applied"
    );
    // The old key is no longer trusted by the tenant.
    let stale = qlik_jwt_for(Some(&rotating), &acme, &user, &before)
        .unwrap()
        .0;
    assert_eq!(login_at(&app, &host, &stale).await.0, 401);
}
