//! Host users whose ids differ only in case are different people, but Qlik's user filters
//! compare case-insensitively: each must still get a Qlik user, and a token, of their own.

use super::cross_tenant::{backend_token, embed_token, tenant_host};
use crate::helpers::TestApp;
use oem_hub::domain::{CustomerSlug, EmbeddingMode};
use reqwest::Method;
use serde_json::Value;

/// The subject and user id the tenant sees for `user`'s impersonation token.
async fn tenant_user(app: &TestApp, api: &str, user: &str) -> (String, String) {
    let embed = embed_token(app, api, "acme", user).await;
    let resp = app
        .http
        .post(format!("{}/api/v1/embed/qlik-token", app.hub_url))
        .bearer_auth(&embed)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let token: Value = resp.json().await.unwrap();
    let me: Value = app
        .emulator_request(
            Method::GET,
            &tenant_host(app, "acme").await,
            "/api/v1/users/me",
        )
        .bearer_auth(token["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let field = |k: &str| me[k].as_str().unwrap().to_owned();
    (field("subject"), field("id"))
}

#[tokio::test]
async fn users_differing_only_in_case_are_never_each_other() {
    let app = TestApp::spawn().await;
    let acme = CustomerSlug::parse("acme").unwrap();
    crate::proxy_ui::set_mode(&app, &acme, EmbeddingMode::Oauth).await;
    app.provision("acme").await;
    let api = backend_token(&app).await;
    let (lower, lower_id) = tenant_user(&app, &api, "ada").await;
    let (upper, upper_id) = tenant_user(&app, &api, "ADA").await;
    assert_eq!(lower, "oemhub:acme:ada");
    assert_eq!(upper, "oemhub:acme:ADA");
    assert_ne!(lower_id, upper_id, "two tenant users");
    // Asked again, each comes back to their own user.
    assert_eq!(tenant_user(&app, &api, "ADA").await, (upper, upper_id));
}
