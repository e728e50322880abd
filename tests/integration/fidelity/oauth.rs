//! OAuth fidelity (issue 14, points 3 and 7): impersonation needs the trusted consent method
//! (`connectionConfig.consentMethod`, `PATCH …/connection-configs/me`), oem-hub creates its
//! clients trusted, and `/oauth/token` takes client credentials by HTTP Basic too.

use crate::helpers::TestApp;
use crate::lists::Source;
use crate::users_spaces::bearer;
use crate::users_write::admin;
use oem_hub::domain::{CustomerSlug, EmbeddingMode, TokenScope};
use reqwest::Method;
use serde_json::{Value, json};

const IMPERSONATION: &str = "urn:qlik:oauth:user-impersonation";

/// `POST /oauth/token` on `host` with `body`, optionally with Basic credentials.
async fn token_request(
    app: &TestApp,
    host: &(impl std::fmt::Display + ?Sized),
    basic: Option<(&str, &str)>,
    body: Value,
) -> reqwest::Response {
    let mut req = app.emulator_request(Method::POST, host, "/oauth/token");
    if let Some((id, secret)) = basic {
        req = req.basic_auth(id, Some(secret));
    }
    req.json(&body).send().await.unwrap()
}

async fn error_code(resp: reqwest::Response) -> (u16, String) {
    let status = resp.status().as_u16();
    let body: Value = resp.json().await.unwrap();
    (
        status,
        body["errors"][0]["code"].as_str().unwrap_or("").to_owned(),
    )
}

/// A `web` client for impersonation with `extra` members.
fn web_client(extra: Value) -> Value {
    let mut body = json!({"appType": "web", "clientName": "backend",
        "allowedGrantTypes": [IMPERSONATION], "allowedScopes": ["user_default"]});
    let members = body.as_object_mut().unwrap();
    members.extend(extra.as_object().unwrap().clone());
    body
}

#[tokio::test]
async fn only_the_trusted_consent_may_be_set_at_creation_and_native_clients_have_no_origins() {
    let source = Source::new().await;
    for (body, field) in [
        (
            web_client(json!({"connectionConfig": {"consentMethod": "required"}})),
            "connectionConfig.consentMethod",
        ),
        (
            json!({"appType": "native", "clientName": "n", "allowedOrigins": ["https://a.example"]}),
            "allowedOrigins",
        ),
    ] {
        let (status, err) = source
            .call(Method::POST, "/api/v1/oauth-clients", Some(body))
            .await;
        assert_eq!(status, 400, "{field}");
        assert!(err.to_string().contains(field), "{err}");
    }
}

#[tokio::test]
async fn an_untrusted_client_is_refused_impersonation_until_its_consent_is_trusted() {
    let source = Source::new().await;
    let (app, host) = (&source.app, &source.host);
    let body = Some(web_client(json!({})));
    let (_, created) = source
        .call(Method::POST, "/api/v1/oauth-clients", body)
        .await;
    assert_eq!(created["connectionConfig"]["consentMethod"], "required");
    let (id, secret) = (
        created["clientId"].as_str().unwrap().to_owned(),
        created["clientSecret"].as_str().unwrap().to_owned(),
    );
    let ada = json!({"subject": "saas|ada"});
    source.call(Method::POST, "/api/v1/users", Some(ada)).await;
    let mint = || {
        token_request(
            app,
            host,
            None,
            json!({"client_id": id, "client_secret": secret, "grant_type": IMPERSONATION,
                "user_lookup": {"field": "subject", "value": "saas|ada"}}),
        )
    };
    let refused = error_code(mint().await).await;
    assert_eq!(refused, (400, "unauthorized_client".to_owned()));

    let config = format!("/api/v1/oauth-clients/{id}/connection-configs/me");
    let (_, read) = source.call(Method::GET, &config, None).await;
    assert_eq!(read["consentMethod"], "required");
    let sometimes = json!([{"op": "replace", "path": "/consentMethod", "value": "sometimes"}]);
    assert_eq!(
        source.call(Method::PATCH, &config, Some(sometimes)).await.0,
        400
    );
    let trust = json!([{"op": "replace", "path": "/consentMethod", "value": "trusted"}]);
    assert_eq!(
        source.call(Method::PATCH, &config, Some(trust)).await.0,
        204
    );
    assert_eq!(mint().await.status().as_u16(), 200, "trusted now");
}

