//! Users created and given groups through the API, then impersonated: what a backend using
//! OAuth impersonation does, since such tokens carry no groups claim.

use crate::helpers::TestApp;
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

#[tokio::test]
async fn users_are_created_given_groups_and_impersonated() {
    let app = TestApp::spawn().await;
    let source = crate::helpers::source_host(&app.source);
    let token = crate::users_spaces::bearer(&app, &source).await;
    let call = admin(&app, &source, &token);
    let created = call(
        Method::POST,
        "/api/v1/users",
        json!({"subject": "saas|ada", "name": "Ada", "email": "ada@acme.example"}),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(created.status().as_u16(), 201);
    let user: Value = created.json().await.unwrap();
    assert_eq!(
        (&user["subject"], &user["assignedGroups"]),
        (&json!("saas|ada"), &json!([]))
    );
    let again = call(
        Method::POST,
        "/api/v1/users",
        json!({"subject": "saas|ada"}),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(again.status().as_u16(), 409);
    let empty = call(Method::POST, "/api/v1/users", json!({"subject": " "}))
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status().as_u16(), 400);

    // Groups must exist; a refused patch changes nothing.
    let path = format!("/api/v1/users/{}", user["id"].as_str().unwrap());
    let groups = json!([{"op": "replace", "path": "/assignedGroups",
        "value": [{"name": "viewers", "providerType": "idp"}]}]);
    let both = json!([{"op": "replace", "path": "/name", "value": "Ada L."},
        {"op": "replace", "path": "/assignedGroups", "value": [{"name": "viewers", "providerType": "idp"}]}]);
    let refused = call(Method::PATCH, &path, both.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status().as_u16(), 400);
    let made = call(Method::POST, "/api/v1/groups", json!({"name": "viewers"}))
        .send()
        .await
        .unwrap();
    assert!(made.status().is_success(), "{}", made.status());
    assert_eq!(
        call(Method::PATCH, &path, groups)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        204
    );
    let read: Value = call(Method::GET, &path, Value::Null)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(read["name"], "Ada", "the refused patch left the name");
    assert_eq!(read["assignedGroups"][0]["name"], "viewers");

    // The backend impersonates the user by subject; the tenant sees that user.
    let body: Value = app
        .emulator_request(Method::POST, &source, "/oauth/token")
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
    let me = no_redirects
        .get(format!(
            "http://127.0.0.1:{}/api/v1/users/me",
            app.emulator.port()
        ))
        .header("host", format!("{source}:{}", app.emulator.port()))
        .bearer_auth(ada)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status().as_u16(), 301);
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
