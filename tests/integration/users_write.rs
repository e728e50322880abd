//! Users created and given groups through the API, then impersonated: what a backend using
//! OAuth impersonation does, since such tokens carry no groups claim.

use crate::helpers::TestApp;
use crate::lists::Source;
use reqwest::Method;
use serde_json::{Value, json};

/// Calls on `host`'s API as a tenant admin (bearer `token`), JSON body included.
pub fn admin<'a>(
    app: &'a TestApp,
    host: &'a (impl std::fmt::Display + ?Sized),
    token: &'a str,
) -> impl Fn(Method, &str, Value) -> reqwest::RequestBuilder + 'a {
    move |method, path, body| {
        app.emulator_request(method, host, path)
            .bearer_auth(token)
            .json(&body)
    }
}

/// Ada, created on the source tenant of a bare hub; the tenant and her user as answered.
async fn ada() -> (Source, Value) {
    let source = Source::new().await;
    let body = json!({"subject": "saas|ada", "name": "Ada", "email": "ada@acme.example"});
    let (status, user) = source.call(Method::POST, "/api/v1/users", Some(body)).await;
    assert_eq!(status, 201, "{user}");
    (source, user)
}

#[tokio::test]
async fn a_user_is_created_once_by_subject() {
    let (source, user) = ada().await;
    let made = (&user["subject"], &user["assignedGroups"]);
    assert_eq!(made, (&json!("saas|ada"), &json!([])));
    let again = json!({"subject": "saas|ada"});
    let (status, _) = source
        .call(Method::POST, "/api/v1/users", Some(again))
        .await;
    assert_eq!(status, 409);
    let empty = json!({"subject": " "});
    let (status, _) = source
        .call(Method::POST, "/api/v1/users", Some(empty))
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn groups_must_exist_and_a_refused_patch_changes_nothing() {
    let (source, user) = ada().await;
    let path = format!("/api/v1/users/{}", user["id"].as_str().unwrap());
    let viewers = json!([{"name": "viewers", "providerType": "idp"}]);
    let groups = json!([{"op": "replace", "path": "/assignedGroups", "value": viewers}]);
    let both = json!([{"op": "replace", "path": "/name", "value": "Ada L."},
        {"op": "replace", "path": "/assignedGroups", "value": viewers}]);
    let (status, _) = source.call(Method::PATCH, &path, Some(both)).await;
    assert_eq!(status, 400, "no group viewers yet");
    let group = json!({"name": "viewers"});
    let (status, made) = source
        .call(Method::POST, "/api/v1/groups", Some(group))
        .await;
    assert!((200..300).contains(&status), "{status}: {made}");
    assert_eq!(source.call(Method::PATCH, &path, Some(groups)).await.0, 204);
    let (_, read) = source.call(Method::GET, &path, None).await;
    assert_eq!(read["name"], "Ada", "the refused patch left the name");
    assert_eq!(read["assignedGroups"][0]["name"], "viewers");
}

#[tokio::test]
async fn a_backend_impersonates_a_user_by_subject() {
    let (source, user) = ada().await;
    let app = &source.app;
    let body: Value = app
        .emulator_request(Method::POST, &source.host, "/oauth/token")
        .json(
            &json!({"client_id": app.source.client_id, "client_secret": app.source.client_secret,
            "grant_type": "urn:qlik:oauth:user-impersonation",
            "user_lookup": {"field": "subject", "value": "saas|ada"}}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ada = body["access_token"].as_str().unwrap();
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let port = app.emulator.port();
    let me = no_redirects
        .get(format!("http://127.0.0.1:{port}/api/v1/users/me"))
        .header("host", format!("{}:{port}", source.host))
        .bearer_auth(ada)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status().as_u16(), 301);
    let path = format!("/api/v1/users/{}", user["id"].as_str().unwrap());
    assert_eq!(
        me.headers()["location"],
        path.as_str(),
        "the token acts as Ada"
    );
}

/// A tenant OAuth client made for impersonation mints users' tokens on its own tenant only;
/// its secret is answered once; a client without the grant is refused it.
#[tokio::test]
async fn a_tenant_client_impersonates_users_of_its_tenant() {
    let app = TestApp::spawn().await;
    let source = crate::helpers::source_host(&app.source);
    let token = crate::users_spaces::bearer(&app, &source).await;
    let call = admin(&app, &source, &token);
    let bad = call(
        Method::POST,
        "/api/v1/oauth-clients",
        json!({"appType": "spa", "clientName": "x", "allowedGrantTypes": ["client_credentials"]}),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(bad.status().as_u16(), 400);
    // Impersonation needs the trusted consent method (see fidelity::oauth).
    let web = json!({"appType": "web", "clientName": "oem-hub impersonation",
        "allowedGrantTypes": ["urn:qlik:oauth:user-impersonation"], "allowedScopes": ["user_default"],
        "connectionConfig": {"consentMethod": "trusted"}});
    let created = call(Method::POST, "/api/v1/oauth-clients", web)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status().as_u16(), 201);
    let client: Value = created.json().await.unwrap();
    let (id, secret) = (
        client["clientId"].as_str().unwrap(),
        client["clientSecret"].as_str().unwrap(),
    );
    let listed: Value = call(Method::GET, "/api/v1/oauth-clients", Value::Null)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["data"][0]["clientId"], id);
    assert!(
        !listed.to_string().contains(secret),
        "the secret is answered once"
    );
    let user = call(Method::POST, "/api/v1/users", json!({"subject": "saas|bo"}))
        .send()
        .await
        .unwrap();
    let user: Value = user.json().await.unwrap();

    let mint = |host: oem_hub::domain::TenantHostname, grant: &'static str| {
        app.emulator_request(Method::POST, &host, "/oauth/token")
            .json(
                &json!({"client_id": id, "client_secret": secret, "grant_type": grant,
                "user_lookup": {"field": "userId", "value": user["id"]}}),
            )
            .send()
    };
    let ok = mint(source.clone(), "urn:qlik:oauth:user-impersonation")
        .await
        .unwrap();
    assert_eq!(ok.status().as_u16(), 200);
    let refused = mint(source.clone(), "client_credentials").await.unwrap();
    assert_eq!(
        refused.status().as_u16(),
        400,
        "the client was not given this grant"
    );
    app.provision("acme").await;
    let acme = oem_hub::domain::CustomerSlug::parse("acme").unwrap();
    let other = app
        .store
        .get_state(&acme)
        .await
        .unwrap()
        .observed
        .hostname
        .unwrap();
    let elsewhere = mint(other, "urn:qlik:oauth:user-impersonation")
        .await
        .unwrap();
    assert_eq!(
        elsewhere.status().as_u16(),
        401,
        "a tenant's client is its own"
    );
}