/// An embed token for `user` of `customer`, as a partner backend gets it.
async fn embed_token(app: &TestApp, customer: &str, user: &str) -> String {
    let scope = TokenScope::Embed {
        customers: vec![CustomerSlug::parse(customer).unwrap()],
    };
    let api = crate::helpers::token_with(&app.store, "backend", scope).await;
    let body = json!({"customer": customer, "user": {"id": user, "name": "Ada",
        "email": "ada@acme.example", "groups": ["viewers"]}});
    let resp: Value = app
        .http
        .post(format!("{}/api/v1/embed/sessions", app.hub_url))
        .bearer_auth(api)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    resp["token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn oem_hub_creates_its_impersonation_client_trusted_and_impersonation_works() {
    let app = TestApp::spawn().await;
    let acme = CustomerSlug::parse("acme").unwrap();
    crate::proxy_ui::set_mode(&app, &acme, EmbeddingMode::Oauth).await;
    app.provision("acme").await;
    let observed = app.store.get_state(&acme).await.unwrap().observed;
    let (host, client_id) = (
        observed.hostname.unwrap(),
        observed.oauth_client_id.unwrap(),
    );
    let admin_token = bearer(&app, &host).await;
    let config: Value = admin(&app, &host, &admin_token)(
        Method::GET,
        &format!("/api/v1/oauth-clients/{client_id}/connection-configs/me"),
        Value::Null,
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(config["consentMethod"], "trusted", "{config}");

    let embed = embed_token(&app, "acme", "ada").await;
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
        .emulator_request(Method::GET, &host, "/api/v1/users/me")
        .bearer_auth(token["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["subject"], "oemhub:acme:ada", "{me}");
}

#[tokio::test]
async fn the_token_endpoint_takes_client_credentials_by_basic_or_in_the_body_never_both() {
    let app = TestApp::spawn().await;
    let host = crate::helpers::source_host(&app.source);
    let (id, secret) = (
        app.source.client_id.clone(),
        app.source.client_secret.clone(),
    );
    let grant = json!({"grant_type": "client_credentials"});
    let in_body =
        json!({"grant_type": "client_credentials", "client_id": id, "client_secret": secret});

    for (basic, body) in [
        (Some((id.as_str(), secret.as_str())), grant.clone()),
        (None, in_body.clone()),
    ] {
        let resp = token_request(&app, &host, basic, body).await;
        assert_eq!(resp.status().as_u16(), 200, "basic: {}", basic.is_some());
        let token: Value = resp.json().await.unwrap();
        let me = app
            .emulator_request(Method::GET, &host, "/api/v1/users/me")
            .bearer_auth(token["access_token"].as_str().unwrap())
            .send()
            .await
            .unwrap();
        assert!(me.status().is_success() || me.status().is_redirection());
    }

    // Both mechanisms at once, or ids that disagree: RFC 6749 §2.3 / §5.2 invalid_request.
    let both = token_request(&app, &host, Some((&id, &secret)), in_body).await;
    assert_eq!(error_code(both).await, (400, "invalid_request".to_owned()));
    let other_id = json!({"grant_type": "client_credentials", "client_id": "someone-else"});
    let mismatch = token_request(&app, &host, Some((&id, &secret)), other_id).await;
    assert_eq!(
        error_code(mismatch).await,
        (400, "invalid_request".to_owned())
    );

    // A failed Basic authentication is a 401 challenging Basic; a failed body one is not.
    let wrong = token_request(&app, &host, Some((&id, "wrong")), grant.clone()).await;
    let challenge = wrong.headers().get("www-authenticate").cloned();
    assert_eq!(error_code(wrong).await, (401, "invalid_client".to_owned()));
    assert!(
        challenge.is_some_and(|c| c.to_str().unwrap().starts_with("Basic")),
        "WWW-Authenticate: Basic"
    );
    let wrong_body =
        json!({"grant_type": "client_credentials", "client_id": id, "client_secret": "wrong"});
    let wrong = token_request(&app, &host, None, wrong_body).await;
    assert!(wrong.headers().get("www-authenticate").is_none());
    assert_eq!(wrong.status().as_u16(), 401);
}
