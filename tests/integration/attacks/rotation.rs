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

#[tokio::test]
async fn a_tenant_refusing_a_second_identical_jwt_idp_gets_the_old_one_replaced() {
    use reqwest::Method;
    let app = TestApp::spawn().await;
    app.provision("acme").await;
    let acme = CustomerSlug::parse("acme").unwrap();
    let host = tenant_host(&app, "acme").await;
    let token = crate::lists::bearer(&app, &host).await;
    // Someone renamed oem-hub's IdP and the hub forgot which issuer it holds: apply must make
    // one with the same issuer and key id, which the tenant refuses (400) while the old exists.
    let mut observed = app.store.get_state(&acme).await.unwrap().observed;
    let old_id = observed.idp_id.clone().unwrap();
    let renamed = app
        .emulator_request(
            Method::PATCH,
            &host,
            &format!("/api/v1/identity-providers/{old_id}"),
        )
        .bearer_auth(&token)
        .json(&json!([{"op": "replace", "path": "/description", "value": "oem-hub legacy"}]))
        .send()
        .await
        .unwrap();
    assert_eq!(renamed.status().as_u16(), 204);
    observed.idp_issuer = None;
    app.store
        .save_observed(&acme, &observed, None)
        .await
        .unwrap();

    let resp = app
        .http
        .post(format!("{}/api/v1/customers/acme/apply", app.hub_url))
        .bearer_auth(crate::helpers::admin_token(&app.store, "ops").await)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 202);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let after = loop {
        let state = app.store.get_state(&acme).await.unwrap();
        if state.observed.idp_issuer.is_some() {
            break state.observed;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{:?}",
            state.last_result
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert_ne!(after.idp_id.as_ref(), Some(&old_id));
    let idps: serde_json::Value = app
        .emulator_request(Method::GET, &host, "/api/v1/identity-providers")
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let jwt: Vec<_> = idps["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["protocol"] == "jwtAuth")
        .collect();
    assert_eq!(jwt.len(), 1, "{idps}");
    assert_eq!(jwt[0]["id"], after.idp_id.unwrap().as_str());
}
